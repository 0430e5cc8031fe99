#include "tests/testing/fakes/fake_recommendation_repository.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

google::protobuf::Timestamp At(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

std::string RuleName(int64_t id) { return absl::StrCat("criterionTrainingRules/", id); }
std::string RecommendationName(int64_t id) { return absl::StrCat("trainingRecommendations/", id); }

}  // namespace

v1::CriterionTrainingRule FakeTrainingRecommendationRepository::Read(const StoredRule& stored) {
  v1::CriterionTrainingRule rule = stored.rule;
  rule.set_etag(absl::StrCat(stored.row_version));
  return rule;
}

void FakeTrainingRecommendationRepository::Audit(const db::AuditStamp& stamp,
                                                 const std::string& type, const std::string& name,
                                                 const google::protobuf::Message* before,
                                                 const google::protobuf::Message& after,
                                                 absl::Time now) {
  if (audit_ == nullptr) return;
  db::ChangedFields changed = db::DiffForAudit(before, after);
  audit_->Append(stamp, {type, name, changed.before_json, changed.after_json}, now);
}

absl::StatusOr<v1::CriterionTrainingRule> FakeTrainingRecommendationRepository::CreateRule(
    const v1::CriterionTrainingRule& rule, const db::CreateRequest& request,
    const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (!request.request_id.empty()) {
    for (const auto& [id, stored] : rules_) {
      if (stored.request_id == request.request_id) {
        return db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                                     "request_id: '", request.request_id, "' was already used")),
                                 db::kReasonRequestIdReused);
      }
    }
  }
  const int64_t id = next_rule_id_++;
  StoredRule& stored = rules_[id];
  stored.rule = rule;
  stored.rule.set_id(id);
  stored.rule.set_active(rule.active());
  stored.rule.clear_etag();
  stored.rule.set_created_by(stamp.principal);
  *stored.rule.mutable_create_time() = At(now);
  *stored.rule.mutable_update_time() = At(now);
  stored.request_id = request.request_id;
  stored.request_hash = request.request_hash;
  const v1::CriterionTrainingRule created = Read(stored);
  Audit(stamp, "criterion_training_rule", RuleName(id), nullptr, created, now);
  return created;
}

absl::StatusOr<std::optional<db::CreatedByRequest<v1::CriterionTrainingRule>>>
FakeTrainingRecommendationRepository::FindRuleByRequestId(const std::string& request_id) {
  absl::MutexLock lock(&mutex_);
  for (const auto& [id, stored] : rules_) {
    if (!request_id.empty() && stored.request_id == request_id) {
      return std::optional<db::CreatedByRequest<v1::CriterionTrainingRule>>(
          db::CreatedByRequest<v1::CriterionTrainingRule>{Read(stored), stored.request_hash});
    }
  }
  return std::nullopt;
}

absl::StatusOr<v1::CriterionTrainingRule> FakeTrainingRecommendationRepository::GetRule(
    int64_t id) {
  absl::MutexLock lock(&mutex_);
  const auto found = rules_.find(id);
  if (found == rules_.end()) {
    return absl::NotFoundError(absl::StrCat("criterion training rule ", id, " not found"));
  }
  return Read(found->second);
}

absl::StatusOr<std::vector<v1::CriterionTrainingRule>>
FakeTrainingRecommendationRepository::ListRules(const db::RuleFilter& filter, int64_t after_id,
                                                int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::CriterionTrainingRule> rules;
  for (auto it = rules_.upper_bound(after_id);
       it != rules_.end() && static_cast<int>(rules.size()) < limit; ++it) {
    const v1::CriterionTrainingRule& rule = it->second.rule;
    if (!filter.criterion_key.empty() && rule.criterion_key() != filter.criterion_key) continue;
    if (!filter.course_id.empty() && rule.course_id() != filter.course_id) continue;
    if (filter.active_only && !rule.active()) continue;
    rules.push_back(Read(it->second));
  }
  return rules;
}

absl::StatusOr<v1::CriterionTrainingRule> FakeTrainingRecommendationRepository::UpdateRule(
    const v1::CriterionTrainingRule& rule, int64_t expected_version, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  const auto found = rules_.find(rule.id());
  if (found == rules_.end()) {
    return absl::NotFoundError(absl::StrCat("criterion training rule ", rule.id(), " not found"));
  }
  StoredRule& stored = found->second;
  if (stored.row_version != expected_version) {
    return db::WithErrorInfo(absl::AbortedError(absl::StrCat("criterion training rule ", rule.id(),
                                                             " was changed since it was read")),
                             db::kReasonEtagMismatch, {{"resource", RuleName(rule.id())}});
  }
  const v1::CriterionTrainingRule before = Read(stored);
  v1::CriterionTrainingRule next = rule;
  next.set_created_by(stored.rule.created_by());
  *next.mutable_create_time() = stored.rule.create_time();
  *next.mutable_update_time() = At(now);
  next.clear_etag();
  stored.rule = next;
  ++stored.row_version;
  const v1::CriterionTrainingRule after = Read(stored);
  Audit(stamp, "criterion_training_rule", RuleName(rule.id()), &before, after, now);
  return after;
}

absl::StatusOr<std::vector<v1::TrainingRecommendation>>
FakeTrainingRecommendationRepository::InsertRecommendations(
    const std::vector<v1::TrainingRecommendation>& recommendations, const std::string& request_id,
    const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::TrainingRecommendation> stored;
  for (const v1::TrainingRecommendation& r : recommendations) {
    const int64_t id = next_recommendation_id_++;
    StoredRecommendation& row = recommendations_[id];
    row.recommendation = r;
    row.recommendation.set_id(id);
    row.recommendation.set_state(v1::TRAINING_RECOMMENDATION_STATE_OPEN);
    row.recommendation.clear_dismiss_reason();
    row.recommendation.clear_dismissed_by();
    row.recommendation.clear_dismiss_time();
    row.recommendation.set_created_by(stamp.principal);
    *row.recommendation.mutable_create_time() = At(now);
    row.request_id = request_id;
    stored.push_back(row.recommendation);
    Audit(stamp, "training_recommendation", RecommendationName(id), nullptr, row.recommendation,
          now);
  }
  return stored;
}

absl::StatusOr<v1::TrainingRecommendation> FakeTrainingRecommendationRepository::GetRecommendation(
    int64_t id) {
  absl::MutexLock lock(&mutex_);
  const auto found = recommendations_.find(id);
  if (found == recommendations_.end()) {
    return absl::NotFoundError(absl::StrCat("training recommendation ", id, " not found"));
  }
  return found->second.recommendation;
}

absl::StatusOr<std::vector<v1::TrainingRecommendation>>
FakeTrainingRecommendationRepository::ListRecommendations(const db::RecommendationFilter& filter,
                                                          int64_t before_id, int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::TrainingRecommendation> rows;
  for (auto it = recommendations_.rbegin();
       it != recommendations_.rend() && static_cast<int>(rows.size()) < limit; ++it) {
    const v1::TrainingRecommendation& r = it->second.recommendation;
    if (before_id > 0 && r.id() >= before_id) continue;
    if (!filter.employee_id.empty() && r.employee_id() != filter.employee_id) continue;
    if (!filter.team_id.empty() && r.team_id() != filter.team_id) continue;
    if (!filter.course_id.empty() && r.course_id() != filter.course_id) continue;
    if (filter.state != v1::TRAINING_RECOMMENDATION_STATE_UNSPECIFIED &&
        r.state() != filter.state) {
      continue;
    }
    rows.push_back(r);
  }
  return rows;
}

absl::StatusOr<std::vector<v1::TrainingRecommendation>>
FakeTrainingRecommendationRepository::RecommendationsOfRequest(const std::string& created_by,
                                                               const std::string& request_id) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::TrainingRecommendation> rows;
  for (const auto& [id, row] : recommendations_) {
    if (!request_id.empty() && row.request_id == request_id &&
        row.recommendation.created_by() == created_by) {
      rows.push_back(row.recommendation);
    }
  }
  return rows;
}

absl::StatusOr<std::vector<db::CourseRecommendationHistory>>
FakeTrainingRecommendationRepository::HistoryOf(const std::string& employee_id) {
  absl::MutexLock lock(&mutex_);
  std::map<std::string, db::CourseRecommendationHistory> by_course;
  for (const auto& [id, row] : recommendations_) {
    const v1::TrainingRecommendation& r = row.recommendation;
    if (r.employee_id() != employee_id) continue;
    const absl::Time made = absl::FromUnixMillis(db::TimestampToMillis(r.create_time()));
    auto [entry, fresh] = by_course.try_emplace(r.course_id());
    entry->second.course_id = r.course_id();
    if (fresh || made > entry->second.last_recommended) entry->second.last_recommended = made;
    entry->second.open |= r.state() == v1::TRAINING_RECOMMENDATION_STATE_OPEN;
  }
  std::vector<db::CourseRecommendationHistory> history;
  for (auto& [course, entry] : by_course) history.push_back(entry);
  return history;
}

absl::StatusOr<v1::TrainingRecommendation> FakeTrainingRecommendationRepository::Dismiss(
    int64_t id, const std::string& reason, const db::AuditStamp& stamp, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  const auto found = recommendations_.find(id);
  if (found == recommendations_.end()) {
    return absl::NotFoundError(absl::StrCat("training recommendation ", id, " not found"));
  }
  v1::TrainingRecommendation& r = found->second.recommendation;
  if (r.state() != v1::TRAINING_RECOMMENDATION_STATE_OPEN) {
    const std::string state = v1::TrainingRecommendationState_Name(r.state());
    return db::WithErrorInfo(
        absl::FailedPreconditionError(absl::StrCat("training recommendation ", id, " is ", state)),
        db::kReasonInvalidStateTransition,
        {{"resource", RecommendationName(id)}, {"state", state}});
  }
  const v1::TrainingRecommendation before = r;
  r.set_state(v1::TRAINING_RECOMMENDATION_STATE_DISMISSED);
  r.set_dismiss_reason(reason);
  r.set_dismissed_by(stamp.principal);
  *r.mutable_dismiss_time() = At(now);
  Audit(stamp, "training_recommendation", RecommendationName(id), &before, r, now);
  return r;
}

}  // namespace escala::testing
