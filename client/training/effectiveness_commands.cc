// `escala training effectiveness COURSE`: did the course move the QA results it teaches?
// (TrainingEffectivenessService.ComputeCourseEffectiveness)

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client/core/command.h"
#include "client/core/enum_names.h"
#include "client/core/table_printer.h"
#include "client/core/time_text.h"
#include "client/training/training_cli.h"
#include "escala/v1/training_effectiveness.grpc.pb.h"

namespace escala::client {
namespace {

using escala::v1::ComputeCourseEffectivenessResponse;
using escala::v1::CriterionEffectiveness;
using escala::v1::EffectivenessGroup;

// The width the text around the tables keeps to.
constexpr int kTextWidth = 80;

// "2026-11-01" for a DATE (that day's start, UTC) or an RFC 3339 time as given. With
// `end_of_day`, a DATE means the end of that day: "--to 2026-12-31" takes in the 31st.
absl::StatusOr<google::protobuf::Timestamp> ParseDayOrTime(const std::string& text,
                                                           bool end_of_day) {
  if (text.size() != 10) return ParseTimestamp(text);
  absl::StatusOr<google::protobuf::Timestamp> day =
      ParseTimestamp(absl::StrCat(text, "T00:00:00Z"));
  if (day.ok() && end_of_day) day->set_seconds(day->seconds() + 86400);
  return day;
}

// "90d" for whole days, else seconds.
std::string Span(const google::protobuf::Duration& duration) {
  if (duration.seconds() % 86400 == 0) return absl::StrCat(duration.seconds() / 86400, "d");
  return absl::StrCat(duration.seconds(), "s");
}

// The UTC day of a time: "2026-11-01".
std::string Day(const google::protobuf::Timestamp& timestamp) {
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}

std::string Points(double value) { return absl::StrFormat("%+.1f", value); }
std::string EffectivenessPercent(double value) { return absl::StrFormat("%.1f", value); }

// `text` broken at spaces into lines of at most `width` characters (a longer word stays whole),
// each ending in a newline.
std::string Wrap(const std::string& text, int width) {
  std::string out;
  std::string line;
  for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
    if (!line.empty() && static_cast<int>(DisplayWidth(line) + 1 + word.size()) > width) {
      absl::StrAppend(&out, line, "\n");
      line.clear();
    }
    absl::StrAppend(&line, line.empty() ? "" : " ", word);
  }
  if (!line.empty()) absl::StrAppend(&out, line, "\n");
  return out;
}

// "+6.2 points [+1.1, +11.3], trained 12 people / 80 evaluations, comparison 31 / 190", or
// "not enough data: trained group has 3 people with scores before and after (5 needed)".
std::string Verdict(const CriterionEffectiveness& c) {
  const int trained_evaluations =
      c.trained().evaluations_before() + c.trained().evaluations_after();
  const int comparison_evaluations =
      c.comparison().evaluations_before() + c.comparison().evaluations_after();
  if (c.has_estimate_points()) {
    return absl::StrCat(Points(c.estimate_points()), " points [", Points(c.low_points()), ", ",
                        Points(c.high_points()), "], trained ", c.trained().people(), " people / ",
                        trained_evaluations, " evaluations, comparison ", c.comparison().people(),
                        " / ", comparison_evaluations);
  }
  std::vector<std::string> short_groups;
  for (const auto& [name, group] :
       {std::pair<const char*, const EffectivenessGroup*>{"trained", &c.trained()},
        {"comparison", &c.comparison()}}) {
    if (group->people() < c.minimum_people()) {
      short_groups.push_back(absl::StrCat(name, " group has ", group->people(),
                                          " people with scores before and after"));
    }
  }
  if (short_groups.empty()) return absl::StrCat("not enough data: ", c.not_enough_data());
  return absl::StrCat("not enough data: ", absl::StrJoin(short_groups, "; "), " (",
                      c.minimum_people(), " needed)");
}

std::vector<std::string> GroupRow(const std::string& name, const EffectivenessGroup& group) {
  return {name,
          absl::StrCat(group.people()),
          absl::StrCat(group.people_left_out()),
          absl::StrCat(group.evaluations_before()),
          absl::StrCat(group.evaluations_after()),
          group.has_mean_before_percent() ? EffectivenessPercent(group.mean_before_percent()) : "",
          group.has_mean_after_percent() ? EffectivenessPercent(group.mean_after_percent()) : "",
          group.has_mean_change_points() ? Points(group.mean_change_points()) : ""};
}

std::string RoleLevels(const ComputeCourseEffectivenessResponse& response) {
  std::vector<std::string> parts;
  for (const v1::ComparedRoleLevel& compared : response.compared()) {
    parts.push_back(absl::StrCat(ShortEnumName(compared.role()), " L", compared.level()));
  }
  return parts.empty() ? "nobody" : absl::StrJoin(parts, ", ");
}

// One CSV row per criterion, every number in its own column.
int PrintCsv(const CommandEnv& env, const ComputeCourseEffectivenessResponse& response) {
  Table table;
  table.header = {"criterion_key"};
  for (const char* group : {"trained", "comparison"}) {
    for (const char* column :
         {"people", "people_left_out", "evaluations_before", "evaluations_after",
          "mean_before_percent", "mean_after_percent", "mean_change_points"}) {
      table.header.push_back(absl::StrCat(group, "_", column));
    }
  }
  for (const char* column :
       {"taught", "estimate_points", "low_points", "high_points", "not_enough_data"}) {
    table.header.push_back(column);
  }
  auto number = [](bool has, double value) { return has ? absl::StrCat(value) : std::string(); };
  for (const CriterionEffectiveness& c : response.criteria()) {
    std::vector<std::string> row = {c.criterion_key()};
    for (const EffectivenessGroup* group : {&c.trained(), &c.comparison()}) {
      for (const std::string& cell :
           {absl::StrCat(group->people()), absl::StrCat(group->people_left_out()),
            absl::StrCat(group->evaluations_before()), absl::StrCat(group->evaluations_after()),
            number(group->has_mean_before_percent(), group->mean_before_percent()),
            number(group->has_mean_after_percent(), group->mean_after_percent()),
            number(group->has_mean_change_points(), group->mean_change_points())}) {
        row.push_back(cell);
      }
    }
    row.push_back(c.taught() ? "true" : "false");
    row.push_back(number(c.has_estimate_points(), c.estimate_points()));
    row.push_back(number(c.has_low_points(), c.low_points()));
    row.push_back(number(c.has_high_points(), c.high_points()));
    row.push_back(c.not_enough_data());
    table.rows.push_back(std::move(row));
  }
  PrintTable(env, table);
  return kExitOk;
}

int PrintEffectiveness(const CommandEnv& env, const ComputeCourseEffectivenessResponse& response) {
  if (env.options.output == OutputFormat::kJson) {
    *env.out << ToPrettyJson(response);
    return kExitOk;
  }
  if (env.options.output == OutputFormat::kCsv) return PrintCsv(env, response);
  std::string head =
      absl::StrCat("Course ", response.course_id(), " (", response.course_title(),
                   "), completed from ", FormatTimestamp(response.completion_start_time()), " to ",
                   FormatTimestamp(response.completion_end_time()), " (as of ",
                   FormatTimestamp(response.as_of_time()),
                   "). Windows: ", Span(response.before_window_duration()), " before and ",
                   Span(response.after_window_duration()), " after each completion; ");
  if (response.has_reference_time()) {
    absl::StrAppend(&head, "the comparison group's split at ", Day(response.reference_time()),
                    ", the trained group's median completion.");
  } else {
    absl::StrAppend(&head, "nobody completed the course in the period.");
  }
  absl::StrAppend(&head, " Trained ", response.trained_people(), ", comparison ",
                  response.comparison_people(), " (", RoleLevels(response), "; ",
                  response.comparison_left_out_completed(),
                  " left out for having completed the course).");
  *env.out << Wrap(head, kTextWidth);
  for (const CriterionEffectiveness& c : response.criteria()) {
    *env.out << "\n"
             << c.criterion_key() << (c.taught() ? "" : " (not taught by the course)") << "\n";
    Table table;
    table.header = {"GROUP",       "PEOPLE", "LEFT OUT", "EVALS BEFORE",
                    "EVALS AFTER", "BEFORE", "AFTER",    "CHANGE"};
    table.rows = {GroupRow("trained", c.trained()), GroupRow("comparison", c.comparison())};
    PrintTable(env, table);
    *env.out << Wrap(Verdict(c), kTextWidth);
  }
  return kExitOk;
}

int RunEffectiveness(const CommandEnv& env, const ParsedArgs& args) {
  using Request = v1::ComputeCourseEffectivenessRequest;
  Request request;
  request.set_course_id(args.positional[0]);
  if (auto criterion = args.Value("criterion")) request.set_criterion_key(*criterion);
  for (const auto& [flag, window] :
       {std::pair<const char*, google::protobuf::Duration* (Request::*)()>{
            "before", &Request::mutable_before_window_duration},
        {"after", &Request::mutable_after_window_duration}}) {
    std::optional<std::string> value = args.Value(flag);
    if (!value) continue;
    std::optional<int64_t> seconds = ParseSpanSeconds(*value);
    if (!seconds) {
      return UsageError(env, absl::StrCat("--", flag, ": days (e.g. 90d), got '", *value, "'"));
    }
    (request.*window)()->set_seconds(*seconds);
  }
  for (const auto& [flag, end_of_day, time_field] :
       {std::tuple<const char*, bool, google::protobuf::Timestamp* (Request::*)()>{
            "from", false, &Request::mutable_completion_start_time},
        {"to", true, &Request::mutable_completion_end_time},
        {"as-of", false, &Request::mutable_as_of_time}}) {
    std::optional<std::string> value = args.Value(flag);
    if (!value) continue;
    absl::StatusOr<google::protobuf::Timestamp> time = ParseDayOrTime(*value, end_of_day);
    if (!time.ok()) return UsageError(env, absl::StrCat("--", flag, ": ", time.status().message()));
    *(request.*time_field)() = *time;
  }
  std::unique_ptr<v1::TrainingEffectivenessService::Stub> stub =
      v1::TrainingEffectivenessService::NewStub(env.channel);
  return CallThenPrint<ComputeCourseEffectivenessResponse>(
      env,
      [&](grpc::ClientContext* context, ComputeCourseEffectivenessResponse* response) {
        return stub->ComputeCourseEffectiveness(context, request, response);
      },
      PrintEffectiveness);
}

}  // namespace

VerbSpec EffectivenessVerb() {
  VerbSpec verb{
      "effectiveness",
      "Did a course move the QA results it teaches? Before/after, with a comparison group.",
      "COURSE",
      1,
      1,
      "For each criterion the course teaches (or --criterion), the change of the trained\n"
      "people's results from --before their completion to --after it, less the change of\n"
      "people of the same role and level who had not taken the course, over windows split\n"
      "at the trained group's median completion: the estimate in score points with its\n"
      "95 % interval, or why there is not enough data (5 people per group with results in\n"
      "both windows are needed). Trained: first completion from --from to --to (default\n"
      "the year before --as-of).",
      {ValueFlag("criterion", "KEY",
                 "Only this criterion (default: every one the course teaches)."),
       ValueFlag("before", "DAYS", "The window before each completion: 90d (7–365 days)."),
       ValueFlag("after", "DAYS", "The window after each completion: 90d (7–365 days)."),
       ValueFlag("from", "DATE", "Completions from this day (YYYY-MM-DD, UTC) or RFC 3339 time."),
       ValueFlag("to", "DATE", "Completions up to this day, inclusive, or before this time."),
       ValueFlag("as-of", "TIME", "Compute with what was known at this RFC 3339 time.")},
      RunEffectiveness};
  verb.field_names = {{"course_id", "COURSE"},
                      {"criterion_key", "--criterion"},
                      {"before_window_duration", "--before"},
                      {"after_window_duration", "--after"},
                      {"completion_start_time", "--from"},
                      {"completion_end_time", "--to"},
                      {"as_of_time", "--as-of"}};
  return verb;
}

}  // namespace escala::client
