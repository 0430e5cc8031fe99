// `escala sessions ics`, `escala my training` and `escala calendar`: training sessions and a
// person's schedule as iCalendar files (TrainingSessionService's Export*Calendar), and the
// caller's own enrolments.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::TrainingSessionService;

std::unique_ptr<TrainingSessionService::Stub> CalendarStub(const CommandEnv& env) {
  return TrainingSessionService::NewStub(env.channel);
}

// The flags that bound a person's calendar.
std::vector<FlagSpec> WindowFlags() {
  return {FieldFlag("from", "TIME", "from_time", "Only sessions ending after this RFC 3339 time."),
          FieldFlag("to", "TIME", "to_time", "Only sessions starting before this RFC 3339 time.")};
}

// Writes a person's calendars as one iCalendar stream: the live events, then the cancelled
// ones (each its own VCALENDAR, as one calendar object carries one method).
int PrintPersonCalendar(const CommandEnv& env, const v1::ExportPersonCalendarResponse& response) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  *env.out << response.calendar() << response.cancellation_calendar();
  return kExitOk;
}

int ExportPerson(const CommandEnv& env, const ParsedArgs& args, const std::string& employee_id) {
  v1::ExportPersonCalendarRequest request;
  request.set_employee_id(employee_id);
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  return CallThenPrint<v1::ExportPersonCalendarResponse>(
      env,
      [&](grpc::ClientContext* context, v1::ExportPersonCalendarResponse* out) {
        return CalendarStub(env)->ExportPersonCalendar(context, request, out);
      },
      PrintPersonCalendar);
}

int RunSessionIcs(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParsePositiveId(args.positional[0], "SESSION_ID");
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::ExportSessionCalendarRequest request;
  request.set_id(*id);
  return CallThenPrint<v1::ExportSessionCalendarResponse>(
      env,
      [&](grpc::ClientContext* context, v1::ExportSessionCalendarResponse* out) {
        return CalendarStub(env)->ExportSessionCalendar(context, request, out);
      },
      [](const CommandEnv& e, const v1::ExportSessionCalendarResponse& response) {
        if (e.options.output == OutputFormat::kJson) {
          *e.out << ToPrettyJson(response);
        } else {
          // The events of removed blocks follow as their own METHOD:CANCEL object.
          *e.out << response.calendar() << response.cancellation_calendar();
        }
        return kExitOk;
      });
}

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// The first block's start in the session's own zone: "2099-01-05 09:00 Europe/Berlin".
std::string FirstBlock(const v1::TrainingSession& session) {
  if (session.blocks().empty()) return "";
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!absl::LoadTimeZone(session.time_zone(), &zone)) zone = absl::UTCTimeZone();
  return absl::StrCat(
      absl::FormatTime("%Y-%m-%d %H:%M", ToTime(session.blocks(0).start_time()), zone), " ",
      session.time_zone());
}

// The caller's own enrolments, one row each by the session's start, with the session's state.
int RunMyTraining(const CommandEnv& env, const ParsedArgs& args) {
  if (args.Has("ics")) return ExportPerson(env, args, "");
  grpc::ClientContext who_context;
  SetDeadline(env.options, &who_context);
  v1::Principal principal;
  grpc::Status status = v1::IdentityService::NewStub(env.channel)
                            ->WhoAmI(&who_context, v1::WhoAmIRequest(), &principal);
  if (!status.ok()) return RpcFailure(env, status);
  if (!absl::StartsWith(principal.name(), "people/")) {
    return UsageError(env, absl::StrCat(principal.name(), " is not a person and has no training"));
  }
  v1::ListEnrolmentsRequest request;
  request.set_person_employee_id(principal.name().substr(7));
  request.set_page_size(1000);
  std::unique_ptr<v1::EnrolmentService::Stub> enrolments =
      v1::EnrolmentService::NewStub(env.channel);
  v1::ListEnrolmentsResponse listed;
  status = ListPages<v1::ListEnrolmentsRequest, v1::ListEnrolmentsResponse>(
      env, /*all=*/true, request,
      [&enrolments](grpc::ClientContext* context, const v1::ListEnrolmentsRequest& page_request,
                    v1::ListEnrolmentsResponse* page) {
        return enrolments->ListEnrolments(context, page_request, page);
      },
      &listed);
  if (!status.ok()) return RpcFailure(env, status);
  std::map<int64_t, v1::TrainingSession> sessions;
  for (const v1::Enrolment& enrolment : listed.enrolments()) {
    if (sessions.count(enrolment.training_session_id())) continue;
    grpc::ClientContext context;
    SetDeadline(env.options, &context);
    v1::GetTrainingSessionRequest get;
    get.set_id(enrolment.training_session_id());
    v1::TrainingSession session;
    status = CalendarStub(env)->GetTrainingSession(&context, get, &session);
    if (!status.ok()) return RpcFailure(env, status);
    sessions[session.id()] = session;
  }
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(listed);
    return kExitOk;
  }
  std::vector<const v1::Enrolment*> rows;
  for (const v1::Enrolment& enrolment : listed.enrolments()) rows.push_back(&enrolment);
  auto start_of = [&sessions](const v1::Enrolment* e) {
    const v1::TrainingSession& s = sessions.at(e->training_session_id());
    return s.blocks().empty() ? int64_t{0} : s.blocks(0).start_time().seconds();
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const v1::Enrolment* a, const v1::Enrolment* b) {
    return start_of(a) < start_of(b);
  });
  Table table;
  table.header = {"ENROLMENT", "SESSION", "COURSE", "STARTS", "SESSION STATE", "STATE", "QUEUE"};
  for (const v1::Enrolment* e : rows) {
    const v1::TrainingSession& s = sessions.at(e->training_session_id());
    table.rows.push_back(
        {absl::StrCat(e->id()), absl::StrCat(s.id()), s.course_id(), FirstBlock(s),
         ShortEnumName(s.state()), ShortEnumName(e->state()),
         e->state() == v1::ENROLMENT_STATE_WAITLISTED ? absl::StrCat(e->waitlist_position()) : ""});
  }
  PrintTable(env, table);
  return kExitOk;
}

int RunCalendar(const CommandEnv& env, const ParsedArgs& args) {
  return ExportPerson(env, args, args.positional[0]);
}

}  // namespace

VerbSpec SessionIcsVerb() {
  VerbSpec ics{"ics",
               "Write a session's calendar (iCalendar) for its trainers.",
               "SESSION_ID",
               1,
               1,
               "Writes the session as an RFC 5545 calendar on stdout, one event per block:\n"
               "METHOD:REQUEST, or METHOD:CANCEL once the session is cancelled. Each move\n"
               "raises the events' SEQUENCE; their UIDs stay. `escala sessions ics 7 > 7.ics`",
               {},
               RunSessionIcs};
  ics.field_names = {{"id", "SESSION_ID"}};
  return ics;
}

GroupSpec MyGroup() {
  std::vector<FlagSpec> flags = WindowFlags();
  flags.push_back(SwitchFlag("ics", "Write your schedule as an iCalendar stream instead."));
  VerbSpec training{
      "training",
      "Your training: enrolments, their state and waitlist position.",
      "",
      0,
      0,
      "Lists your enrolments by the session's start, upcoming and past, with the session's\n"
      "state, your enrolment's state and your place in the waitlist. With --ics, writes your\n"
      "schedule (sessions you are booked in and sessions you train) as iCalendar: the live\n"
      "events, then a METHOD:CANCEL calendar of withdrawn and cancelled ones. --from and --to\n"
      "bound the calendar.",
      flags,
      RunMyTraining};
  return GroupSpec{"my",
                   "What concerns you: your training, certifications and learning path.",
                   {training, MyCertificationsVerb(), MyPathVerb()}};
}

GroupSpec CalendarGroup() {
  std::vector<FlagSpec> flags = WindowFlags();
  flags.push_back(SwitchFlag("ics", "iCalendar output (the only format; accepted for clarity)."));
  VerbSpec calendar;
  calendar.summary = "Write a person's training schedule as iCalendar.";
  calendar.arguments = "EMPLOYEE_ID";
  calendar.min_arguments = 1;
  calendar.max_arguments = 1;
  calendar.description =
      "Writes the sessions the person is booked in and trains as iCalendar, then a\n"
      "METHOD:CANCEL calendar of withdrawn and cancelled ones. Team leads reach their team,\n"
      "managers everyone.";
  calendar.flags = flags;
  calendar.field_names = {{"employee_id", "EMPLOYEE_ID"}};
  calendar.run = RunCalendar;
  return GroupSpec{"calendar", calendar.summary, {calendar}};
}

}  // namespace escala::client
