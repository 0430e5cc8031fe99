#include "server/training/enrolment_handler.h"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "db/common/error_details.h"
#include "db/training/enrolment_rules.h"
#include "server/api/list_page.h"
#include "server/api/request_id.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/schedule_conflicts.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxReason = 1000;

bool Trains(const v1::TrainingSession& session, const std::string& employee_id) {
  return !employee_id.empty() &&
         std::find(session.trainer_employee_ids().begin(), session.trainer_employee_ids().end(),
                   employee_id) != session.trainer_employee_ids().end();
}

absl::Status EnrolmentNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("enrolment ", id, " not found"));
}

// The enrolment a replay answers with: the one its event names ("enrolments/42").
absl::StatusOr<v1::Enrolment> Logged(db::EnrolmentRepository& enrolments,
                                     const db::LoggedRequest& logged) {
  absl::string_view name = logged.resource_name;
  int64_t id = 0;
  if (!absl::ConsumePrefix(&name, "enrolments/") || !absl::SimpleAtoi(name, &id)) {
    return absl::InternalError(
        absl::StrCat("the request's event names '", logged.resource_name, "'"));
  }
  return enrolments.Get(id);
}

}  // namespace

EnrolmentHandler::Reach EnrolmentHandler::ReachOf(const CallContext& call,
                                                  const v1::Enrolment& enrolment,
                                                  const v1::TrainingSession& session) const {
  switch (call.scope) {
    case Scope::kAll:
      return Reach::kStaff;
    case Scope::kOwn:
      if (Trains(session, call.caller.employee_id)) return Reach::kStaff;
      return !call.caller.employee_id.empty() &&
                     enrolment.person_employee_id() == call.caller.employee_id
                 ? Reach::kLearner
                 : Reach::kNone;
    case Scope::kTeam:
      if (!call.caller.employee_id.empty() &&
          enrolment.person_employee_id() == call.caller.employee_id) {
        return Reach::kLearner;
      }
      return !call.caller.team_id.empty() && enrolment.team_id() == call.caller.team_id
                 ? Reach::kLearner
                 : Reach::kNone;
  }
  return Reach::kNone;
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::Reachable(const CallContext& call, int64_t id,
                                                          Reach needed, Reach* reach) {
  absl::StatusOr<v1::Enrolment> enrolment = enrolments_.Get(id);
  if (!enrolment.ok()) return enrolment.status();
  absl::StatusOr<v1::TrainingSession> session =
      sessions_.Get(enrolment->training_session_id(), clock_());
  if (!session.ok()) return session.status();
  const Reach got = ReachOf(call, *enrolment, *session);
  if (got == Reach::kNone || (needed == Reach::kStaff && got != Reach::kStaff)) {
    return EnrolmentNotFound(id);
  }
  if (reach != nullptr) *reach = got;
  return enrolment;
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::Enrol(const CallContext& call,
                                                      const v1::EnrolRequest& request) {
  Violations violations;
  violations.Add(RequirePositiveId("training_session_id", request.training_session_id()));
  const std::string person =
      request.person_employee_id().empty() ? call.caller.employee_id : request.person_employee_id();
  if (person.empty()) {
    violations.Add("person_employee_id", "is required when the caller is not a person");
  } else {
    violations.Add(RequireIdentifier("person_employee_id", person, 64));
  }
  violations.Add(LimitText("reason", request.reason(), kMaxReason));
  violations.Add(CheckRequestId("request_id", request.request_id()));
  if (!violations.empty()) return violations.ToStatus();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Enrolment>(
      requests_, call.caller.principal, call.method, key,
      [&]() -> absl::StatusOr<v1::Enrolment> {
        const absl::Time now = clock_();
        absl::StatusOr<v1::TrainingSession> session =
            sessions_.Get(request.training_session_id(), now);
        if (absl::IsNotFound(session.status())) {
          return FieldPreconditionFailed(
              "training_session_id",
              absl::StrCat("training session ", request.training_session_id(), " does not exist"));
        }
        if (!session.ok()) return session.status();
        absl::StatusOr<v1::Person> learner = people_.Get(person);
        if (absl::IsNotFound(learner.status())) {
          if (call.scope != Scope::kAll) {
            return absl::NotFoundError(absl::StrCat("person '", person, "' not found"));
          }
          return FieldPreconditionFailed(
              "person_employee_id", absl::StrCat("'", person, "' is not in the people directory"));
        }
        if (!learner.ok()) return learner.status();
        v1::Enrolment candidate;
        candidate.set_person_employee_id(person);
        candidate.set_team_id(learner->team_id());
        if (ReachOf(call, candidate, *session) == Reach::kNone) {
          return absl::NotFoundError(
              absl::StrCat("person_employee_id: you may enrol only ",
                           call.scope == Scope::kTeam ? "people of your team" : "yourself",
                           " (or people into sessions you train)"));
        }
        absl::StatusOr<std::vector<v1::ScheduleConflict>> conflicts =
            FindScheduleConflicts(sessions_, enrolments_, person, *session, now);
        if (!conflicts.ok()) return conflicts.status();
        if (!conflicts->empty() && !request.override_conflicts()) {
          return ConflictRefusal(*conflicts, "override_conflicts enrols anyway");
        }
        db::NewEnrolment enrolment;
        enrolment.session_id = request.training_session_id();
        enrolment.person_employee_id = person;
        enrolment.team_id = learner->team_id();
        enrolment.reason = request.reason();
        enrolment.conflicts_overridden = !conflicts->empty();
        return enrolments_.Enrol(enrolment, call.Stamp(key), now);
      },
      [&](const db::LoggedRequest& logged) { return Logged(enrolments_, logged); });
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::RunStep(
    const CallContext& call, const google::protobuf::Message& request, int64_t id,
    const std::string& reason, const std::string& request_id, bool reason_required, Reach needed,
    const std::function<absl::StatusOr<v1::Enrolment>(Reach, const db::AuditStamp&)>& apply) {
  Violations violations;
  violations.Add(RequirePositiveId("id", id));
  violations.Add(reason_required ? RequireText("reason", reason, kMaxReason)
                                 : LimitText("reason", reason, kMaxReason));
  violations.Add(CheckRequestId("request_id", request_id));
  if (!violations.empty()) return violations.ToStatus();
  Reach reach = Reach::kNone;
  absl::StatusOr<v1::Enrolment> current = Reachable(call, id, needed, &reach);
  if (!current.ok()) return current.status();
  const db::CreateRequest key = CreateRequestOf(request);
  return ApplyOnce<v1::Enrolment>(
      requests_, call.caller.principal, call.method, key,
      [&] { return apply(reach, call.Stamp(key)); },
      // A replay answers the enrolment as it is now.
      [&](const db::LoggedRequest&) { return enrolments_.Get(id); });
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::ApproveEnrolment(
    const CallContext& call, const v1::ApproveEnrolmentRequest& request) {
  return RunStep(call, request, request.id(), request.reason(), request.request_id(), false,
                 Reach::kStaff, [&](Reach, const db::AuditStamp& stamp) {
                   return enrolments_.Approve(request.id(), request.reason(), stamp, clock_());
                 });
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::DeclineEnrolment(
    const CallContext& call, const v1::DeclineEnrolmentRequest& request) {
  return RunStep(call, request, request.id(), request.reason(), request.request_id(), true,
                 Reach::kStaff, [&](Reach, const db::AuditStamp& stamp) {
                   return enrolments_.Decline(request.id(), request.reason(), stamp, clock_());
                 });
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::WithdrawEnrolment(
    const CallContext& call, const v1::WithdrawEnrolmentRequest& request) {
  return RunStep(call, request, request.id(), request.reason(), request.request_id(), false,
                 Reach::kLearner, [&](Reach reach, const db::AuditStamp& stamp) {
                   return enrolments_.Withdraw(request.id(), request.reason(),
                                               reach == Reach::kLearner, stamp, clock_());
                 });
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::PromoteEnrolment(
    const CallContext& call, const v1::PromoteEnrolmentRequest& request) {
  return RunStep(call, request, request.id(), request.reason(), request.request_id(), false,
                 Reach::kStaff, [&](Reach, const db::AuditStamp& stamp) {
                   return enrolments_.Promote(request.id(), request.reason(),
                                              request.allow_overbook(), stamp, clock_());
                 });
}

absl::StatusOr<v1::Enrolment> EnrolmentHandler::GetEnrolment(
    const CallContext& call, const v1::GetEnrolmentRequest& request) {
  if (absl::Status s = RequirePositiveId("id", request.id()); !s.ok()) return s;
  return Reachable(call, request.id(), Reach::kLearner);
}

absl::StatusOr<v1::ListEnrolmentsResponse> EnrolmentHandler::ListEnrolments(
    const CallContext& call, const v1::ListEnrolmentsRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "enrolments", call.PageScope(), /*key_count=*/2);
  if (!page.ok()) return page.status();
  Violations violations;
  if (request.training_session_id() < 0) {
    violations.Add("training_session_id", "must be positive (or 0 for every session)");
  }
  if (!request.person_employee_id().empty()) {
    violations.Add(RequireIdentifier("person_employee_id", request.person_employee_id(), 64));
  }
  if (!v1::EnrolmentState_IsValid(request.state())) {
    violations.Add("state", absl::StrCat("unknown value ", request.state()));
  }
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<int64_t> after_session = page->after_int(0);
  if (!after_session.ok()) return after_session.status();
  absl::StatusOr<int64_t> after_id = page->after_int(1);
  if (!after_id.ok()) return after_id.status();
  db::EnrolmentFilter filter;
  filter.session_id = request.training_session_id();
  filter.person_employee_id = request.person_employee_id();
  filter.state = request.state();
  if (call.scope == Scope::kOwn) {
    // A service account has no enrolments and trains nothing.
    filter.reach_employee_id =
        call.caller.employee_id.empty() ? std::string("\x1f") : call.caller.employee_id;
  } else if (call.scope == Scope::kTeam) {
    filter.reach_team_id = call.caller.team_id.empty() ? std::string("\x1f") : call.caller.team_id;
  }
  absl::StatusOr<std::vector<v1::Enrolment>> rows =
      enrolments_.List(filter, *after_session, *after_id, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListEnrolmentsResponse response;
  response.set_next_page_token(page->Finish(*rows, [](const v1::Enrolment& e) {
    return std::vector<std::string>{absl::StrCat(e.training_session_id()), absl::StrCat(e.id())};
  }));
  for (v1::Enrolment& enrolment : *rows) *response.add_enrolments() = std::move(enrolment);
  return response;
}

absl::StatusOr<v1::ListEnrolmentHistoryResponse> EnrolmentHandler::ListEnrolmentHistory(
    const CallContext& call, const v1::ListEnrolmentHistoryRequest& request) {
  absl::StatusOr<ListPage> page =
      ListPage::Start(request, "enrolment_history", call.PageScope(), /*key_count=*/1);
  if (!page.ok()) return page.status();
  if (absl::Status s = RequirePositiveId("enrolment_id", request.enrolment_id()); !s.ok()) {
    return s;
  }
  absl::StatusOr<v1::Enrolment> enrolment =
      Reachable(call, request.enrolment_id(), Reach::kLearner);
  if (!enrolment.ok()) return enrolment.status();
  absl::StatusOr<int64_t> after_id = page->after_int(0);
  if (!after_id.ok()) return after_id.status();
  absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> rows =
      enrolments_.History(request.enrolment_id(), *after_id, page->fetch_limit());
  if (!rows.ok()) return rows.status();
  v1::ListEnrolmentHistoryResponse response;
  response.set_next_page_token(page->Finish(*rows, [](const v1::EnrolmentHistoryEntry& e) {
    return std::vector<std::string>{absl::StrCat(e.id())};
  }));
  for (v1::EnrolmentHistoryEntry& entry : *rows) *response.add_entries() = std::move(entry);
  return response;
}

}  // namespace escala::server
