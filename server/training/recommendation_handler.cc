#include "server/training/recommendation_handler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/enrolment_rules.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/platform/record_scope.h"
#include "server/training/recommendation_validation.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxReason = 1000;
// Rows read per round trip when a generation walks people, rules and evaluations.
constexpr int kReadPage = 500;

const std::set<std::string>& RuleUpdatableFields() {
  static const std::set<std::string>* const fields = new std::set<std::string>{
      "criterion_key", "course_id",          "below_percent", "last_results", "window_duration",
      "min_results",   "cool_down_duration", "action",        "active"};
  return *fields;
}

void ClearOutputFields(v1::CriterionTrainingRule& rule) {
  rule.clear_id();
  rule.clear_etag();
  rule.clear_created_by();
  rule.clear_create_time();
  rule.clear_update_time();
}

std::string RuleName(int64_t id) { return absl::StrCat("criterionTrainingRules/", id); }

absl::Status RecommendationNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("training recommendation ", id, " not found"));
}

// The people generation judges when no person is named: those who handle contacts.
bool IsAgentRole(v1::Role role) {
  return role == v1::ROLE_AGENT || role == v1::ROLE_SPECIALIST ||
         role == v1::ROLE_TECHNICAL_ENGINEER;
}

absl::Duration ToDuration(const google::protobuf::Duration& duration) {
  return absl::Seconds(duration.seconds()) + absl::Nanoseconds(duration.nanos());
}

CriterionGapRule ToGapRule(const v1::CriterionTrainingRule& rule) {
  CriterionGapRule gap;
  gap.criterion_key = rule.criterion_key();
  gap.course_id = rule.course_id();
  gap.below_percent = rule.below_percent();
  gap.last_results =
      rule.span_case() == v1::CriterionTrainingRule::kLastResults ? rule.last_results() : 0;
  if (rule.span_case() == v1::CriterionTrainingRule::kWindowDuration) {
    gap.window = ToDuration(rule.window_duration());
  }
  gap.min_results = rule.min_results();
  gap.cool_down = ToDuration(rule.cool_down_duration());
  gap.action =
      rule.action() == v1::TRAINING_RULE_ACTION_ENROL ? GapAction::kEnrol : GapAction::kRecommend;
  return gap;
}

v1::QuietReason ToProtoReason(QuietReason reason) {
  switch (reason) {
    case QuietReason::kNone:
      return v1::QUIET_REASON_UNSPECIFIED;
    case QuietReason::kNotEnoughResults:
      return v1::QUIET_REASON_NOT_ENOUGH_RESULTS;
    case QuietReason::kAtOrAboveThreshold:
      return v1::QUIET_REASON_AT_OR_ABOVE_THRESHOLD;
    case QuietReason::kEnrolled:
      return v1::QUIET_REASON_ENROLLED;
    case QuietReason::kAlreadyOpen:
      return v1::QUIET_REASON_ALREADY_OPEN;
    case QuietReason::kCoolingDown:
      return v1::QUIET_REASON_COOLING_DOWN;
    case QuietReason::kRecommendedByAnEarlierRule:
      return v1::QUIET_REASON_RECOMMENDED_BY_AN_EARLIER_RULE;
  }
  return v1::QUIET_REASON_UNSPECIFIED;
}

// Times as the database keeps them (whole milliseconds), so that an answer equals a later read.
google::protobuf::Timestamp MillisTimestamp(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

bool Visible(const CallContext& call, const v1::TrainingRecommendation& recommendation) {
  switch (call.scope) {
    case Scope::kAll:
      return true;
    case Scope::kOwn:
      return !call.caller.employee_id.empty() &&
             recommendation.employee_id() == call.caller.employee_id;
    case Scope::kTeam:
      return (!call.caller.team_id.empty() && recommendation.team_id() == call.caller.team_id) ||
             (!call.caller.employee_id.empty() &&
              recommendation.employee_id() == call.caller.employee_id);
  }
  return false;
}

}  // namespace

absl::Status TrainingRecommendationHandler::CheckCourseTeaches(
    const std::string& field, const v1::CriterionTrainingRule& rule) {
  absl::StatusOr<v1::Course> course = stores_.courses.Get(rule.course_id(), 0);
  if (absl::IsNotFound(course.status())) {
    return FieldPreconditionFailed(field,
                                   absl::StrCat("course '", rule.course_id(), "' does not exist"));
  }
  if (!course.ok()) return course.status();
  if (course->state() == v1::COURSE_STATE_RETIRED) {
    return db::WithErrorInfo(
        FieldPreconditionFailed(field, absl::StrCat("course '", rule.course_id(), "' is retired")),
        db::kReasonCourseRetired, {{"resource", absl::StrCat("courses/", rule.course_id())}});
  }
  // The catalogue says what a course teaches: a rule may only send people to a course for a
  // criterion the course claims, so that a typo cannot send a whole team to the wrong course
  // and the course's own criterion_keys stay the one place to read it from.
  const auto& keys = course->criterion_keys();
  if (std::find(keys.begin(), keys.end(), rule.criterion_key()) == keys.end()) {
    return FieldPreconditionFailed(
        field,
        absl::StrCat("course '", rule.course_id(), "' does not teach criterion '",
                     rule.criterion_key(), "': add it to the course's criterion_keys first"));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::CriterionTrainingRule>
TrainingRecommendationHandler::CreateCriterionTrainingRule(
    const CallContext& call, const v1::CreateCriterionTrainingRuleRequest& request) {
  if (absl::Status s = CheckRequestId("request_id", request.request_id()); !s.ok()) return s;
  const db::CreateRequest key = CreateRequestOf(request);
  // A replay is answered before any check: one that would now fail (the course retired since)
  // still gets its original rule.
  if (!key.request_id.empty()) {
    absl::StatusOr<std::optional<db::CreatedByRequest<v1::CriterionTrainingRule>>> original =
        stores_.recommendations.FindRuleByRequestId(key.request_id);
    if (!original.ok()) return original.status();
    if (original->has_value()) {
      return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
    }
  }
  if (!request.has_rule()) return InvalidField("rule", "is required");
  v1::CriterionTrainingRule rule = request.rule();
  ClearOutputFields(rule);
  if (!rule.has_active()) rule.set_active(true);
  if (absl::Status s = Nested("rule.", ValidateCriterionTrainingRule(rule)); !s.ok()) return s;
  if (absl::Status s = CheckCourseTeaches("rule.course_id", rule); !s.ok()) return s;
  absl::StatusOr<v1::CriterionTrainingRule> created =
      stores_.recommendations.CreateRule(rule, key, call.Stamp(key.request_id), clock_());
  if (db::ErrorReason(created.status()) != db::kReasonRequestIdReused) return created;
  // A concurrent retry with the same request_id won the insert: answer as a replay.
  absl::StatusOr<std::optional<db::CreatedByRequest<v1::CriterionTrainingRule>>> original =
      stores_.recommendations.FindRuleByRequestId(key.request_id);
  if (!original.ok() || !original->has_value()) return created;
  return Replay(**original, (*original)->resource.created_by(), key, call.caller.principal);
}

absl::StatusOr<v1::CriterionTrainingRule> TrainingRecommendationHandler::GetCriterionTrainingRule(
    const CallContext&, const v1::GetCriterionTrainingRuleRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return stores_.recommendations.GetRule(request.id());
}

absl::StatusOr<v1::ListCriterionTrainingRulesResponse>
TrainingRecommendationHandler::ListCriterionTrainingRules(
    const CallContext& call, const v1::ListCriterionTrainingRulesRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "criterionTrainingRules", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!request.criterion_key().empty()) {
    violations.Add(RequireIdentifier("criterion_key", request.criterion_key(), 64));
  }
  if (!request.course_id().empty()) {
    violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  }
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<int64_t> after = page->after_int();
  if (!after.ok()) return after.status();
  db::RuleFilter filter{request.criterion_key(), request.course_id(), request.active_only()};
  absl::StatusOr<std::vector<v1::CriterionTrainingRule>> rows =
      stores_.recommendations.ListRules(filter, *after, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListCriterionTrainingRulesResponse response;
  response.set_next_page_token(page->Finish(
      *rows, [](const v1::CriterionTrainingRule& rule) { return absl::StrCat(rule.id()); }));
  for (v1::CriterionTrainingRule& rule : *rows) *response.add_rules() = std::move(rule);
  return response;
}

absl::StatusOr<v1::CriterionTrainingRule>
TrainingRecommendationHandler::UpdateCriterionTrainingRule(
    const CallContext& call, const v1::UpdateCriterionTrainingRuleRequest& request) {
  const int64_t id = request.rule().id();
  if (absl::Status s = RequirePositiveId("rule.id", id); !s.ok()) return s;
  absl::StatusOr<v1::CriterionTrainingRule> current = stores_.recommendations.GetRule(id);
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("rule.etag", request.rule().etag(), current->etag(), RuleName(id));
      !s.ok()) {
    return s;
  }
  v1::CriterionTrainingRule changed = *current;
  if (absl::Status s =
          ApplyFieldMask(request.update_mask(), RuleUpdatableFields(), request.rule(), &changed);
      !s.ok()) {
    return s;
  }
  if (!changed.has_active()) changed.set_active(false);
  if (absl::Status s = Nested("rule.", ValidateCriterionTrainingRule(changed)); !s.ok()) return s;
  if (changed.SerializeAsString() == current->SerializeAsString()) return *current;
  if (changed.course_id() != current->course_id() ||
      changed.criterion_key() != current->criterion_key() ||
      (changed.active() && !current->active())) {
    if (absl::Status s = CheckCourseTeaches("rule.course_id", changed); !s.ok()) return s;
  }
  // The repository checks the etag again under its lock.
  return stores_.recommendations.UpdateRule(changed, VersionFromEtag(current->etag()), call.Stamp(),
                                            clock_());
}

absl::StatusOr<std::vector<v1::Person>> TrainingRecommendationHandler::PeopleInScope(
    const CallContext& call, const v1::GenerateTrainingRecommendationsRequest& request) {
  if (request.scope_case() == v1::GenerateTrainingRecommendationsRequest::kEmployeeId) {
    absl::StatusOr<v1::Person> person = stores_.people.Get(request.employee_id());
    const absl::Status not_found = absl::NotFoundError(
        absl::StrCat("employee_id: person '", request.employee_id(), "' not found"));
    if (absl::IsNotFound(person.status())) return not_found;
    if (!person.ok()) return person.status();
    absl::StatusOr<bool> in_scope = OwnerInScope(call, person->employee_id(), stores_.people);
    if (!in_scope.ok()) return in_scope.status();
    if (!*in_scope) return not_found;
    return std::vector<v1::Person>{*std::move(person)};
  }
  db::PeopleFilter filter;
  filter.active = true;
  if (request.scope_case() == v1::GenerateTrainingRecommendationsRequest::kTeamId) {
    const absl::Status not_found =
        absl::NotFoundError(absl::StrCat("team_id: team '", request.team_id(), "' not found"));
    if (!TeamInScope(call, request.team_id())) return not_found;
    absl::StatusOr<v1::Team> team = stores_.teams.Get(request.team_id());
    if (absl::IsNotFound(team.status())) return not_found;
    if (!team.ok()) return team.status();
    filter.team_id = request.team_id();
  } else if (call.scope != Scope::kAll) {
    // "Everyone" of a team lead is their team.
    if (call.caller.team_id.empty()) return std::vector<v1::Person>();
    filter.team_id = call.caller.team_id;
  }
  std::vector<v1::Person> people;
  std::string after;
  while (true) {
    absl::StatusOr<std::vector<v1::Person>> page = stores_.people.List(filter, after, kReadPage);
    if (!page.ok()) return page.status();
    for (v1::Person& person : *page) {
      if (IsAgentRole(person.role())) people.push_back(std::move(person));
    }
    if (static_cast<int>(page->size()) < kReadPage) break;
    after = page->back().employee_id();
  }
  return people;
}

absl::StatusOr<PersonQaRecord> TrainingRecommendationHandler::RecordOf(
    const v1::Person& person, absl::Time as_of, CriterionResultsReader& results) {
  PersonQaRecord record;
  // Every evaluation of the person submitted by as_of. A person has a few a month, so all of
  // them are read: a rule over the last N results may reach far back.
  absl::StatusOr<CriterionResultsByKey> read =
      results.ResultsOf(person.employee_id(), std::nullopt, as_of + absl::Milliseconds(1));
  if (!read.ok()) return read.status();
  record.results = *std::move(read);
  // Open enrolments (requested, booked, waitlisted) in sessions of a course that are neither
  // cancelled nor closed, as they stand now: the course is on its way, no rule repeats it.
  db::EnrolmentFilter enrolled;
  enrolled.person_employee_id = person.employee_id();
  std::map<int64_t, std::optional<std::string>> course_of_session;
  int64_t after_session = 0, after_id = 0;
  while (true) {
    absl::StatusOr<std::vector<v1::Enrolment>> page =
        stores_.enrolments.List(enrolled, after_session, after_id, kReadPage);
    if (!page.ok()) return page.status();
    for (const v1::Enrolment& enrolment : *page) {
      if (!db::IsOpenEnrolment(enrolment.state())) continue;
      auto course = course_of_session.find(enrolment.training_session_id());
      if (course == course_of_session.end()) {
        absl::StatusOr<v1::TrainingSession> session =
            stores_.sessions.Get(enrolment.training_session_id(), clock_());
        if (!session.ok() && !absl::IsNotFound(session.status())) return session.status();
        std::optional<std::string> live;
        if (session.ok() && session->state() != v1::TRAINING_SESSION_STATE_CANCELLED &&
            session->state() != v1::TRAINING_SESSION_STATE_CLOSED) {
          live = session->course_id();
        }
        course = course_of_session.emplace(enrolment.training_session_id(), live).first;
      }
      if (course->second.has_value()) record.courses[*course->second].enrolled = true;
    }
    if (static_cast<int>(page->size()) < kReadPage) break;
    after_session = page->back().training_session_id();
    after_id = page->back().id();
  }
  // The completions known at as_of: results up to the latest completion of a course are what
  // it was meant to fix, so only later ones count.
  absl::StatusOr<std::vector<v1::TrainingCompletion>> completions =
      stores_.completions.CompletionsOf({person.employee_id()}, as_of);
  if (!completions.ok()) return completions.status();
  for (const v1::TrainingCompletion& completion : *completions) {
    CourseHistory& entry = record.courses[completion.course_id()];
    const absl::Time completed =
        absl::FromUnixMillis(db::TimestampToMillis(completion.completion_time()));
    if (!entry.completed_time.has_value() || completed > *entry.completed_time) {
      entry.completed_time = completed;
    }
  }
  // What the person was recommended before.
  absl::StatusOr<std::vector<db::CourseRecommendationHistory>> history =
      stores_.recommendations.HistoryOf(person.employee_id());
  if (!history.ok()) return history.status();
  for (const db::CourseRecommendationHistory& course : *history) {
    CourseHistory& entry = record.courses[course.course_id];
    entry.recommended_time = course.last_recommended;
    entry.open_recommendation = course.open;
  }
  return record;
}

absl::StatusOr<v1::GenerateTrainingRecommendationsResponse>
TrainingRecommendationHandler::GenerateTrainingRecommendations(
    const CallContext& call, const v1::GenerateTrainingRecommendationsRequest& request) {
  Violations violations;
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (request.scope_case() == v1::GenerateTrainingRecommendationsRequest::kEmployeeId) {
    violations.Add(RequireIdentifier("employee_id", request.employee_id(), 64));
  }
  if (request.scope_case() == v1::GenerateTrainingRecommendationsRequest::kTeamId) {
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
  }
  if (request.has_as_of_time() &&
      db::TimestampToMillis(request.as_of_time()) > absl::ToUnixMillis(clock_())) {
    violations.Add("as_of_time", "must not be in the future");
  }
  if (!violations.empty()) return violations.ToStatus();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::GenerateTrainingRecommendationsResponse>(
      stores_.requests, call.caller.principal, call.method, key,
      [&] { return Generate(call, request, key); },
      // A replay answers what the original run made, as it is now; the run is not repeated.
      [&](const db::LoggedRequest&) -> absl::StatusOr<v1::GenerateTrainingRecommendationsResponse> {
        absl::StatusOr<std::vector<v1::TrainingRecommendation>> made =
            stores_.recommendations.RecommendationsOfRequest(call.caller.principal, key.request_id);
        if (!made.ok()) return made.status();
        v1::GenerateTrainingRecommendationsResponse response;
        for (v1::TrainingRecommendation& r : *made) *response.add_recommendations() = std::move(r);
        return response;
      });
}

absl::StatusOr<v1::GenerateTrainingRecommendationsResponse> TrainingRecommendationHandler::Generate(
    const CallContext& call, const v1::GenerateTrainingRecommendationsRequest& request,
    const db::CreateRequest& key) {
  const absl::Time now = clock_();
  const absl::Time as_of = request.has_as_of_time()
                               ? absl::FromUnixMillis(db::TimestampToMillis(request.as_of_time()))
                               : absl::FromUnixMillis(absl::ToUnixMillis(now));
  absl::StatusOr<std::vector<v1::Person>> people = PeopleInScope(call, request);
  if (!people.ok()) return people.status();

  // The active rules, by id; those whose course was retired since stay quiet.
  std::vector<v1::CriterionTrainingRule> rules;
  int retired_rules = 0;
  std::map<std::string, bool> course_retired;
  int64_t after = 0;
  while (true) {
    absl::StatusOr<std::vector<v1::CriterionTrainingRule>> page =
        stores_.recommendations.ListRules(db::RuleFilter{"", "", true}, after, kReadPage);
    if (!page.ok()) return page.status();
    for (v1::CriterionTrainingRule& rule : *page) {
      auto known = course_retired.find(rule.course_id());
      if (known == course_retired.end()) {
        absl::StatusOr<v1::Course> course = stores_.courses.Get(rule.course_id(), 0);
        if (!course.ok() && !absl::IsNotFound(course.status())) return course.status();
        known = course_retired
                    .emplace(rule.course_id(),
                             !course.ok() || course->state() == v1::COURSE_STATE_RETIRED)
                    .first;
      }
      if (known->second) {
        ++retired_rules;
      } else {
        rules.push_back(std::move(rule));
      }
    }
    if (static_cast<int>(page->size()) < kReadPage) break;
    after = page->back().id();
  }
  std::vector<CriterionGapRule> gap_rules;
  gap_rules.reserve(rules.size());
  for (const v1::CriterionTrainingRule& rule : rules) gap_rules.push_back(ToGapRule(rule));

  std::map<v1::QuietReason, int> quiet;
  if (retired_rules > 0) {
    quiet[v1::QUIET_REASON_COURSE_RETIRED] = retired_rules * static_cast<int>(people->size());
  }
  std::vector<v1::TrainingRecommendation> fired;
  CriterionResultsReader results(stores_.evaluations, stores_.scorecards);
  for (const v1::Person& person : *people) {
    if (gap_rules.empty()) break;
    absl::StatusOr<PersonQaRecord> record = RecordOf(person, as_of, results);
    if (!record.ok()) return record.status();
    for (const GapOutcome& outcome : EvaluateCriterionGaps(gap_rules, *record, as_of)) {
      if (outcome.quiet != QuietReason::kNone) {
        ++quiet[ToProtoReason(outcome.quiet)];
        continue;
      }
      const v1::CriterionTrainingRule& rule = rules[outcome.rule_index];
      v1::TrainingRecommendation& r = fired.emplace_back();
      r.set_employee_id(person.employee_id());
      r.set_team_id(person.team_id());
      r.set_course_id(rule.course_id());
      r.set_criterion_key(rule.criterion_key());
      r.set_rule_id(rule.id());
      r.set_action(rule.action());
      r.set_mean_percent(outcome.mean_percent.value_or(0));
      for (const CriterionResult& result : outcome.evidence) {
        v1::RecommendationEvidence* evidence = r.add_evidence();
        evidence->set_evaluation_id(result.evaluation_id);
        *evidence->mutable_submit_time() = MillisTimestamp(result.submit_time);
        evidence->set_percent(result.percent);
      }
      *r.mutable_as_of_time() = MillisTimestamp(as_of);
    }
  }
  v1::GenerateTrainingRecommendationsResponse response;
  response.set_people_judged(static_cast<int>(people->size()));
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> stored =
      stores_.recommendations.InsertRecommendations(fired, key.request_id, call.Stamp(key), now);
  if (!stored.ok()) return stored.status();
  for (v1::TrainingRecommendation& r : *stored) *response.add_recommendations() = std::move(r);
  for (const auto& [reason, count] : quiet) {
    v1::QuietReasonCount* entry = response.add_quiet();
    entry->set_reason(reason);
    entry->set_count(count);
  }
  return response;
}

absl::StatusOr<v1::TrainingRecommendation> TrainingRecommendationHandler::Reachable(
    const CallContext& call, int64_t id) {
  absl::StatusOr<v1::TrainingRecommendation> recommendation =
      stores_.recommendations.GetRecommendation(id);
  if (!recommendation.ok()) return recommendation.status();
  if (!Visible(call, *recommendation)) return RecommendationNotFound(id);
  return recommendation;
}

absl::StatusOr<v1::TrainingRecommendation> TrainingRecommendationHandler::GetTrainingRecommendation(
    const CallContext& call, const v1::GetTrainingRecommendationRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return Reachable(call, request.id());
}

absl::StatusOr<v1::ListTrainingRecommendationsResponse>
TrainingRecommendationHandler::ListTrainingRecommendations(
    const CallContext& call, const v1::ListTrainingRecommendationsRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "trainingRecommendations", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!request.employee_id().empty()) {
    violations.Add(RequireIdentifier("employee_id", request.employee_id(), 64));
  }
  if (!request.team_id().empty())
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
  if (!request.course_id().empty()) {
    violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  }
  if (!v1::TrainingRecommendationState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<int64_t> before = page->after_int();
  if (!before.ok()) return before.status();
  db::RecommendationFilter filter{request.employee_id(), request.team_id(), request.course_id(),
                                  request.state()};
  if (call.scope == Scope::kOwn && !NarrowFilter(call.caller.employee_id, &filter.employee_id)) {
    return v1::ListTrainingRecommendationsResponse();
  }
  if (call.scope == Scope::kTeam && !NarrowFilter(call.caller.team_id, &filter.team_id)) {
    return v1::ListTrainingRecommendationsResponse();
  }
  absl::StatusOr<std::vector<v1::TrainingRecommendation>> rows =
      stores_.recommendations.ListRecommendations(filter, *before, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListTrainingRecommendationsResponse response;
  response.set_next_page_token(page->Finish(
      *rows, [](const v1::TrainingRecommendation& r) { return absl::StrCat(r.id()); }));
  for (v1::TrainingRecommendation& r : *rows) *response.add_recommendations() = std::move(r);
  return response;
}

absl::StatusOr<v1::TrainingRecommendation>
TrainingRecommendationHandler::DismissTrainingRecommendation(
    const CallContext& call, const v1::DismissTrainingRecommendationRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("id", request.id()));
  violations.Add(RequireText("reason", request.reason(), kMaxReason));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<v1::TrainingRecommendation> current = Reachable(call, request.id());
  if (!current.ok()) return current.status();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::TrainingRecommendation>(
      stores_.requests, call.caller.principal, call.method, key,
      [&] {
        return stores_.recommendations.Dismiss(request.id(), request.reason(), call.Stamp(key),
                                               clock_());
      },
      // A replay answers the recommendation as it is now.
      [&](const db::LoggedRequest&) {
        return stores_.recommendations.GetRecommendation(request.id());
      });
}

}  // namespace escala::server
