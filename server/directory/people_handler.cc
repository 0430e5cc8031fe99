#include "server/directory/people_handler.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "server/api/etag.h"
#include "server/api/field_mask.h"
#include "server/api/list_page.h"
#include "server/api/resume_token.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/directory/people_upsert.h"
#include "server/directory/people_validation.h"
#include "server/platform/record_scope.h"

namespace escala::server {
namespace {

// Records outside the caller's scope are answered in the same words as records that do not
// exist, so the answer does not reveal which of the two it is.
absl::Status PersonNotFound(const std::string& employee_id) {
  return absl::NotFoundError(absl::StrCat("person '", employee_id, "' not found"));
}

v1::UpsertPeopleResult::Outcome OutcomeOf(db::UpsertOutcome outcome) {
  switch (outcome) {
    case db::UpsertOutcome::kCreated:
      return v1::UpsertPeopleResult::OUTCOME_CREATED;
    case db::UpsertOutcome::kUpdated:
      return v1::UpsertPeopleResult::OUTCOME_UPDATED;
    case db::UpsertOutcome::kUnchanged:
      return v1::UpsertPeopleResult::OUTCOME_UNCHANGED;
  }
  return v1::UpsertPeopleResult::OUTCOME_UNSPECIFIED;
}

absl::Status TeamNotFound(const std::string& team_id) {
  return absl::NotFoundError(absl::StrCat("team '", team_id, "' not found"));
}

}  // namespace

absl::Status PeopleHandler::CheckPersonExists(const std::string& employee_id,
                                              const std::string& field) {
  absl::StatusOr<v1::Person> person = people_.Get(employee_id);
  if (absl::IsNotFound(person.status())) {
    return FieldPreconditionFailed(
        field, absl::StrCat("'", employee_id, "' is not in the people directory"));
  }
  return person.status();
}

absl::StatusOr<std::vector<v1::Team>> PeopleHandler::ListTeamsInScope(const CallContext& call,
                                                                      const std::string& after,
                                                                      int limit) {
  if (call.scope == Scope::kAll) return teams_.List(after, limit);
  // Own and team scope see one team at most: the caller's.
  std::vector<v1::Team> visible;
  if (call.caller.team_id.empty() || call.caller.team_id <= after) return visible;
  absl::StatusOr<v1::Team> team = teams_.Get(call.caller.team_id);
  if (absl::IsNotFound(team.status())) return visible;
  if (!team.ok()) return team.status();
  visible.push_back(*std::move(team));
  return visible;
}

absl::StatusOr<v1::Person> PeopleHandler::CreatePerson(const CallContext& call,
                                                       const v1::CreatePersonRequest& request) {
  if (absl::Status s = Nested("person.", ValidatePerson(request.person())); !s.ok()) return s;
  return people_.Create(request.person(), call.Stamp(), clock_());
}

absl::StatusOr<v1::Person> PeopleHandler::GetPerson(const CallContext& call,
                                                    const v1::GetPersonRequest& request) {
  if (absl::Status s = RequireIdentifier("employee_id", request.employee_id(), 64); !s.ok())
    return s;
  absl::StatusOr<v1::Person> person = people_.Get(request.employee_id());
  if (!person.ok()) return person.status();
  absl::StatusOr<bool> visible = OwnerInScope(call, person->employee_id(), people_);
  if (!visible.ok()) return visible.status();
  if (!*visible) return PersonNotFound(request.employee_id());
  return person;
}

absl::StatusOr<v1::ListPeopleResponse> PeopleHandler::ListPeople(
    const CallContext& call, const v1::ListPeopleRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "people", call.PageScope());
  if (!page.ok()) return page.status();
  Violations violations;
  if (!v1::Role_IsValid(request.role())) {
    violations.Add("role", absl::StrCat("unknown value ", request.role()));
  }
  if (request.level() < 0 || request.level() > 9) {
    violations.Add("level", absl::StrCat("must be between 0 (any) and 9, got ", request.level()));
  }
  if (!request.team_id().empty())
    violations.Add(RequireIdentifier("team_id", request.team_id(), 64));
  if (!violations.empty()) return violations.ToStatus();
  db::PeopleFilter filter;
  filter.team_id = request.team_id();
  if (call.scope == Scope::kOwn && !NarrowFilter(call.caller.employee_id, &filter.employee_id)) {
    return v1::ListPeopleResponse();
  }
  if (call.scope == Scope::kTeam && !NarrowFilter(call.caller.team_id, &filter.team_id)) {
    return v1::ListPeopleResponse();
  }
  filter.role = request.role();
  filter.level = request.level();
  if (request.has_active()) filter.active = request.active();
  db::FeedPosition watermark;
  absl::StatusOr<std::vector<v1::Person>> rows =
      people_.ListWithWatermark(filter, page->after_key(), page->fetch_limit(), watermark);
  if (!rows.ok()) return rows.status();
  v1::ListPeopleResponse response;
  if (watermark.epoch != 0) {
    response.set_event_watermark(EncodeResumeToken(FeedCursor{watermark.epoch, watermark.head}));
  }
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::Person& person) { return person.employee_id(); }));
  for (v1::Person& person : *rows) *response.add_people() = std::move(person);
  return response;
}

absl::StatusOr<v1::Person> PeopleHandler::UpdatePerson(const CallContext& call,
                                                       const v1::UpdatePersonRequest& request) {
  static const std::set<std::string> kUpdatable = {"display_name", "email",     "role",  "level",
                                                   "team_id",      "hire_date", "active"};
  if (absl::Status s = RequireIdentifier("person.employee_id", request.person().employee_id(), 64);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::Person> current = people_.Get(request.person().employee_id());
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("person.etag", request.person().etag(), current->etag(),
                                 absl::StrCat("people/", current->employee_id()));
      !s.ok()) {
    return s;
  }
  v1::Person merged = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), kUpdatable, request.person(), &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("person.", ValidatePerson(merged)); !s.ok()) return s;
  return people_.Update(merged, VersionFromEtag(current->etag()), call.Stamp(), clock_());
}

absl::StatusOr<v1::UpsertPeopleResponse> PeopleHandler::UpsertPeople(
    const CallContext& call, const v1::UpsertPeopleRequest& request) {
  if (request.people_size() == 0) {
    return InvalidField("people", "must contain at least one person");
  }
  if (request.people_size() > kMaxUpsertBatch) {
    return InvalidField("people", absl::StrCat("at most ", kMaxUpsertBatch, " per request, got ",
                                               request.people_size()));
  }
  if (!v1::ImportMode_IsValid(request.mode())) {
    return InvalidField("mode", absl::StrCat("unknown value ", request.mode()));
  }
  const bool keep_valid = request.mode() == v1::IMPORT_MODE_KEEP_VALID;

  std::vector<std::string> ids;
  ids.reserve(request.people_size());
  for (const v1::Person& person : request.people()) ids.push_back(person.employee_id());
  absl::StatusOr<std::vector<v1::Person>> stored_people = people_.GetMany(ids);
  if (!stored_people.ok()) return stored_people.status();
  std::map<std::string, v1::Person> stored;
  for (v1::Person& person : *stored_people) {
    std::string id = person.employee_id();
    stored.emplace(std::move(id), std::move(person));
  }
  absl::StatusOr<std::vector<PlannedPerson>> plan = PlanUpsert(request, stored);
  if (!plan.ok()) return plan.status();

  // A valid person whose team does not exist is refused too, as FAILED_PRECONDITION: the field is
  // well formed but names nothing. Each team is looked up once.
  std::vector<absl::Status> unknown_team(plan->size());
  std::map<std::string, bool> team_exists;
  for (std::size_t i = 0; i < plan->size(); ++i) {
    const std::string& team_id = (*plan)[i].person.team_id();
    const std::vector<std::string> violated = db::ViolatedFields((*plan)[i].invalid);
    if (team_id.empty() ||
        std::find(violated.begin(), violated.end(), "team_id") != violated.end()) {
      continue;
    }
    auto [known, inserted] = team_exists.emplace(team_id, false);
    if (inserted) {
      absl::StatusOr<v1::Team> team = teams_.Get(team_id);
      if (!team.ok() && !absl::IsNotFound(team.status())) return team.status();
      known->second = team.ok();
    }
    if (!known->second) {
      unknown_team[i] =
          FieldPreconditionFailed("team_id", absl::StrCat("team '", team_id, "' does not exist"));
    }
  }

  if (!keep_valid) {
    // All or nothing: every violation of every person in one error, and nothing written. Only
    // unknown teams make it FAILED_PRECONDITION; any malformed field makes it INVALID_ARGUMENT.
    Violations all;
    bool malformed = false;
    for (std::size_t i = 0; i < plan->size(); ++i) {
      const std::string prefix = absl::StrCat("people[", i, "].");
      malformed = malformed || !(*plan)[i].invalid.ok();
      all.AddNested(prefix, (*plan)[i].invalid);
      // Kept in a variable: a range-for over a member of a temporary would dangle.
      const google::rpc::BadRequest team_violations = db::BadRequestOf(unknown_team[i]);
      for (const auto& violation : team_violations.field_violations()) {
        all.Add(prefix + violation.field(), violation.description());
      }
    }
    if (!all.empty()) {
      absl::Status status = all.ToStatus();
      if (malformed) return status;
      return db::WithBadRequest(absl::FailedPreconditionError(status.message()),
                                db::BadRequestOf(status));
    }
  }

  v1::UpsertPeopleResponse response;
  std::vector<v1::Person> to_write;
  std::vector<v1::UpsertPeopleResult*> written_results;
  for (std::size_t i = 0; i < plan->size(); ++i) {
    v1::UpsertPeopleResult* result = response.add_results();
    result->set_index(static_cast<int32_t>(i));
    result->set_employee_id(request.people(static_cast<int>(i)).employee_id());
    if ((*plan)[i].invalid.ok() && unknown_team[i].ok()) {
      to_write.push_back((*plan)[i].person);
      written_results.push_back(result);
      continue;
    }
    result->set_outcome(v1::UpsertPeopleResult::OUTCOME_REJECTED);
    for (const absl::Status* problem : {&(*plan)[i].invalid, &unknown_team[i]}) {
      const google::rpc::BadRequest violations = db::BadRequestOf(*problem);
      for (const auto& violation : violations.field_violations()) {
        *result->add_violations() = violation;
      }
    }
    response.set_rejected_count(response.rejected_count() + 1);
  }
  if (to_write.empty()) return response;
  absl::StatusOr<db::UpsertCounts> counts = people_.Upsert(to_write, call.Stamp(), clock_());
  if (!counts.ok()) return counts.status();
  response.set_created_count(counts->created);
  response.set_updated_count(counts->updated);
  response.set_unchanged_count(counts->unchanged);
  for (std::size_t i = 0; i < written_results.size() && i < counts->outcomes.size(); ++i) {
    written_results[i]->set_outcome(OutcomeOf(counts->outcomes[i]));
  }
  return response;
}

absl::StatusOr<v1::Team> PeopleHandler::CreateTeam(const CallContext& call,
                                                   const v1::CreateTeamRequest& request) {
  if (absl::Status s = Nested("team.", ValidateTeam(request.team())); !s.ok()) return s;
  if (!request.team().lead_employee_id().empty()) {
    absl::Status exists =
        CheckPersonExists(request.team().lead_employee_id(), "team.lead_employee_id");
    if (!exists.ok()) return exists;
  }
  return teams_.Create(request.team(), call.Stamp(), clock_());
}

absl::StatusOr<v1::Team> PeopleHandler::GetTeam(const CallContext& call,
                                                const v1::GetTeamRequest& request) {
  if (absl::Status s = RequireIdentifier("team_id", request.team_id(), 64); !s.ok()) return s;
  if (!TeamInScope(call, request.team_id())) return TeamNotFound(request.team_id());
  return teams_.Get(request.team_id());
}

absl::StatusOr<v1::ListTeamsResponse> PeopleHandler::ListTeams(
    const CallContext& call, const v1::ListTeamsRequest& request) {
  absl::StatusOr<ListPage> page = ListPage::Start(request, "teams", call.PageScope());
  if (!page.ok()) return page.status();
  absl::StatusOr<std::vector<v1::Team>> rows =
      ListTeamsInScope(call, page->after_key(), page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListTeamsResponse response;
  response.set_next_page_token(
      page->Finish(*rows, [](const v1::Team& team) { return team.team_id(); }));
  for (v1::Team& team : *rows) *response.add_teams() = std::move(team);
  return response;
}

absl::StatusOr<v1::Team> PeopleHandler::UpdateTeam(const CallContext& call,
                                                   const v1::UpdateTeamRequest& request) {
  static const std::set<std::string> kUpdatable = {"display_name", "lead_employee_id"};
  if (absl::Status s = RequireIdentifier("team.team_id", request.team().team_id(), 64); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::Team> current = teams_.Get(request.team().team_id());
  if (!current.ok()) return current.status();
  if (absl::Status s = CheckEtag("team.etag", request.team().etag(), current->etag(),
                                 absl::StrCat("teams/", current->team_id()));
      !s.ok()) {
    return s;
  }
  v1::Team merged = *current;
  if (absl::Status s = ApplyFieldMask(request.update_mask(), kUpdatable, request.team(), &merged);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = Nested("team.", ValidateTeam(merged)); !s.ok()) return s;
  if (!merged.lead_employee_id().empty() &&
      merged.lead_employee_id() != current->lead_employee_id()) {
    absl::Status exists = CheckPersonExists(merged.lead_employee_id(), "team.lead_employee_id");
    if (!exists.ok()) return exists;
  }
  return teams_.Update(merged, VersionFromEtag(current->etag()), call.Stamp(), clock_());
}

}  // namespace escala::server
