// `escala courses …`: the training catalogue (CourseService).

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
#include "escala/v1/courses.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::Course;
using escala::v1::CourseService;

std::unique_ptr<CourseService::Stub> CourseStub(const CommandEnv& env) {
  return CourseService::NewStub(env.channel);
}

// "90m", "1h30m", "2h": what people type for a course's length.
std::string Minutes(const google::protobuf::Duration& duration) {
  const int64_t minutes = duration.seconds() / 60;
  if (minutes % 60 == 0 && minutes > 0) return absl::StrCat(minutes / 60, "h");
  if (minutes > 60) return absl::StrCat(minutes / 60, "h", minutes % 60, "m");
  return absl::StrCat(minutes, "m");
}

std::string Roles(const Course& course) {
  if (course.target_roles().empty()) return "any";
  std::vector<std::string> names;
  for (int role : course.target_roles())
    names.push_back(ShortEnumName(static_cast<v1::Role>(role)));
  return absl::StrJoin(names, ";");
}

std::string Levels(const Course& course) {
  if (course.target_levels().empty()) return "any";
  return absl::StrJoin(course.target_levels(), ";");
}

std::string PassMark(const Course& course) {
  return course.has_pass_mark_percent() ? absl::StrCat(course.pass_mark_percent(), "%") : "none";
}

int PrintCourse(const CommandEnv& env, const Course& course) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(course);
    return kExitOk;
  }
  Table table;
  if (env.options.output == OutputFormat::kCsv) table.header = {"field", "value"};
  table.rows = {{"course_id", course.course_id()},
                {"version", absl::StrCat(course.version())},
                {"state", ShortEnumName(course.state())},
                {"title", course.title()},
                {"kind", ShortEnumName(course.kind())},
                {"duration", Minutes(course.planned_duration())},
                {"roles", Roles(course)},
                {"levels", Levels(course)},
                {"prerequisites", absl::StrJoin(course.prerequisite_course_ids(), ";")},
                {"pass_mark", PassMark(course)},
                {"criteria", absl::StrJoin(course.criterion_keys(), ";")},
                {"description", course.description()},
                {"created_by", course.created_by()},
                {"create_time", FormatTimestamp(course.create_time())}};
  if (course.has_retire_time()) {
    table.rows.push_back({"retire_time", FormatTimestamp(course.retire_time())});
  }
  table.rows.push_back({"etag", course.etag()});
  PrintTable(env, table);
  return kExitOk;
}

void PrintCourses(const CommandEnv& env, const v1::ListCoursesResponse& response) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return;
  }
  Table table;
  table.header = {"COURSE ID", "V", "STATE", "KIND", "DURATION", "ROLES", "LEVELS", "TITLE"};
  for (const Course& course : response.courses()) {
    table.rows.push_back({course.course_id(), absl::StrCat(course.version()),
                          ShortEnumName(course.state()), ShortEnumName(course.kind()),
                          Minutes(course.planned_duration()), Roles(course), Levels(course),
                          course.title()});
  }
  PrintTable(env, table);
}

// The content flags of create and update. Each sets one field of the course and names it in
// the update mask; a usage error names the flag. Returns kExitOk or the exit code.
int ApplyContentFlags(const CommandEnv& env, const ParsedArgs& args, Course* course,
                      std::vector<std::string>* paths) {
  auto given = [&](const char* flag, const char* field) -> std::optional<std::string> {
    std::optional<std::string> value = args.Value(flag);
    if (value) paths->push_back(field);
    return value;
  };
  if (auto title = given("title", "title")) course->set_title(*title);
  if (auto description = given("description", "description")) {
    course->set_description(*description);
  }
  if (auto kind = given("kind", "kind")) {
    absl::StatusOr<v1::CourseKind> parsed = ParseEnum<v1::CourseKind>(*kind);
    if (!parsed.ok()) return UsageError(env, absl::StrCat("--kind: ", parsed.status().message()));
    course->set_kind(*parsed);
  }
  if (auto duration = given("duration", "planned_duration")) {
    absl::Duration parsed;
    if (!absl::ParseDuration(*duration, &parsed)) {
      return UsageError(
          env, absl::StrCat("--duration: not a duration (e.g. 90m, 1h30m): '", *duration, "'"));
    }
    course->mutable_planned_duration()->set_seconds(absl::ToInt64Seconds(parsed));
  }
  if (auto roles = given("roles", "target_roles")) {
    for (const std::string& name : SplitList(*roles)) {
      absl::StatusOr<v1::Role> role = ParseEnum<v1::Role>(name);
      if (!role.ok()) return UsageError(env, absl::StrCat("--roles: ", role.status().message()));
      course->add_target_roles(*role);
    }
  }
  if (auto levels = given("levels", "target_levels")) {
    for (const std::string& text : SplitList(*levels)) {
      int32_t level = 0;
      if (!absl::SimpleAtoi(text, &level)) {
        return UsageError(env, absl::StrCat("--levels: not a whole number: '", text, "'"));
      }
      course->add_target_levels(level);
    }
  }
  if (auto prerequisites = given("prerequisites", "prerequisite_course_ids")) {
    for (const std::string& id : SplitList(*prerequisites)) course->add_prerequisite_course_ids(id);
  }
  if (auto pass_mark = given("pass-mark", "pass_mark_percent")) {
    if (*pass_mark != "none") {
      int32_t percent = 0;
      if (!absl::SimpleAtoi(absl::StripSuffix(*pass_mark, "%"), &percent)) {
        return UsageError(env,
                          absl::StrCat("--pass-mark: a percent or 'none', got '", *pass_mark, "'"));
      }
      course->set_pass_mark_percent(percent);
    }
  }
  if (auto criteria = given("criteria", "criterion_keys")) {
    for (const std::string& key : SplitList(*criteria)) course->add_criterion_keys(key);
  }
  return kExitOk;
}

std::vector<FlagSpec> ContentFlags(bool create) {
  FlagSpec title = ValueFlag("title", "TEXT", "Title (1–200 characters).");
  FlagSpec kind = ValueFlag("kind", "KIND",
                            "theory, role-play, interaction-review, shadowing, refresher, "
                            "channel-etiquette or crisis-handling.");
  FlagSpec duration =
      ValueFlag("duration", "DURATION", "How long it takes, in whole minutes: 90m, 1h30m, 2h.");
  if (create) {
    title = Required(title);
    kind = Required(kind);
    duration = Required(duration);
  }
  return {title,
          ValueFlag("description", "TEXT", "What it teaches and how (at most 4000 characters)."),
          kind,
          duration,
          ValueFlag("roles", "ROLE;…",
                    "Roles it is meant for (';'-separated, e.g. agent;specialist); empty: every "
                    "role."),
          ValueFlag("levels", "N;…", "Levels (1–9) it is meant for; empty: every level."),
          ValueFlag("prerequisites", "COURSE_ID;…", "Courses to complete first."),
          ValueFlag("pass-mark", "PERCENT|none",
                    "Lowest passing assessment score (1–100); 'none': no assessment."),
          ValueFlag("criteria", "KEY;…", "Scorecard criterion keys it teaches.")};
}

std::vector<std::pair<std::string, std::string>> ContentFieldNames() {
  return {{"course.course_id", "COURSE_ID"},
          {"course.title", "--title"},
          {"course.description", "--description"},
          {"course.kind", "--kind"},
          {"course.planned_duration", "--duration"},
          {"course.target_roles", "--roles"},
          {"course.target_levels", "--levels"},
          {"course.prerequisite_course_ids", "--prerequisites"},
          {"course.pass_mark_percent", "--pass-mark"},
          {"course.criterion_keys", "--criteria"},
          {"course.etag", "--etag"}};
}

int RunCreate(const CommandEnv& env, const ParsedArgs& args) {
  v1::CreateCourseRequest request;
  Course* course = request.mutable_course();
  course->set_course_id(args.positional[0]);
  std::vector<std::string> paths;
  if (int code = ApplyContentFlags(env, args, course, &paths); code != kExitOk) return code;
  if (auto request_id = args.Value("request-id")) request.set_request_id(*request_id);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Course created;
  grpc::Status status = CourseStub(env)->CreateCourse(&context, request, &created);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCourse(env, created);
}

int RunUpdate(const CommandEnv& env, const ParsedArgs& args) {
  v1::UpdateCourseRequest request;
  Course* course = request.mutable_course();
  course->set_course_id(args.positional[0]);
  std::vector<std::string> paths;
  if (int code = ApplyContentFlags(env, args, course, &paths); code != kExitOk) return code;
  if (paths.empty()) return UsageError(env, "nothing to change: give at least one content flag");
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  if (auto etag = args.Value("etag")) course->set_etag(*etag);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Course updated;
  grpc::Status status = CourseStub(env)->UpdateCourse(&context, request, &updated);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCourse(env, updated);
}

int RunCourseShow(const CommandEnv& env, const ParsedArgs& args) {
  v1::GetCourseRequest request;
  request.set_course_id(args.positional[0]);
  if (auto version = args.Value("version")) {
    int32_t number = 0;
    if (!absl::SimpleAtoi(*version, &number) || number <= 0) {
      return UsageError(
          env, absl::StrCat("--version: a version number (1, 2, …), got '", *version, "'"));
    }
    request.set_version(number);
  }
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Course course;
  grpc::Status status = CourseStub(env)->GetCourse(&context, request, &course);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCourse(env, course);
}

int RunCourseList(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCoursesRequest request;
  if (int code = ApplyFieldFlags(env, args, &request); code != kExitOk) return code;
  std::unique_ptr<CourseService::Stub> stub = CourseStub(env);
  v1::ListCoursesResponse response;
  grpc::Status status = ListPages<v1::ListCoursesRequest, v1::ListCoursesResponse>(
      env, args.Has("all"), request,
      [&stub](grpc::ClientContext* context, const v1::ListCoursesRequest& page_request,
              v1::ListCoursesResponse* page) {
        return stub->ListCourses(context, page_request, page);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  PrintCourses(env, response);
  return kExitOk;
}

int RunVersions(const CommandEnv& env, const ParsedArgs& args) {
  v1::ListCourseVersionsRequest request;
  request.set_course_id(args.positional[0]);
  std::unique_ptr<CourseService::Stub> stub = CourseStub(env);
  v1::ListCoursesResponse response;
  // A course has few versions: every page is fetched.
  grpc::Status status = ListPages<v1::ListCourseVersionsRequest, v1::ListCoursesResponse>(
      env, true, request,
      [&stub](grpc::ClientContext* context, const v1::ListCourseVersionsRequest& page_request,
              v1::ListCoursesResponse* page) {
        return stub->ListCourseVersions(context, page_request, page);
      },
      &response);
  if (!status.ok()) return RpcFailure(env, status);
  PrintCourses(env, response);
  return kExitOk;
}

int RunRetire(const CommandEnv& env, const ParsedArgs& args) {
  v1::RetireCourseRequest request;
  request.set_course_id(args.positional[0]);
  request.set_reason(*args.Value("reason"));
  if (auto etag = args.Value("etag")) request.set_etag(*etag);
  request.set_request_id(args.Value("request-id").value_or(NewRequestId()));
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  Course retired;
  grpc::Status status = CourseStub(env)->RetireCourse(&context, request, &retired);
  if (!status.ok()) return RpcFailure(env, status);
  return PrintCourse(env, retired);
}

}  // namespace

GroupSpec CoursesGroup() {
  GroupSpec group{"courses", "The training catalogue: versioned courses.", {}};
  std::vector<FlagSpec> create_flags = ContentFlags(true);
  create_flags.push_back(
      ValueFlag("request-id", "ID",
                "Idempotency key: repeating the command with it returns the same course."));
  VerbSpec create{"create",
                  "Add a course to the catalogue.",
                  "COURSE_ID",
                  1,
                  1,
                  "Creates version 1 of the course COURSE_ID (its catalogue code, e.g.\n"
                  "L1-ETIQ-101). Lists are ';'-separated.",
                  create_flags,
                  RunCreate};
  create.field_names = ContentFieldNames();
  create.field_names.push_back({"request_id", "--request-id"});

  std::vector<FlagSpec> update_flags = ContentFlags(false);
  update_flags.push_back(
      ValueFlag("etag", "ETAG", "Only if the course is unchanged since you read this etag."));
  VerbSpec update{"update",
                  "Change a course: writes its next version.",
                  "COURSE_ID",
                  1,
                  1,
                  "Changes the fields given and writes them as the course's next version; the\n"
                  "earlier versions stay as they were. An empty list clears it (--roles '').",
                  update_flags,
                  RunUpdate};
  update.field_names = ContentFieldNames();

  std::vector<FlagSpec> list_flags = {
      FieldFlag("role", "ROLE", "role", "Only courses meant for this role."),
      FieldFlag("level", "N", "level", "Only courses meant for this level (1–9)."),
      FieldFlag("kind", "KIND", "kind", "Only courses of this kind."),
      FieldFlag("criterion", "KEY", "criterion_key",
                "Only courses teaching this scorecard criterion."),
      FieldFlag("state", "active|retired", "state", "Only courses in this state."),
      FieldFlag("page-size", "N", "page_size",
                "Courses per page (server default 50, at most 1000)."),
      FieldFlag("page-token", "TOKEN", "page_token",
                "Continue from a previous page's next_page_token."),
      SwitchFlag("all", "Fetch every page and print them as one list.")};
  VerbSpec list{
      "list",     "List courses by id.",
      "",         0,
      0,          "Lists the newest version of each course by course id, one page unless --all.",
      list_flags, RunCourseList};
  VerbSpec show{"show",
                "Show a course.",
                "COURSE_ID",
                1,
                1,
                "Shows the newest version of the course, or --version N.",
                {ValueFlag("version", "N", "Show this version instead of the newest.")},
                RunCourseShow};
  show.field_names = {{"course_id", "COURSE_ID"}, {"version", "--version"}};
  VerbSpec versions{"versions",  "List every version of a course.",
                    "COURSE_ID", 1,
                    1,           "Lists the course's versions, newest first.",
                    {},          RunVersions};
  versions.field_names = {{"course_id", "COURSE_ID"}};
  VerbSpec retire{"retire",
                  "Retire a course: it leaves the catalogue.",
                  "COURSE_ID",
                  1,
                  1,
                  "Retires the course. Its versions stay readable; it gets no new versions.",
                  {Required(ValueFlag("reason", "TEXT", "Why (1–1000 characters; audited).")),
                   ValueFlag("etag", "ETAG", "Only if the course is unchanged since you read it."),
                   ValueFlag("request-id", "ID", "Idempotency key; a random UUID when not given.")},
                  RunRetire};
  retire.field_names = {{"course_id", "COURSE_ID"}, {"reason", "--reason"}, {"etag", "--etag"}};
  group.verbs = {create, list, show, versions, update, retire};
  return group;
}

}  // namespace escala::client
