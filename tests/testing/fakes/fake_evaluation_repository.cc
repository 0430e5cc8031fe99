#include "tests/testing/fakes/fake_evaluation_repository.h"

#include <google/protobuf/timestamp.pb.h>

#include <algorithm>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

google::protobuf::Timestamp EvaluationMillis(absl::Time now) {
  return db::MillisToTimestamp(absl::ToUnixMillis(now));
}

// `evaluation` as reading its row back gives it: the times of its columns to the millisecond,
// an unset one left unset (NULL); the times inside the detail, such as the dispute's, are JSON
// and keep their precision.
v1::Evaluation StoredForm(v1::Evaluation evaluation) {
  auto cut = [](google::protobuf::Timestamp* time) {
    *time = db::MillisToTimestamp(db::TimestampToMillis(*time));
  };
  if (evaluation.has_create_time()) cut(evaluation.mutable_create_time());
  if (evaluation.has_update_time()) cut(evaluation.mutable_update_time());
  if (evaluation.has_submit_time()) cut(evaluation.mutable_submit_time());
  if (evaluation.has_acknowledge_time()) cut(evaluation.mutable_acknowledge_time());
  if (evaluation.has_dispute_deadline_time()) cut(evaluation.mutable_dispute_deadline_time());
  return evaluation;
}

int64_t RowVersion(const v1::Evaluation& evaluation) {
  int64_t version = 0;
  (void)absl::SimpleAtoi(evaluation.etag(), &version);
  return version;
}

absl::Status InteractionNotFound(int64_t interaction_id) {
  return absl::NotFoundError(absl::StrCat("interaction ", interaction_id, " not found"));
}

absl::Status EvaluationNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("evaluation ", id, " not found"));
}

bool Matches(const db::EvaluationFilter& filter, const v1::Evaluation& e) {
  if (!filter.agent_employee_id.empty() && e.agent_employee_id() != filter.agent_employee_id) {
    return false;
  }
  if (!filter.agent_employee_ids.empty() &&
      std::find(filter.agent_employee_ids.begin(), filter.agent_employee_ids.end(),
                e.agent_employee_id()) == filter.agent_employee_ids.end()) {
    return false;
  }
  if (!filter.team_id.empty() && e.team_id() != filter.team_id) return false;
  if (!filter.evaluator_employee_id.empty() &&
      e.evaluator_employee_id() != filter.evaluator_employee_id) {
    return false;
  }
  if (!filter.scorecard_id.empty() && e.scorecard_id() != filter.scorecard_id) return false;
  if (filter.band != 0 && e.band() != filter.band) return false;
  if (filter.state != 0 && e.state() != filter.state) return false;
  if (filter.interaction_id != 0 && e.interaction_id() != filter.interaction_id) return false;
  if (filter.exclude_drafts && e.state() == v1::EVALUATION_STATE_DRAFT) return false;
  // A draft has no submit time (NULL), which no range lets through.
  if ((filter.submitted_from_ms || filter.submitted_to_ms) && !e.has_submit_time()) return false;
  const int64_t submit_ms = db::TimestampToMillis(e.submit_time());
  if (filter.submitted_from_ms && submit_ms < *filter.submitted_from_ms) return false;
  if (filter.submitted_to_ms && submit_ms >= *filter.submitted_to_ms) return false;
  return true;
}

}  // namespace

void FakeEvaluationRepository::Add(const v1::Evaluation& evaluation) {
  absl::MutexLock lock(&mutex_);
  v1::Evaluation stored = StoredForm(evaluation);
  if (stored.etag().empty()) stored.set_etag("1");
  rows_[stored.id()] = std::move(stored);
}

std::size_t FakeEvaluationRepository::size() {
  absl::MutexLock lock(&mutex_);
  return rows_.size();
}

std::optional<db::InteractionOwner> FakeEvaluationRepository::Owner(int64_t interaction_id) {
  if (interactions_ == nullptr) {
    auto owner = owners.find(interaction_id);
    if (owner == owners.end()) return std::nullopt;
    return owner->second;
  }
  absl::StatusOr<v1::Interaction> interaction = interactions_->Get(interaction_id);
  if (!interaction.ok()) return std::nullopt;
  db::InteractionOwner owner;
  owner.agent_employee_id = interaction->agent_employee_id();
  // LEFT JOIN people: an agent missing from the directory has no team.
  if (people_ != nullptr) {
    absl::StatusOr<v1::Person> agent = people_->Get(owner.agent_employee_id);
    if (agent.ok()) owner.team_id = agent->team_id();
  }
  return owner;
}

bool FakeEvaluationRepository::ScorecardVersionExists(const v1::Evaluation& evaluation) {
  if (scorecards_ == nullptr) return true;
  // The key is (scorecard_id, version): version 0 means "the newest" only to Get.
  return evaluation.scorecard_version() > 0 &&
         scorecards_->Get(evaluation.scorecard_id(), evaluation.scorecard_version()).ok();
}

absl::StatusOr<v1::Evaluation> FakeEvaluationRepository::Create(const v1::Evaluation& evaluation,
                                                                const std::string& request_id,
                                                                const db::AdmitOwner& admit,
                                                                const db::AuditStamp&,
                                                                absl::Time now) {
  absl::MutexLock lock(&mutex_);
  const std::optional<db::InteractionOwner> owner = Owner(evaluation.interaction_id());
  if (!owner) return InteractionNotFound(evaluation.interaction_id());
  if (absl::Status admitted = admit(*owner); !admitted.ok()) return admitted;
  // The keys in the order the table declares them: one evaluation per evaluator, then the
  // request_id, then the scorecard version the row refers to.
  for (const auto& [id, stored] : rows_) {
    if (stored.interaction_id() == evaluation.interaction_id() &&
        stored.evaluator_employee_id() == evaluation.evaluator_employee_id()) {
      return db::WithErrorInfo(
          absl::AlreadyExistsError(absl::StrCat("interaction ", evaluation.interaction_id(),
                                                " was already evaluated by '",
                                                evaluation.evaluator_employee_id(), "'")),
          db::kReasonDuplicateEvaluation,
          {{"resource", absl::StrCat("interactions/", evaluation.interaction_id())}});
    }
  }
  if (!request_id.empty() && request_ids_.count(request_id) > 0) {
    return db::WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("request_id '", request_id, "' was already used")),
        db::kReasonRequestIdReused);
  }
  if (!ScorecardVersionExists(evaluation)) {
    return absl::FailedPreconditionError(absl::StrCat("scorecard '", evaluation.scorecard_id(),
                                                      "' has no version ",
                                                      evaluation.scorecard_version()));
  }
  // Ids only grow, past any a test added directly.
  last_id_ = std::max(last_id_, rows_.empty() ? 0 : rows_.rbegin()->first) + 1;
  v1::Evaluation stored = evaluation;
  stored.set_id(last_id_);
  stored.set_agent_employee_id(owner->agent_employee_id);
  stored.set_team_id(owner->team_id);
  *stored.mutable_create_time() = EvaluationMillis(now);
  *stored.mutable_update_time() = EvaluationMillis(now);
  stored.set_etag("1");
  stored = StoredForm(std::move(stored));
  rows_[stored.id()] = stored;
  if (!request_id.empty()) request_ids_[request_id] = stored.id();
  return stored;
}

absl::StatusOr<std::optional<v1::Evaluation>> FakeEvaluationRepository::FindByRequestId(
    const std::string& request_id) {
  absl::MutexLock lock(&mutex_);
  auto it = request_ids_.find(request_id);
  if (it == request_ids_.end()) return std::optional<v1::Evaluation>();
  return std::optional<v1::Evaluation>(rows_.at(it->second));
}

absl::StatusOr<v1::Evaluation> FakeEvaluationRepository::Get(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto it = rows_.find(id);
  if (it == rows_.end()) return EvaluationNotFound(id);
  return it->second;
}

absl::StatusOr<std::vector<v1::Evaluation>> FakeEvaluationRepository::List(
    const db::EvaluationFilter& filter, std::optional<int64_t> before_id, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::Evaluation> page;
  for (auto it = rows_.rbegin(); it != rows_.rend() && static_cast<int>(page.size()) < limit;
       ++it) {
    if (before_id && it->first >= *before_id) continue;
    if (Matches(filter, it->second)) page.push_back(it->second);
  }
  return page;
}

absl::StatusOr<v1::Evaluation> FakeEvaluationRepository::Change(int64_t id,
                                                                const db::EvaluationChange& change,
                                                                const db::AuditStamp&,
                                                                absl::Time now) {
  // Held through `change`, as the row lock is on SQL: concurrent changes take turns.
  absl::MutexLock lock(&mutex_);
  auto it = rows_.find(id);
  if (it == rows_.end()) return EvaluationNotFound(id);
  const v1::Evaluation& before = it->second;
  absl::StatusOr<v1::Evaluation> next = change(before);
  if (!next.ok()) return next.status();
  v1::Evaluation stored = *std::move(next);
  // The identity of an evaluation never changes, whatever `change` returned.
  stored.set_id(before.id());
  stored.set_interaction_id(before.interaction_id());
  stored.set_agent_employee_id(before.agent_employee_id());
  stored.set_team_id(before.team_id());
  stored.set_evaluator_employee_id(before.evaluator_employee_id());
  stored.set_scorecard_id(before.scorecard_id());
  stored.set_scorecard_version(before.scorecard_version());
  *stored.mutable_create_time() = before.create_time();
  *stored.mutable_update_time() = EvaluationMillis(now);
  stored.set_etag(absl::StrCat(RowVersion(before) + 1));
  it->second = StoredForm(std::move(stored));
  return it->second;
}

}  // namespace escala::testing
