// `escala sessions …`: deliveries of courses (TrainingSessionService).

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/csv_writer.h"
#include "client/core/enum_names.h"
#include "client/core/request_id.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/training_sessions.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::TrainingSession;
using escala::v1::TrainingSessionService;

std::unique_ptr<TrainingSessionService::Stub> Stub(const CommandEnv& env) {
  return TrainingSessionService::NewStub(env.channel);
}

absl::Time ToTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

// A block in the session's own time zone: "2024-03-04 10:00–13:00 (Europe/Berlin)".
std::string Block(const v1::SessionBlock& block, const std::string& zone_name) {
  absl::TimeZone zone = absl::UTCTimeZone();
  if (!absl::LoadTimeZone(zone_name, &zone)) zone = absl::UTCTimeZone();
  const absl::Time start = ToTime(block.start_time());
  const absl::Time end = ToTime(block.end_time());
  const bool same_day = absl::ToCivilDay(start, zone) == absl::ToCivilDay(end, zone);
  return absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M", start, zone), "–",
                      absl::FormatTime(same_day ? "%H:%M" : "%Y-%m-%d %H:%M", end, zone));
}

std::string Seats(const TrainingSession& session) {
  if (!session.has_capacity()) return "unlimited";
  if (session.capacity() == 0) return "closed";
  return absl::StrCat(session.capacity());
}

int PrintSession(const CommandEnv& env, const TrainingSession& session) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(session);
    return kExitOk;
  }
  Table table;
  if (env.options.output == OutputFormat::kCsv) table.header = {"field", "value"};
  table.rows = {{"id", absl::StrCat(session.id())},
                {"course", absl::StrCat(session.course_id(), " v", session.course_version())},
                {"state", ShortEnumName(session.state())},
                {"trainers", absl::StrJoin(session.trainer_employee_ids(), ";")},
                {"time_zone", session.time_zone()}};
  for (int i = 0; i < session.blocks_size(); ++i) {
    table.rows.push_back(
        {absl::StrCat("block ", i + 1), Block(session.blocks(i), session.time_zone())});
  }
  table.rows.push_back({"location", session.location()});
  table.rows.push_back({"video_link", session.video_link()});
  table.rows.push_back({"seats", Seats(session)});
  table.rows.push_back({"waitlist", session.waitlist_enabled() ? "yes" : "no"});
  table.rows.push_back({"approval", session.approval_required() ? "required" : "not required"});
  if (session.has_registration_open_time()) {
    table.rows.push_back({"registration_opens", FormatTimestamp(session.registration_open_time())});
  }
  if (session.has_registration_close_time()) {
    table.rows.push_back(
        {"registration_closes", FormatTimestamp(session.registration_close_time())});
  }
  if (session.has_cancellation_cutoff_time()) {
    table.rows.push_back(
        {"cancellation_cutoff", FormatTimestamp(session.cancellation_cutoff_time())});
  }
  if (!session.cancel_reason().empty()) {
    table.rows.push_back({"cancel_reason", session.cancel_reason()});
  }
  table.rows.push_back({"created_by", session.created_by()});
  table.rows.push_back({"etag", session.etag()});
  // After a move, or a schedule that overrode them: who now has two places to be.
  for (const v1::ScheduleConflict& conflict : session.schedule_conflicts()) {
    table.rows.push_back(
        {"conflict",
         absl::StrCat(conflict.employee_id(), conflict.as_trainer() ? " trains" : " is enrolled in",
                      " session ", conflict.other_training_session_id(), " ",
                      Block(conflict.other_block(), session.time_zone()))});
  }
  PrintTable(env, table);
  return kExitOk;
}

// "START/END", both RFC 3339 times (with an offset or Z); END may be a time of day
// ("2026-03-04T09:00:00+01:00/12:00") on the same day and offset as START.
absl::StatusOr<v1::SessionBlock> ParseBlock(const std::string& text) {
  const std::vector<std::string> parts = absl::StrSplit(text, '/');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not START/END (e.g. 2026-03-04T09:00:00+01:00/12:00)"));
  }
  absl::StatusOr<google::protobuf::Timestamp> start = ParseTimestamp(parts[0]);
  if (!start.ok()) return start.status();
  std::string end_text = parts[1];
  if (end_text.size() == 5 && end_text[2] == ':' && parts[0].size() >= 19) {
    // A time of day: the start's date and offset with another hh:mm.
    end_text = absl::StrCat(parts[0].substr(0, 11), end_text, ":00", parts[0].substr(19));
  }
  absl::StatusOr<google::protobuf::Timestamp> end = ParseTimestamp(end_text);
  if (!end.ok()) return end.status();
  v1::SessionBlock block;
  *block.mutable_start_time() = *start;
  *block.mutable_end_time() = *end;
  return block;
}

// The detail flags of schedule and update, each naming its field in the update mask.
int ApplyDetailFlags(const CommandEnv& env, const ParsedArgs& args, TrainingSession* session,
                     std::vector<std::string>* paths) {
  if (auto trainers = args.Value("trainers")) {
    paths->push_back("trainer_employee_ids");
    for (const std::string& id : SplitList(*trainers)) session->add_trainer_employee_ids(id);
  }
  if (args.Has("block")) {
    paths->push_back("blocks");
    for (const std::string& text : args.Values("block")) {
      absl::StatusOr<v1::SessionBlock> block = ParseBlock(text);
      if (!block.ok()) return UsageError(env, absl::StrCat("--block: ", block.status().message()));
      *session->add_blocks() = *block;
    }
  }
  if (auto zone = args.Value("time-zone")) {
    paths->push_back("time_zone");
    session->set_time_zone(*zone);
  }
  if (auto location = args.Value("location")) {
    paths->push_back("location");
    session->set_location(*location);
  }
  if (auto link = args.Value("video-link")) {
    paths->push_back("video_link");
    session->set_video_link(*link);
  }
  if (auto capacity = args.Value("capacity")) {
    paths->push_back("capacity");
    if (*capacity != "unlimited") {
      int32_t seats = 0;
      if (!absl::SimpleAtoi(*capacity, &seats)) {
        return UsageError(env, absl::StrCat("--capacity: a number of seats (0 = closed) or "
                                            "'unlimited', got '",
                                            *capacity, "'"));
      }
      session->set_capacity(seats);
    }
  }
  for (const auto& [flag, field] :
       {std::pair<const char*, const char*>{"waitlist", "waitlist_enabled"},
        {"approval", "approval_required"}}) {
    if (auto value = args.Value(flag)) {
      if (*value != "yes" && *value != "no") {
        return UsageError(env, absl::StrCat("--", flag, ": yes or no, got '", *value, "'"));
      }
      paths->push_back(field);
      if (std::string(flag) == "waitlist") {
        session->set_waitlist_enabled(*value == "yes");
      } else {
        session->set_approval_required(*value == "yes");
      }
    }
  }
  for (const auto& [flag, field, target] :
       {std::tuple{"registration-opens", "registration_open_time",
                   session->mutable_registration_open_time()},
        std::tuple{"registration-closes", "registration_close_time",
                   session->mutable_registration_close_time()},
        std::tuple{"cancellation-cutoff", "cancellation_cutoff_time",
                   session->mutable_cancellation_cutoff_time()}}) {
    if (auto value = args.Value(flag)) {
      absl::StatusOr<google::protobuf::Timestamp> time = ParseTimestamp(*value);
      if (!time.ok())
        return UsageError(env, absl::StrCat("--", flag, ": ", time.status().message()));
      *target = *time;
      paths->push_back(field);
    }
  }
  if (!session->has_registration_open_time()) session->clear_registration_open_time();
  if (!args.Has("registration-opens")) session->clear_registration_open_time();
  if (!args.Has("registration-closes")) session->clear_registration_close_time();
  if (!args.Has("cancellation-cutoff")) session->clear_cancellation_cutoff_time();
  return kExitOk;
}

std::vector<FlagSpec> DetailFlags(bool schedule) {
  FlagSpec trainers = ValueFlag("trainers", "ID;…", "Employee ids of the trainers.");
  FlagSpec block =
      Repeatable(ValueFlag("block", "START/END",
                           "A block, RFC 3339 with offset; END may be hh:mm on START's day "
                           "(2026-03-04T09:00:00+01:00/12:00). Give one --block per block."));
  FlagSpec zone =
      ValueFlag("time-zone", "ZONE", "IANA time zone the session is held in (Europe/Berlin).");
  if (schedule) {
    trainers = Required(trainers);
    block = Required(block);
    zone = Required(zone);
  }
  return {trainers,
          block,
          zone,
          ValueFlag("location", "TEXT", "Where (at most 500 characters)."),
          ValueFlag("video-link", "URL", "https:// link to the video call."),
          ValueFlag("capacity", "N|unlimited", "Seats; 0 closes the session to bookings."),
          ValueFlag("waitlist", "yes|no", "Whether requests beyond capacity wait in line."),
          ValueFlag("approval", "yes|no", "Whether enrolments need approval."),
          ValueFlag("registration-opens", "TIME", "When enrolment opens (RFC 3339)."),
          ValueFlag("registration-closes", "TIME", "When enrolment closes (RFC 3339)."),
          ValueFlag("cancellation-cutoff", "TIME", "Until when learners may withdraw."),
          SwitchFlag("override-conflicts",
                     "Go ahead although a trainer has an overlapping block in another session.")};
}

std::vector<std::pair<std::string, std::string>> DetailFieldNames() {
  return {{"training_session.course_id", "COURSE_ID"},
          {"training_session.trainer_employee_ids", "--trainers"},
          {"training_session.blocks", "--block"},
          {"training_session.time_zone", "--time-zone"},
          {"training_session.location", "--location"},
          {"training_session.video_link", "--video-link"},
          {"training_session.capacity", "--capacity"},
          {"training_session.registration_open_time", "--registration-opens"},
          {"training_session.registration_close_time", "--registration-closes"},
          {"training_session.cancellation_cutoff_time", "--cancellation-cutoff"},
          {"training_session.etag", "--etag"},
          {"override_conflicts", "--override-conflicts"}};
}

absl::StatusOr<int64_t> ParseId(const std::string& text) {
  return ParsePositiveId(text, "SESSION_ID");
}

int RunSchedule(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateTrainingSessionRequest request;
  TrainingSession* session = request.mutable_training_session();
  session->set_course_id(args.positional[0]);
  std::vector<std::string> paths;
  if (int code = ApplyDetailFlags(env, args, session, &paths); code != kExitOk) return code;
  if (auto request_id = args.Value("request-id")) request.set_request_id(*request_id);
  request.set_override_conflicts(args.Has("override-conflicts"));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  TrainingSession created;
  grpc::Status status = Stub(env)->CreateTrainingSession(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintSession(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParseId(args.positional[0]);
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::UpdateTrainingSessionRequest request;
  TrainingSession* session = request.mutable_training_session();
  session->set_id(*id);
  std::vector<std::string> paths;
  if (int code = ApplyDetailFlags(env, args, session, &paths); code != kExitOk) return code;
  if (paths.empty()) return UsageError(env, "nothing to change: give at least one flag");
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  if (auto etag = args.Value("etag")) session->set_etag(*etag);
  request.set_override_conflicts(args.Has("override-conflicts"));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  TrainingSession updated;
  grpc::Status status = Stub(env)->UpdateTrainingSession(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintSession(env, updated);
}

int RunShow(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParseId(args.positional[0]);
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::GetTrainingSessionRequest request;
  request.set_id(*id);
  return CallThenPrint<TrainingSession>(
      env,
      [&](grpc::ClientContext* context, TrainingSession* out) {
        return Stub(env)->GetTrainingSession(context, request, out);
      },
      PrintSession);
}

int RunList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListTrainingSessionsRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<TrainingSessionService::Stub> stub = Stub(env);
  v1::ListTrainingSessionsResponse response;
  grpc::Status status =
      ListPages<v1::ListTrainingSessionsRequest, v1::ListTrainingSessionsResponse>(
          env, args.Has("all"), request,
          [&stub](grpc::ClientContext* context, const v1::ListTrainingSessionsRequest& page_request,
                  v1::ListTrainingSessionsResponse* page) {
            return stub->ListTrainingSessions(context, page_request, page);
          },
          &response);
  if (!status.ok()) return RpcFailure(env, status);
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  Table table;
  table.header = {"ID", "COURSE", "STATE", "FIRST BLOCK", "BLOCKS", "SEATS", "TRAINERS", "WHERE"};
  for (const TrainingSession& s : response.training_sessions()) {
    table.rows.push_back({absl::StrCat(s.id()), s.course_id(), ShortEnumName(s.state()),
                          s.blocks().empty() ? "" : Block(s.blocks(0), s.time_zone()),
                          absl::StrCat(s.blocks_size()), Seats(s),
                          absl::StrJoin(s.trainer_employee_ids(), ";"),
                          s.location().empty() ? s.video_link() : s.location()});
  }
  PrintTable(env, table);
  return kExitOk;
}

int RunCancel(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParseId(args.positional[0]);
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::CancelTrainingSessionRequest request;
  request.set_id(*id);
  request.set_reason(*args.Value("reason"));
  if (auto etag = args.Value("etag")) request.set_etag(*etag);
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<TrainingSession>(
      env,
      [&](grpc::ClientContext* context, TrainingSession* out) {
        return Stub(env)->CancelTrainingSession(context, request, out);
      },
      PrintSession);
}

int RunClose(const CommandEnv& env, const ParsedArgs& args) {
  absl::StatusOr<int64_t> id = ParseId(args.positional[0]);
  if (!id.ok()) return UsageError(env, id.status().message());
  v1::CloseTrainingSessionRequest request;
  request.set_id(*id);
  if (auto etag = args.Value("etag")) request.set_etag(*etag);
  request.set_allow_missing_assessments(args.Has("allow-missing-assessments"));
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  return CallThenPrint<TrainingSession>(
      env,
      [&](grpc::ClientContext* context, TrainingSession* out) {
        return Stub(env)->CloseTrainingSession(context, request, out);
      },
      PrintSession);
}

}  // namespace

GroupSpec SessionsGroup() {
  GroupSpec group{"sessions", "Training sessions: deliveries of courses.", {}};
  std::vector<FlagSpec> schedule_flags = DetailFlags(true);
  schedule_flags.push_back(
      ValueFlag("request-id", "ID",
                "Idempotency key: repeating the command with it returns the same session."));
  VerbSpec schedule{"schedule",
                    "Schedule a session of a course.",
                    "COURSE_ID",
                    1,
                    1,
                    "Schedules a delivery of the course's newest version. Without --capacity the\n"
                    "session has unlimited seats; --capacity 0 closes it to bookings. A trainer\n"
                    "who trains or is enrolled in an overlapping block of another session is\n"
                    "refused unless --override-conflicts.",
                    schedule_flags,
                    RunSchedule};
  schedule.field_names = DetailFieldNames();
  schedule.field_names.push_back({"request_id", "--request-id"});
  std::vector<FlagSpec> update_flags = DetailFlags(false);
  update_flags.push_back(
      ValueFlag("etag", "ETAG", "Only if the session is unchanged since you read this etag."));
  VerbSpec move{"move",
                "Change a session that has not ended: its blocks, trainers, place, seats.",
                "SESSION_ID",
                1,
                1,
                "Changes the fields given; --block replaces every block. A block that has\n"
                "started keeps its start (its end may be corrected); once anyone is enrolled,\n"
                "no block may start in the past. A trainer's schedule conflict is refused\n"
                "unless --override-conflicts.",
                update_flags,
                RunUpdate};
  move.field_names = DetailFieldNames();
  std::vector<FlagSpec> list_flags = {
      FieldFlag("course", "COURSE_ID", "course_id", "Only sessions of this course."),
      FieldFlag("trainer", "EMPLOYEE_ID", "trainer_employee_id",
                "Only sessions this person trains."),
      FieldFlag("state", "STATE", "state",
                "scheduled, in-progress, delivered, closed or cancelled."),
      FieldFlag("from", "TIME", "from_time", "Only sessions ending after this RFC 3339 time."),
      FieldFlag("to", "TIME", "to_time", "Only sessions starting before this RFC 3339 time."),
      FieldFlag("page-size", "N", "page_size",
                "Sessions per page (server default 50, at most 1000)."),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list.")};
  VerbSpec list{
      "list",     "List sessions by start.",
      "",         0,
      0,          "Lists sessions by the start of their first block, one page unless --all.",
      list_flags, RunList};
  VerbSpec show{"show",
                "Show a session.",
                "SESSION_ID",
                1,
                1,
                "Shows the session, its blocks in its own time zone.",
                {},
                RunShow};
  show.field_names = {{"id", "SESSION_ID"}};
  VerbSpec cancel{"cancel",
                  "Cancel a session that has not been delivered.",
                  "SESSION_ID",
                  1,
                  1,
                  "Cancels the session with a reason.",
                  {Required(ValueFlag("reason", "TEXT", "Why (1–1000 characters).")),
                   ValueFlag("etag", "ETAG", "Only if unchanged since you read it."),
                   ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
                  RunCancel};
  cancel.field_names = {{"id", "SESSION_ID"}, {"reason", "--reason"}, {"etag", "--etag"}};
  VerbSpec close{
      "close",
      "Close a delivered session.",
      "SESSION_ID",
      1,
      1,
      "Closes a session whose last block has ended; nothing changes afterwards.\n"
      "Every booked learner gets an outcome (attended, partially attended, no show,\n"
      "excused; unmarked blocks count as not attended) and those who met the\n"
      "completion rule a completion record. For a course with an assessment the\n"
      "close is refused while scores are missing, unless\n"
      "--allow-missing-assessments (those learners then do not complete).",
      {ValueFlag("etag", "ETAG", "Only if unchanged since you read it."),
       SwitchFlag("allow-missing-assessments", "Close although learners have no assessment score."),
       ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
      RunClose};
  close.field_names = {{"id", "SESSION_ID"},
                       {"etag", "--etag"},
                       {"allow_missing_assessments", "--allow-missing-assessments"}};
  group.verbs = {schedule, list, show, move, cancel, close, SessionRosterVerb(), SessionIcsVerb()};
  return group;
}

}  // namespace escala::client
