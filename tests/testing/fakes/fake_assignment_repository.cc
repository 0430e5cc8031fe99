#include "tests/testing/fakes/fake_assignment_repository.h"

#include <algorithm>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"

namespace escala::testing {
namespace {

constexpr int64_t kWeekMillis = 7LL * 24 * 60 * 60 * 1000;
// Rows per page when the fake reads another repository whole.
constexpr int kPage = 500;

google::protobuf::Timestamp Millis(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

int64_t MillisOf(const google::protobuf::Timestamp& time) { return db::TimestampToMillis(time); }

bool Submitted(const v1::Evaluation& evaluation) {
  return evaluation.state() >= v1::EVALUATION_STATE_SUBMITTED;
}

bool Contains(const std::vector<int>& values, int value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

}  // namespace

void FakeAssignmentRepository::AddPlan(const v1::SamplingPlan& plan) {
  absl::MutexLock lock(&mutex_);
  plans_[plan.id()] = StoredPlan{plan, ""};
  last_plan_id_ = std::max(last_plan_id_, plan.id());
}

std::size_t FakeAssignmentRepository::plan_count() {
  absl::MutexLock lock(&mutex_);
  return plans_.size();
}

std::vector<v1::Interaction> FakeAssignmentRepository::InteractionsOf(const std::string& agent,
                                                                      int64_t from_ms,
                                                                      int64_t to_ms) {
  std::vector<v1::Interaction> result;
  if (interactions_ == nullptr) return result;
  db::InteractionFilter filter;
  filter.agent_employee_id = agent;
  filter.start_from_ms = from_ms;
  filter.start_to_ms = to_ms;
  std::optional<db::InteractionCursor> after;
  while (true) {
    absl::StatusOr<std::vector<v1::Interaction>> page = interactions_->List(filter, after, kPage);
    if (!page.ok() || page->empty()) break;
    result.insert(result.end(), page->begin(), page->end());
    after = db::InteractionCursor{MillisOf(page->back().start_time()), page->back().id()};
  }
  // List is newest first; sampling reads oldest first.
  std::sort(result.begin(), result.end(), [](const v1::Interaction& a, const v1::Interaction& b) {
    const int64_t a_ms = MillisOf(a.start_time()), b_ms = MillisOf(b.start_time());
    return a_ms != b_ms ? a_ms < b_ms : a.id() < b.id();
  });
  return result;
}

std::vector<v1::Evaluation> FakeAssignmentRepository::Evaluations() {
  std::vector<v1::Evaluation> result;
  if (evaluations_ == nullptr) return result;
  std::optional<int64_t> before;
  while (true) {
    absl::StatusOr<std::vector<v1::Evaluation>> page =
        evaluations_->List(db::EvaluationFilter(), before, kPage);
    if (!page.ok() || page->empty()) break;
    result.insert(result.end(), page->begin(), page->end());
    before = page->back().id();
  }
  std::reverse(result.begin(), result.end());  // by ascending id
  return result;
}

bool FakeAssignmentRepository::Evaluated(int64_t interaction_id) {
  if (evaluations_ == nullptr) return false;
  db::EvaluationFilter filter;
  filter.interaction_id = interaction_id;
  absl::StatusOr<std::vector<v1::Evaluation>> any = evaluations_->List(filter, std::nullopt, 1);
  return any.ok() && !any->empty();
}

std::optional<v1::Assignment> FakeAssignmentRepository::Read(const v1::Assignment& row) {
  v1::Assignment assignment = row;
  if (interactions_ != nullptr) {
    absl::StatusOr<v1::Interaction> interaction = interactions_->Get(row.interaction_id());
    if (!interaction.ok()) return std::nullopt;
    assignment.set_channel(interaction->channel());
    *assignment.mutable_interaction_start_time() =
        db::MillisToTimestamp(MillisOf(interaction->start_time()));
  }
  if (row.state() == v1::ASSIGNMENT_STATE_OPEN && evaluations_ != nullptr) {
    db::EvaluationFilter filter;
    filter.interaction_id = row.interaction_id();
    filter.evaluator_employee_id = row.evaluator_employee_id();
    absl::StatusOr<std::vector<v1::Evaluation>> own = evaluations_->List(filter, std::nullopt, 1);
    if (own.ok() && !own->empty() && Submitted(own->front())) {
      assignment.set_state(v1::ASSIGNMENT_STATE_DONE);
      assignment.set_evaluation_id(own->front().id());
    }
  }
  return assignment;
}

v1::Assignment FakeAssignmentRepository::Insert(v1::Assignment assignment, absl::Time now) {
  const int64_t id = assignments_.empty() ? 1 : assignments_.rbegin()->first + 1;
  v1::Assignment row;
  row.set_id(id);
  row.set_plan_id(assignment.plan_id());
  row.set_interaction_id(assignment.interaction_id());
  row.set_agent_employee_id(assignment.agent_employee_id());
  row.set_evaluator_employee_id(assignment.evaluator_employee_id());
  row.set_scorecard_id(assignment.scorecard_id());
  row.set_state(v1::ASSIGNMENT_STATE_OPEN);
  *row.mutable_week_start_time() = db::MillisToTimestamp(MillisOf(assignment.week_start_time()));
  row.set_replaces_assignment_id(assignment.replaces_assignment_id());
  *row.mutable_create_time() = Millis(now);
  assignments_[id] = row;
  // The caller's assignment with what the insert set, as the SQL repository answers it.
  assignment.set_id(id);
  assignment.set_state(v1::ASSIGNMENT_STATE_OPEN);
  assignment.clear_skip_reason();
  assignment.clear_evaluation_id();
  *assignment.mutable_create_time() = Millis(now);
  return assignment;
}

absl::StatusOr<v1::SamplingPlan> FakeAssignmentRepository::CreatePlan(
    const v1::SamplingPlan& plan, const db::CreateRequest& request, const db::AuditStamp& stamp,
    absl::Time now) {
  absl::MutexLock lock(&mutex_);
  if (!request.request_id.empty() && request_ids_.count(request.request_id) > 0) {
    return db::WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                                 "request_id: '", request.request_id, "' was already used")),
                             db::kReasonRequestIdReused);
  }
  v1::SamplingPlan stored = plan;
  stored.set_id(++last_plan_id_);
  stored.set_created_by(stamp.principal);
  *stored.mutable_create_time() = Millis(now);
  plans_[stored.id()] = StoredPlan{stored, request.request_hash};
  if (!request.request_id.empty()) request_ids_[request.request_id] = stored.id();
  return stored;
}

absl::StatusOr<std::optional<db::CreatedByRequest<v1::SamplingPlan>>>
FakeAssignmentRepository::FindPlanByRequestId(const std::string& request_id) {
  using Found = std::optional<db::CreatedByRequest<v1::SamplingPlan>>;
  absl::MutexLock lock(&mutex_);
  auto it = request_ids_.find(request_id);
  if (it == request_ids_.end()) return Found();
  const StoredPlan& stored = plans_.at(it->second);
  return Found(db::CreatedByRequest<v1::SamplingPlan>{stored.plan, stored.request_hash});
}

absl::StatusOr<v1::SamplingPlan> FakeAssignmentRepository::GetPlan(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto it = plans_.find(id);
  if (it == plans_.end()) {
    return absl::NotFoundError(absl::StrCat("sampling plan ", id, " not found"));
  }
  return it->second.plan;
}

absl::StatusOr<std::vector<v1::SamplingPlan>> FakeAssignmentRepository::ListPlans(int64_t after_id,
                                                                                  int limit) {
  absl::MutexLock lock(&mutex_);
  std::vector<v1::SamplingPlan> page;
  for (auto it = plans_.upper_bound(after_id);
       it != plans_.end() && static_cast<int>(page.size()) < limit; ++it) {
    page.push_back(it->second.plan);
  }
  return page;
}

absl::StatusOr<std::vector<db::PlanInteraction>> FakeAssignmentRepository::ListPlanInteractions(
    int64_t plan_id, const std::vector<std::string>& agents, const std::vector<int>& channels,
    int64_t from_ms, int64_t to_ms) {
  absl::MutexLock lock(&mutex_);
  ++plan_interaction_reads;
  asked_agents = agents;
  asked_channels = channels;
  // The plan's assignment state of each interaction it assigned.
  std::map<int64_t, int> assigned;
  for (const auto& [id, row] : assignments_) {
    if (row.plan_id() == plan_id) assigned[row.interaction_id()] = row.state();
  }
  std::vector<db::PlanInteraction> result;
  // By agent (each once, as an IN list takes it), then start time and id.
  for (const std::string& agent : std::set<std::string>(agents.begin(), agents.end())) {
    for (const v1::Interaction& interaction : InteractionsOf(agent, from_ms, to_ms)) {
      if (!channels.empty() && !Contains(channels, interaction.channel())) continue;
      auto assignment = assigned.find(interaction.id());
      result.push_back(db::PlanInteraction{
          interaction.id(), agent, MillisOf(interaction.start_time()), interaction.channel(),
          Evaluated(interaction.id()), assignment == assigned.end() ? 0 : assignment->second});
    }
  }
  return result;
}

absl::StatusOr<std::map<std::string, int>> FakeAssignmentRepository::CountOpenAssignments(
    const std::vector<std::string>& evaluators) {
  absl::MutexLock lock(&mutex_);
  const std::set<std::string> wanted(evaluators.begin(), evaluators.end());
  std::map<std::string, int> counts;
  for (const auto& [id, row] : assignments_) {
    if (wanted.count(row.evaluator_employee_id()) == 0) continue;
    std::optional<v1::Assignment> read = Read(row);
    if (read && read->state() == v1::ASSIGNMENT_STATE_OPEN) ++counts[row.evaluator_employee_id()];
  }
  return counts;
}

absl::StatusOr<std::vector<v1::Assignment>> FakeAssignmentRepository::InsertAssignments(
    int64_t plan_id, const std::vector<v1::Assignment>& assignments, const std::string& detail,
    const db::AuditStamp&, absl::Time now) {
  absl::MutexLock lock(&mutex_);
  ++insert_calls;
  audit_detail = detail;
  // All or nothing: every row is checked before one is stored.
  if (!assignments.empty() && plans_.count(plan_id) == 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("sampling plan ", plan_id, " does not exist"));
  }
  std::set<int64_t> taken;
  for (const auto& [id, row] : assignments_) {
    if (row.plan_id() == plan_id) taken.insert(row.interaction_id());
  }
  for (const v1::Assignment& assignment : assignments) {
    if (interactions_ != nullptr && !interactions_->Get(assignment.interaction_id()).ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("interaction ", assignment.interaction_id(), " does not exist"));
    }
    if (!taken.insert(assignment.interaction_id()).second) {
      return absl::AbortedError(
          absl::StrCat("sampling plan ", plan_id,
                       ": an interaction was assigned by a concurrent generation; run it again"));
    }
  }
  std::vector<v1::Assignment> stored;
  for (v1::Assignment assignment : assignments) {
    assignment.set_plan_id(plan_id);
    stored.push_back(Insert(std::move(assignment), now));
  }
  return stored;
}

absl::StatusOr<v1::Assignment> FakeAssignmentRepository::GetAssignment(int64_t id) {
  absl::MutexLock lock(&mutex_);
  auto it = assignments_.find(id);
  std::optional<v1::Assignment> read;
  if (it != assignments_.end()) read = Read(it->second);
  if (!read) return absl::NotFoundError(absl::StrCat("assignment ", id, " not found"));
  return *read;
}

absl::StatusOr<std::vector<v1::Assignment>> FakeAssignmentRepository::ListAssignments(
    const db::AssignmentFilter& filter, int64_t after_id, int limit) {
  absl::MutexLock lock(&mutex_);
  last_filter = filter;
  std::vector<v1::Assignment> page;
  for (auto it = assignments_.upper_bound(after_id);
       it != assignments_.end() && static_cast<int>(page.size()) < limit; ++it) {
    const v1::Assignment& row = it->second;
    if (!filter.evaluator_employee_id.empty() &&
        row.evaluator_employee_id() != filter.evaluator_employee_id) {
      continue;
    }
    if (filter.plan_id != 0 && row.plan_id() != filter.plan_id) continue;
    std::optional<v1::Assignment> read = Read(row);
    if (!read) continue;
    if (filter.state != v1::ASSIGNMENT_STATE_UNSPECIFIED && read->state() != filter.state) {
      continue;
    }
    page.push_back(*std::move(read));
  }
  return page;
}

absl::StatusOr<db::SkipResult> FakeAssignmentRepository::Skip(const db::SkipRequest& request,
                                                              const db::AuditStamp&,
                                                              absl::Time now) {
  absl::MutexLock lock(&mutex_);
  last_skip = request;
  const absl::Status not_found =
      absl::NotFoundError(absl::StrCat("assignment ", request.assignment_id, " not found"));
  auto it = assignments_.find(request.assignment_id);
  if (it == assignments_.end()) return not_found;
  const std::optional<v1::Assignment> read = Read(it->second);
  if (!read) return not_found;
  const v1::Assignment before = *read;
  if (!request.evaluator_employee_id.empty() &&
      before.evaluator_employee_id() != request.evaluator_employee_id) {
    return not_found;
  }
  if (before.state() != v1::ASSIGNMENT_STATE_OPEN) {
    return absl::FailedPreconditionError(absl::StrCat("assignment ", before.id(), " is ",
                                                      before.state() == v1::ASSIGNMENT_STATE_DONE
                                                          ? "done (its evaluation was submitted)"
                                                          : "skipped already",
                                                      "; only an open assignment can be skipped"));
  }
  std::vector<db::ReplacementCandidate> candidates;
  // Without a chooser no replacement is wanted: the candidates are not read.
  if (request.choose) {
    std::set<int64_t> assigned;
    for (const auto& [id, row] : assignments_) {
      if (row.plan_id() == before.plan_id()) assigned.insert(row.interaction_id());
    }
    const int64_t week_ms = MillisOf(before.week_start_time());
    for (const v1::Interaction& interaction :
         InteractionsOf(before.agent_employee_id(), week_ms, week_ms + kWeekMillis)) {
      if (!request.channels.empty() && !Contains(request.channels, interaction.channel())) {
        continue;
      }
      if (request.same_channel && interaction.channel() != before.channel()) continue;
      if (assigned.count(interaction.id()) > 0 || Evaluated(interaction.id())) continue;
      candidates.push_back(
          {interaction.id(), MillisOf(interaction.start_time()), interaction.channel()});
    }
  }
  v1::Assignment& row = it->second;
  row.set_state(v1::ASSIGNMENT_STATE_SKIPPED);
  row.set_skip_reason(request.reason);
  db::SkipResult result;
  result.skipped = before;
  result.skipped.set_state(v1::ASSIGNMENT_STATE_SKIPPED);
  result.skipped.set_skip_reason(request.reason);
  const std::optional<int64_t> chosen =
      request.choose ? request.choose(candidates, before) : std::optional<int64_t>();
  for (const db::ReplacementCandidate& candidate : candidates) {
    if (!chosen || candidate.interaction_id != *chosen) continue;
    v1::Assignment replacement;
    replacement.set_plan_id(before.plan_id());
    replacement.set_interaction_id(candidate.interaction_id);
    replacement.set_agent_employee_id(before.agent_employee_id());
    replacement.set_evaluator_employee_id(before.evaluator_employee_id());
    replacement.set_scorecard_id(before.scorecard_id());
    *replacement.mutable_week_start_time() = before.week_start_time();
    replacement.set_replaces_assignment_id(before.id());
    replacement.set_channel(static_cast<v1::Channel>(candidate.channel));
    *replacement.mutable_interaction_start_time() = db::MillisToTimestamp(candidate.start_ms);
    result.replacement = Insert(std::move(replacement), now);
  }
  return result;
}

absl::StatusOr<std::vector<db::AgentScores>> FakeAssignmentRepository::ListAgentScores(
    const db::AgentScoreFilter& filter, const std::string& after_agent, int limit) {
  absl::MutexLock lock(&mutex_);
  last_scores_filter = filter;
  // Each agent's scores by evaluation id; the map orders the agents by employee id.
  std::map<std::string, std::vector<double>> scores;
  for (const v1::Evaluation& e : Evaluations()) {
    if (!Submitted(e) || !e.has_score()) continue;
    const int64_t submit_ms = MillisOf(e.submit_time());
    if (filter.submitted_from_ms &&
        (!e.has_submit_time() || submit_ms < *filter.submitted_from_ms)) {
      continue;
    }
    if (filter.submitted_to_ms && (!e.has_submit_time() || submit_ms >= *filter.submitted_to_ms)) {
      continue;
    }
    if (!filter.agent_employee_id.empty() && e.agent_employee_id() != filter.agent_employee_id) {
      continue;
    }
    if (e.agent_employee_id() <= after_agent) continue;
    scores[e.agent_employee_id()].push_back(e.score());
  }
  std::vector<db::AgentScores> result;
  for (auto& [agent, agent_scores] : scores) {
    if (static_cast<int>(result.size()) >= limit) break;
    // The agent's current team (LEFT JOIN people: none when the agent is not there).
    std::string team;
    if (people_ != nullptr) {
      absl::StatusOr<v1::Person> person = people_->Get(agent);
      if (person.ok()) team = person->team_id();
    }
    if (!filter.team_id.empty() && team != filter.team_id) continue;
    result.push_back(db::AgentScores{agent, team, std::move(agent_scores)});
  }
  return result;
}

}  // namespace escala::testing
