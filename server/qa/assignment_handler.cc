#include "server/qa/assignment_handler.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/platform/record_scope.h"
#include "server/qa/assignment_validation.h"
#include "server/qa/sampling.h"
#include "server/qa/scoring/scorecard_coverage.h"
#include "server/qa/scoring/scorecard_mapping.h"
#include "server/qa/scoring/scoring.h"
#include "server/stats/confidence_interval.h"

namespace escala::server {
namespace {

constexpr int64_t kWeekMillis = 7LL * 24 * 60 * 60 * 1000;
// People pages read while collecting a team's agents.
constexpr int kPeoplePage = 1000;

bool IsEvaluatingRole(v1::Role role) {
  return role == v1::ROLE_TEAM_LEAD || role == v1::ROLE_QA_ANALYST || role == v1::ROLE_MANAGER ||
         role == v1::ROLE_HEAD_OF_SUPPORT;
}

// The roles whose interactions QA reviews: the people who handle contacts.
bool IsAgentRole(v1::Role role) {
  return role == v1::ROLE_AGENT || role == v1::ROLE_SPECIALIST ||
         role == v1::ROLE_TECHNICAL_ENGINEER;
}

absl::Status PlanNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("sampling plan ", id, " not found"));
}

std::string Rfc3339(int64_t millis) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixMillis(millis), absl::UTCTimeZone());
}

QuotaRule RuleOf(const v1::SamplingPlan& plan) {
  return QuotaRule{plan.per_agent_per_week(), plan.percent(), plan.minimum_per_agent(),
                   plan.stratify_by_channel()};
}

// The ids an audit event's after-state names under `member`: one id (a string, as proto3 JSON
// writes an int64) or a list of them. Empty when the member is absent.
std::vector<int64_t> IdsInAuditJson(const std::string& json, const std::string& member) {
  google::protobuf::Struct object;
  if (!google::protobuf::util::JsonStringToMessage(json, &object).ok()) return {};
  auto found = object.fields().find(member);
  if (found == object.fields().end()) return {};
  std::vector<const google::protobuf::Value*> values;
  if (found->second.has_list_value()) {
    for (const google::protobuf::Value& value : found->second.list_value().values())
      values.push_back(&value);
  } else {
    values.push_back(&found->second);
  }
  std::vector<int64_t> ids;
  for (const google::protobuf::Value* value : values) {
    int64_t id = 0;
    if (value->has_string_value() && absl::SimpleAtoi(value->string_value(), &id))
      ids.push_back(id);
  }
  return ids;
}

std::vector<int> ChannelsOf(const v1::SamplingPlan& plan) {
  return std::vector<int>(plan.channels().begin(), plan.channels().end());
}

// INVALID_ARGUMENT naming every plan.channels[i] that `card`, the scorecard's published version,
// does not cover: assignments on such a channel would open onto a form with nothing to answer.
absl::Status CheckChannelsCovered(const v1::SamplingPlan& plan, const v1::Scorecard& card) {
  std::vector<std::string> covered;
  for (v1::Channel channel : CoveredChannels(card)) covered.push_back(ChannelLabel(channel));
  Violations violations;
  for (int i = 0; i < plan.channels_size(); ++i) {
    const auto channel = static_cast<v1::Channel>(plan.channels(i));
    if (CoversChannel(card, channel)) continue;
    violations.Add(absl::StrCat("plan.channels[", i, "]"),
                   absl::StrCat("scorecard '", card.scorecard_id(), "' v", card.version(),
                                " has no criterion for ", ChannelLabel(channel),
                                " contacts (it covers ", absl::StrJoin(covered, ", "), ")"));
  }
  return violations.ToStatus();
}

}  // namespace

absl::StatusOr<bool> AssignmentHandler::PlanInScope(const CallContext& call,
                                                    const v1::SamplingPlan& plan) {
  if (call.scope == Scope::kAll) return true;
  if (!plan.team_id().empty()) return TeamInScope(call, plan.team_id());
  for (const std::string& agent : plan.agent_employee_ids()) {
    absl::StatusOr<bool> in_scope = OwnerInScope(call, agent, people_);
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) return false;
  }
  return true;
}

absl::Status AssignmentHandler::CheckEvaluators(const v1::SamplingPlan& plan) {
  for (int i = 0; i < plan.evaluator_employee_ids_size(); ++i) {
    const std::string& id = plan.evaluator_employee_ids(i);
    const std::string field = absl::StrCat("plan.evaluator_employee_ids[", i, "]");
    absl::StatusOr<v1::Person> person = people_.Get(id);
    if (absl::IsNotFound(person.status())) {
      return FieldPreconditionFailed(field,
                                     absl::StrCat("'", id, "' is not in the people directory"));
    }
    if (!person.ok()) return person.status();
    if (!person->active()) {
      return FieldPreconditionFailed(field, absl::StrCat("'", id, "' is not active"));
    }
    if (!IsEvaluatingRole(person->role())) {
      return FieldPreconditionFailed(
          field, absl::StrCat("'", id, "' is a ", v1::Role_Name(person->role()),
                              "; evaluators must be team leads, QA analysts, managers or heads of "
                              "support"));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<const CachedScorecard>> AssignmentHandler::PublishedCard(
    const std::string& scorecard_id) {
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card =
      scorecards_.NewestPublished(scorecard_id);
  if (!absl::IsNotFound(card.status())) return card;
  // For a plan, a scorecard that does not exist is one without a published version.
  return db::WithErrorInfo(absl::FailedPreconditionError(absl::StrCat(
                               "scorecard '", scorecard_id, "' has no published version")),
                           db::kReasonScorecardNotPublished,
                           {{"resource", absl::StrCat("scorecards/", scorecard_id)}});
}

absl::StatusOr<v1::SamplingPlan> AssignmentHandler::CreateSamplingPlan(
    const CallContext& call, const v1::CreateSamplingPlanRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // A replay is answered before any check: one that would now fail (a retired scorecard, a
  // deactivated evaluator) still gets its original plan.
  if (!key.request_id.empty()) {
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::SamplingPlan>>> original =
        assignments_.FindPlanByRequestId(key.request_id);
    if (!original.ok()) return original.status();
    if (original->has_value()) {
      return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
    }
  }
  if (!request.has_plan()) return InvalidField("plan", "is required");
  v1::SamplingPlan plan = request.plan();
  plan.clear_id();
  plan.clear_created_by();
  plan.clear_create_time();
  if (absl::Status s = Nested("plan.", ValidateSamplingPlan(plan)); !s.ok()) return s;
  if (!plan.team_id().empty()) {
    // A team lead asking for another team's plan learns nothing about that team.
    if (!TeamInScope(call, plan.team_id())) {
      return absl::NotFoundError(
          absl::StrCat("plan.team_id: team '", plan.team_id(), "' not found"));
    }
    absl::StatusOr<v1::Team> team = teams_.Get(plan.team_id());
    if (absl::IsNotFound(team.status())) {
      return FieldPreconditionFailed("plan.team_id",
                                     absl::StrCat("team '", plan.team_id(), "' does not exist"));
    }
    if (!team.ok()) return team.status();
  } else {
    for (int i = 0; i < plan.agent_employee_ids_size(); ++i) {
      absl::StatusOr<bool> in_scope = OwnerInScope(call, plan.agent_employee_ids(i), people_);
      if (!in_scope.ok()) return in_scope.status();
      if (!*in_scope) {
        return absl::NotFoundError(absl::StrCat("plan.agent_employee_ids[", i, "]: '",
                                                plan.agent_employee_ids(i), "' not found"));
      }
    }
    const std::vector<std::string> wanted(plan.agent_employee_ids().begin(),
                                          plan.agent_employee_ids().end());
    absl::StatusOr<std::vector<std::string>> known = people_.FindExisting(wanted);
    if (!known.ok()) return known.status();
    const std::set<std::string> known_set(known->begin(), known->end());
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (!known_set.count(wanted[i])) {
        return FieldPreconditionFailed(
            absl::StrCat("plan.agent_employee_ids[", i, "]"),
            absl::StrCat("'", wanted[i], "' is not in the people directory"));
      }
    }
  }
  if (absl::Status s = CheckEvaluators(plan); !s.ok()) return s;
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = PublishedCard(plan.scorecard_id());
  if (absl::IsFailedPrecondition(card.status())) {
    // A retired card has no published version either.
    return db::WithErrorInfo(
        FieldPreconditionFailed(
            "plan.scorecard_id",
            absl::StrCat("scorecard '", plan.scorecard_id(), "' has no published version")),
        db::kReasonScorecardNotPublished,
        {{"resource", absl::StrCat("scorecards/", plan.scorecard_id())}});
  }
  if (!card.ok()) return card.status();
  // A plan without channels is accepted: generation draws from the covered ones.
  if (absl::Status s = CheckChannelsCovered(plan, (*card)->scorecard); !s.ok()) return s;
  absl::StatusOr<v1::SamplingPlan> created =
      assignments_.CreatePlan(plan, key, call.Stamp(key.request_id), clock_());
  if (!absl::IsAlreadyExists(created.status())) return created;
  // A concurrent retry with the same request_id won the insert: answer as a replay.
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::SamplingPlan>>> original =
      assignments_.FindPlanByRequestId(key.request_id);
  if (!original.ok() || !original->has_value()) return created;
  return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
}

absl::StatusOr<v1::SamplingPlan> AssignmentHandler::GetSamplingPlan(
    const CallContext& call, const v1::GetSamplingPlanRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  absl::StatusOr<v1::SamplingPlan> plan = assignments_.GetPlan(request.id());
  if (!plan.ok()) return plan.status();
  // A team lead reads the plans of their own team only; another team's answers like a missing one.
  absl::StatusOr<bool> in_scope = PlanInScope(call, *plan);
  if (!in_scope.ok()) return in_scope.status();
  if (!*in_scope) return PlanNotFound(plan->id());
  return plan;
}

absl::StatusOr<v1::ListSamplingPlansResponse> AssignmentHandler::ListSamplingPlans(
    const CallContext& call, const v1::ListSamplingPlansRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "samplingPlans", call.PageScope());
  if (!page.ok()) return page.status();
  absl::StatusOr<int64_t> after = page->after_int();
  if (!after.ok()) return after.status();
  // Plans are few; for a team lead, read on until a page of their team's plans is full.
  std::vector<v1::SamplingPlan> visible;
  int64_t cursor = *after;
  while (static_cast<int>(visible.size()) < page->fetch_limit()) {
    absl::StatusOr<std::vector<v1::SamplingPlan>> read =
        assignments_.ListPlans(cursor, page->fetch_limit());
    if (!read.ok()) return read.status();
    if (read->empty()) break;
    const int64_t last_read = read->back().id();
    const bool exhausted = static_cast<int>(read->size()) < page->fetch_limit();
    for (v1::SamplingPlan& plan : *read) {
      absl::StatusOr<bool> in_scope = PlanInScope(call, plan);
      if (!in_scope.ok()) return in_scope.status();
      if (*in_scope) visible.push_back(std::move(plan));
    }
    if (exhausted) break;
    cursor = last_read;
  }
  v1::ListSamplingPlansResponse response;
  response.set_next_page_token(
      page->Finish(visible, [](const v1::SamplingPlan& plan) { return absl::StrCat(plan.id()); }));
  for (v1::SamplingPlan& plan : visible) *response.add_plans() = std::move(plan);
  return response;
}

absl::StatusOr<std::vector<std::string>> AssignmentHandler::PlanAgents(
    const v1::SamplingPlan& plan) {
  if (plan.team_id().empty()) {
    return std::vector<std::string>(plan.agent_employee_ids().begin(),
                                    plan.agent_employee_ids().end());
  }
  db::PeopleFilter filter;
  filter.team_id = plan.team_id();
  filter.active = true;
  std::vector<std::string> agents;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<v1::Person>> page = people_.List(filter, after, kPeoplePage);
    if (!page.ok()) return page.status();
    for (const v1::Person& person : *page) {
      if (IsAgentRole(person.role())) agents.push_back(person.employee_id());
    }
    if (static_cast<int>(page->size()) < kPeoplePage) break;
    after = page->back().employee_id();
  }
  return agents;
}

absl::StatusOr<v1::GenerateAssignmentsResponse> AssignmentHandler::GenerateAssignments(
    const CallContext& call, const v1::GenerateAssignmentsRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::GenerateAssignmentsResponse>(
      requests_, call.caller.principal, call.method, key,
      [&] { return Generate(call, request, key, /*replayed=*/nullptr); },
      [&](const db::LoggedRequest& logged) -> absl::StatusOr<v1::GenerateAssignmentsResponse> {
        std::vector<v1::Assignment> original;
        for (int64_t id : IdsInAuditJson(logged.after_json, "assignment_ids")) {
          absl::StatusOr<v1::Assignment> assignment = assignments_.GetAssignment(id);
          if (!assignment.ok()) return assignment.status();
          original.push_back(*std::move(assignment));
        }
        return Generate(call, request, key, &original);
      });
}

absl::StatusOr<v1::GenerateAssignmentsResponse> AssignmentHandler::Generate(
    const CallContext& call, const v1::GenerateAssignmentsRequest& request,
    const db::CreateRequest& key, const std::vector<v1::Assignment>* replayed) {
  if (absl::Status s = ValidateGenerateRequest(request); !s.ok()) return s;
  absl::StatusOr<v1::SamplingPlan> plan = assignments_.GetPlan(request.plan_id());
  if (!plan.ok()) return plan.status();
  absl::StatusOr<bool> in_scope = PlanInScope(call, *plan);
  if (!in_scope.ok()) return in_scope.status();
  if (!*in_scope) return PlanNotFound(plan->id());

  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = PublishedCard(plan->scorecard_id());
  // A replay draws nothing, so it needs no published version: it still answers after a
  // retirement.
  if (!card.ok() && !(replayed != nullptr && absl::IsFailedPrecondition(card.status()))) {
    return card.status();
  }
  // The card in use now decides, not the one the plan was checked against: a newer version may
  // cover fewer channels.
  const DrawableChannels drawable =
      card.ok() ? ChannelsToDraw(ChannelsOf(*plan), (*card)->scorecard) : DrawableChannels{};

  absl::StatusOr<std::vector<std::string>> agents = PlanAgents(*plan);
  if (!agents.ok()) return agents.status();
  std::sort(agents->begin(), agents->end());
  const int64_t period_start = db::TimestampToMillis(request.period_start_time());
  const int64_t period_end = db::TimestampToMillis(request.period_end_time());
  std::vector<db::PlanInteraction> rows;
  if (!drawable.none()) {
    absl::StatusOr<std::vector<db::PlanInteraction>> read = assignments_.ListPlanInteractions(
        plan->id(), *agents, drawable.channels, period_start, period_end);
    if (!read.ok()) return read.status();
    rows = std::move(*read);
  }

  // Every agent-week of the period, so that a week without interactions shows as a shortfall.
  std::map<std::pair<std::string, int64_t>, AgentWeek> weeks;
  for (const std::string& agent : *agents) {
    for (int64_t week = period_start; week < period_end; week += kWeekMillis) {
      weeks[{agent, week}] = AgentWeek{agent, week, 0, 0, {}};
    }
  }
  for (const db::PlanInteraction& row : rows) {
    auto found = weeks.find({row.agent_employee_id, WeekStartMillis(row.start_ms)});
    if (found == weeks.end()) continue;
    AgentWeek& week = found->second;
    ++week.week_total;
    if (row.assignment_state == v1::ASSIGNMENT_STATE_OPEN) ++week.already_assigned;
    if (!row.evaluated && row.assignment_state == 0) {
      week.available.push_back(Candidate{row.interaction_id, row.start_ms, row.channel});
    }
  }

  const QuotaRule rule = RuleOf(*plan);
  struct Draw {
    const AgentWeek* week;
    Candidate candidate;
  };
  std::vector<Draw> draws;
  std::map<std::pair<std::string, int64_t>, int> wanted;
  for (const auto& [agent_week, week] : weeks) {
    AgentWeekSample sample = SampleAgentWeek(rule, week, request.seed());
    wanted[agent_week] = sample.wanted;
    if (replayed != nullptr) continue;
    for (const Candidate& candidate : sample.drawn) draws.push_back(Draw{&week, candidate});
  }
  const std::vector<std::string> evaluators(plan->evaluator_employee_ids().begin(),
                                            plan->evaluator_employee_ids().end());
  absl::StatusOr<std::map<std::string, int>> open = assignments_.CountOpenAssignments(evaluators);
  if (!open.ok()) return open.status();
  std::vector<std::string> draw_agents;
  for (const Draw& draw : draws) draw_agents.push_back(draw.week->agent_employee_id);
  const std::vector<std::optional<std::string>> chosen =
      BalanceEvaluators(draw_agents, evaluators, *open, request.seed());

  std::vector<v1::Assignment> assignments;
  std::map<std::pair<std::string, int64_t>, int> added;
  for (std::size_t i = 0; i < draws.size(); ++i) {
    if (!chosen[i]) continue;
    const Draw& draw = draws[i];
    v1::Assignment assignment;
    assignment.set_plan_id(plan->id());
    assignment.set_interaction_id(draw.candidate.interaction_id);
    assignment.set_agent_employee_id(draw.week->agent_employee_id);
    assignment.set_evaluator_employee_id(*chosen[i]);
    assignment.set_scorecard_id(plan->scorecard_id());
    assignment.set_state(v1::ASSIGNMENT_STATE_OPEN);
    *assignment.mutable_week_start_time() = db::MillisToTimestamp(draw.week->week_start_ms);
    assignment.set_channel(static_cast<v1::Channel>(draw.candidate.channel));
    *assignment.mutable_interaction_start_time() = db::MillisToTimestamp(draw.candidate.start_ms);
    assignments.push_back(std::move(assignment));
    ++added[{draw.week->agent_employee_id, draw.week->week_start_ms}];
  }

  v1::GenerateAssignmentsResponse response;
  for (const auto& [agent_week, week] : weeks) {
    v1::QuotaResult* quota = response.add_quotas();
    quota->set_agent_employee_id(week.agent_employee_id);
    *quota->mutable_week_start_time() = db::MillisToTimestamp(week.week_start_ms);
    quota->set_wanted(wanted[agent_week]);
    quota->set_assigned(week.already_assigned + added[agent_week]);
    quota->set_available(static_cast<int32_t>(week.available.size()));
  }
  if (replayed != nullptr) assignments = *replayed;
  if (replayed == nullptr && !request.dry_run() && !assignments.empty()) {
    const std::string detail = absl::StrCat("{\"period_start_time\":\"", Rfc3339(period_start),
                                            "\",\"period_end_time\":\"", Rfc3339(period_end),
                                            "\",\"seed\":\"", request.seed(), "\"}");
    absl::StatusOr<std::vector<v1::Assignment>> stored =
        assignments_.InsertAssignments(plan->id(), assignments, detail, call.Stamp(key), clock_());
    if (!stored.ok()) return stored.status();
    assignments = std::move(*stored);
  }
  for (v1::Assignment& assignment : assignments)
    *response.add_assignments() = std::move(assignment);
  return response;
}

absl::StatusOr<v1::ListAssignmentsResponse> AssignmentHandler::ListAssignments(
    const CallContext& call, const v1::ListAssignmentsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "assignments", call.PageScope());
  if (!page.ok()) return page.status();
  db::AssignmentFilter filter;
  Violations violations;
  if (request.evaluator_employee_id() != "me" && !request.evaluator_employee_id().empty()) {
    violations.Add(RequireIdentifier("evaluator_employee_id", request.evaluator_employee_id(), 64));
  }
  if (!v1::AssignmentState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (request.plan_id() < 0) {
    violations.Add("plan_id", absl::StrCat("must not be negative (0 lists every plan), got ",
                                           request.plan_id()));
  }
  if (!violations.empty()) return violations.ToStatus();
  if (request.evaluator_employee_id() == "me") {
    if (call.caller.employee_id.empty()) return v1::ListAssignmentsResponse();
    filter.evaluator_employee_id = call.caller.employee_id;
  } else {
    filter.evaluator_employee_id = request.evaluator_employee_id();
  }
  filter.state = request.state();
  filter.plan_id = request.plan_id();
  // Own scope: the caller's own queue only.
  if (call.scope != Scope::kAll &&
      !NarrowFilter(call.caller.employee_id, &filter.evaluator_employee_id)) {
    return v1::ListAssignmentsResponse();
  }
  absl::StatusOr<int64_t> after = page->after_int();
  if (!after.ok()) return after.status();
  absl::StatusOr<std::vector<v1::Assignment>> rows =
      assignments_.ListAssignments(filter, *after, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListAssignmentsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::Assignment& row) { return absl::StrCat(row.id()); }));
  for (v1::Assignment& row : *rows) *response.add_assignments() = std::move(row);
  return response;
}

absl::StatusOr<v1::SkipAssignmentResponse> AssignmentHandler::SkipAssignment(
    const CallContext& call, const v1::SkipAssignmentRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::SkipAssignmentResponse>(
      requests_, call.caller.principal, call.method, key, [&] { return Skip(call, request, key); },
      [&](const db::LoggedRequest& logged) -> absl::StatusOr<v1::SkipAssignmentResponse> {
        v1::SkipAssignmentResponse response;
        absl::StatusOr<v1::Assignment> skipped = assignments_.GetAssignment(request.id());
        if (!skipped.ok()) return skipped.status();
        *response.mutable_skipped() = *std::move(skipped);
        for (int64_t id : IdsInAuditJson(logged.after_json, "replacement_assignment_id")) {
          absl::StatusOr<v1::Assignment> replacement = assignments_.GetAssignment(id);
          if (!replacement.ok()) return replacement.status();
          *response.mutable_replacement() = *std::move(replacement);
        }
        return response;
      });
}

absl::StatusOr<v1::SkipAssignmentResponse> AssignmentHandler::Skip(
    const CallContext& call, const v1::SkipAssignmentRequest& request,
    const db::CreateRequest& key) {
  if (absl::Status s = ValidateSkipRequest(request); !s.ok()) return s;
  const absl::Status not_found =
      absl::NotFoundError(absl::StrCat("assignment ", request.id(), " not found"));
  if (call.caller.employee_id.empty()) return not_found;
  absl::StatusOr<v1::Assignment> assignment = assignments_.GetAssignment(request.id());
  if (!assignment.ok()) return assignment.status();
  if (assignment->evaluator_employee_id() != call.caller.employee_id) return not_found;
  absl::StatusOr<v1::SamplingPlan> plan = assignments_.GetPlan(assignment->plan_id());
  if (!plan.ok()) return plan.status();
  absl::StatusOr<std::shared_ptr<const CachedScorecard>> card = PublishedCard(plan->scorecard_id());
  if (!card.ok() && !absl::IsFailedPrecondition(card.status())) return card.status();
  // Without a published version nothing can be scored: the skip stands, with no replacement.
  const DrawableChannels drawable =
      card.ok() ? ChannelsToDraw(ChannelsOf(*plan), (*card)->scorecard) : DrawableChannels{};
  db::SkipRequest skip;
  skip.assignment_id = request.id();
  skip.reason = request.reason();
  skip.evaluator_employee_id = call.caller.employee_id;
  skip.channels = drawable.channels;
  skip.same_channel = plan->stratify_by_channel();
  if (!drawable.none()) {
    skip.choose = [](const std::vector<db::ReplacementCandidate>& candidates,
                     const v1::Assignment& skipped) -> std::optional<int64_t> {
      std::vector<Candidate> pool;
      for (const db::ReplacementCandidate& c : candidates)
        pool.push_back({c.interaction_id, c.start_ms, c.channel});
      std::optional<Candidate> pick =
          PickReplacement(pool, db::TimestampToMillis(skipped.interaction_start_time()));
      if (!pick) return std::nullopt;
      return pick->interaction_id;
    };
  }
  absl::StatusOr<db::SkipResult> result = assignments_.Skip(skip, call.Stamp(key), clock_());
  if (!result.ok()) return result.status();
  v1::SkipAssignmentResponse response;
  *response.mutable_skipped() = std::move(result->skipped);
  if (result->replacement) *response.mutable_replacement() = std::move(*result->replacement);
  return response;
}

absl::StatusOr<v1::ListAgentQaSummariesResponse> AssignmentHandler::ListAgentQaSummaries(
    const CallContext& call, const v1::ListAgentQaSummariesRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "agentQaSummaries", call.PageScope());
  if (!page.ok()) return page.status();
  if (absl::Status s = ValidateQaSummariesRequest(request); !s.ok()) return s;
  const double confidence = EffectiveConfidence(request.confidence_level());
  db::AgentScoreFilter filter;
  filter.agent_employee_id = request.agent_employee_id();
  filter.team_id = request.team_id();
  if (request.has_submitted_after())
    filter.submitted_from_ms = db::TimestampToMillis(request.submitted_after());
  if (request.has_submitted_before())
    filter.submitted_to_ms = db::TimestampToMillis(request.submitted_before());
  if (call.scope == Scope::kOwn &&
      !NarrowFilter(call.caller.employee_id, &filter.agent_employee_id)) {
    return v1::ListAgentQaSummariesResponse();
  }
  if (call.scope == Scope::kTeam && !NarrowFilter(call.caller.team_id, &filter.team_id)) {
    return v1::ListAgentQaSummariesResponse();
  }
  absl::StatusOr<std::vector<db::AgentScores>> rows =
      assignments_.ListAgentScores(filter, page->after_key(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListAgentQaSummariesResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const db::AgentScores& row) { return row.agent_employee_id; }));
  for (const db::AgentScores& row : *rows) {
    v1::AgentQaSummary* summary = response.add_summaries();
    summary->set_agent_employee_id(row.agent_employee_id);
    summary->set_team_id(row.team_id);
    const MeanEstimate estimate = EstimateMean(row.scores, confidence);
    summary->set_evaluations(estimate.n);
    if (estimate.mean) {
      summary->set_mean_score(*estimate.mean);
      summary->set_band(ToProtoBand(BandForScore(*estimate.mean, BandCutoffs{})));
    }
    if (estimate.standard_deviation) summary->set_standard_deviation(*estimate.standard_deviation);
    // Scores live on 0–100, so an interval reaching past either end says no more than the end.
    if (estimate.low) summary->set_ci_low(std::clamp(*estimate.low, 0.0, 100.0));
    if (estimate.high) summary->set_ci_high(std::clamp(*estimate.high, 0.0, 100.0));
  }
  return response;
}

}  // namespace escala::server
