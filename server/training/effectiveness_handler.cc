#include "server/training/effectiveness_handler.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/stats/difference_in_differences.h"
#include "server/training/criterion_results_reader.h"
#include "server/training/effectiveness_groups.h"

namespace escala::server {
namespace {

constexpr int64_t kDaySeconds = 24 * 3600;
constexpr int64_t kDefaultWindowDays = 90;
constexpr int64_t kMinWindowDays = 7;
constexpr int64_t kMaxWindowDays = 365;
constexpr int64_t kDefaultPeriodDays = 365;
// People read per round trip when the comparison candidates are listed.
constexpr int kEffectivenessReadPage = 500;
constexpr double kConfidence = 0.95;

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixMillis(db::TimestampToMillis(timestamp));
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  return db::MillisToTimestamp(absl::ToUnixMillis(time));
}

google::protobuf::Duration ToDurationProto(absl::Duration duration) {
  google::protobuf::Duration proto;
  proto.set_seconds(absl::ToInt64Seconds(duration));
  return proto;
}

// A window: absent or zero is the default; otherwise whole seconds of 7–365 days.
absl::Duration Window(const std::string& field, bool present,
                      const google::protobuf::Duration& duration, Violations& violations) {
  if (!present || (duration.seconds() == 0 && duration.nanos() == 0)) {
    return absl::Seconds(kDefaultWindowDays * kDaySeconds);
  }
  if (duration.nanos() != 0) {
    violations.Add(field, "must be a whole number of seconds");
  } else if (duration.seconds() < kMinWindowDays * kDaySeconds ||
             duration.seconds() > kMaxWindowDays * kDaySeconds) {
    violations.Add(field, absl::StrCat("must be between ", kMinWindowDays, " and ", kMaxWindowDays,
                                       " days, got ", duration.seconds(), " seconds"));
  }
  return absl::Seconds(duration.seconds());
}

// The request with its defaults filled in.
struct Question {
  absl::Duration before_window;
  absl::Duration after_window;
  absl::Time completed_from;
  absl::Time completed_to;
  absl::Time as_of;
};

absl::StatusOr<Question> Validate(const v1::ComputeCourseEffectivenessRequest& request,
                                  absl::Time now) {
  Violations violations;
  violations.Add(RequireIdentifier("course_id", request.course_id(), 64));
  if (!request.criterion_key().empty()) {
    violations.Add(RequireIdentifier("criterion_key", request.criterion_key(), 64));
  }
  Question question;
  question.before_window = Window("before_window_duration", request.has_before_window_duration(),
                                  request.before_window_duration(), violations);
  question.after_window = Window("after_window_duration", request.has_after_window_duration(),
                                 request.after_window_duration(), violations);
  // Times as the database keeps them (whole milliseconds), so that the answer names the
  // instants the reads used.
  question.as_of = absl::FromUnixMillis(absl::ToUnixMillis(now));
  if (request.has_as_of_time()) {
    const absl::Time as_of = ToTime(request.as_of_time());
    if (as_of > question.as_of) {
      violations.Add("as_of_time", "must not be in the future");
    } else {
      question.as_of = as_of;
    }
  }
  question.completed_to = question.as_of;
  if (request.has_completion_end_time()) {
    const absl::Time end = ToTime(request.completion_end_time());
    if (end > question.as_of) {
      violations.Add("completion_end_time", "must not be after as_of_time");
    } else {
      question.completed_to = end;
    }
  }
  question.completed_from = question.completed_to - absl::Hours(24 * kDefaultPeriodDays);
  if (request.has_completion_start_time()) {
    question.completed_from = ToTime(request.completion_start_time());
    if (question.completed_from >= question.completed_to) {
      violations.Add("completion_start_time", "must be before completion_end_time");
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return question;
}

void ToProto(const GroupChange& group, v1::EffectivenessGroup* proto) {
  proto->set_people(group.people);
  proto->set_people_left_out(group.people_left_out);
  proto->set_evaluations_before(group.evaluations_before);
  proto->set_evaluations_after(group.evaluations_after);
  if (group.mean_before) proto->set_mean_before_percent(*group.mean_before);
  if (group.mean_after) proto->set_mean_after_percent(*group.mean_after);
  if (group.mean_change) proto->set_mean_change_points(*group.mean_change);
}

// A group member's results in their two windows, per criterion.
struct MemberResults {
  absl::Time split;
  CriterionResultsByKey results;
};

// One criterion's scores of a group, split at each member's own split time.
std::vector<PersonScores> ScoresOf(const std::vector<MemberResults>& members,
                                   const std::string& criterion_key) {
  std::vector<PersonScores> scores;
  scores.reserve(members.size());
  for (const MemberResults& member : members) {
    PersonScores& person = scores.emplace_back();
    auto found = member.results.find(criterion_key);
    if (found == member.results.end()) continue;
    for (const CriterionResult& result : found->second) {
      (result.submit_time < member.split ? person.before : person.after).push_back(result.percent);
    }
  }
  return scores;
}

}  // namespace

absl::StatusOr<v1::ComputeCourseEffectivenessResponse>
TrainingEffectivenessHandler::ComputeCourseEffectiveness(
    const CallContext& call, const v1::ComputeCourseEffectivenessRequest& request) {
  // The policy admits only callers who reach everyone; a narrower scope would need the groups
  // cut to it, which this computation does not do.
  if (call.scope != Scope::kAll) {
    return absl::PermissionDeniedError("course effectiveness is read across every team");
  }
  absl::StatusOr<Question> question = Validate(request, clock_());
  if (!question.ok()) return question.status();
  absl::StatusOr<v1::Course> course = stores_.courses.Get(request.course_id(), 0);
  if (absl::IsNotFound(course.status())) {
    return absl::NotFoundError(
        absl::StrCat("course_id: course '", request.course_id(), "' not found"));
  }
  if (!course.ok()) return course.status();
  const std::set<std::string> taught(course->criterion_keys().begin(),
                                     course->criterion_keys().end());
  std::vector<std::string> criteria;
  if (!request.criterion_key().empty()) {
    criteria.push_back(request.criterion_key());
  } else {
    criteria.assign(course->criterion_keys().begin(), course->criterion_keys().end());
  }
  if (criteria.empty()) {
    return FieldPreconditionFailed(
        "criterion_key", absl::StrCat("course '", request.course_id(),
                                      "' lists no criterion_keys: name the criterion to measure"));
  }

  // The groups.
  absl::StatusOr<std::vector<v1::TrainingCompletion>> completions =
      stores_.completions.CompletionsOfCourse(request.course_id(), question->as_of);
  if (!completions.ok()) return completions.status();
  const std::map<std::string, absl::Time> first = FirstCompletions(*completions);
  const std::vector<GroupMember> trained =
      SelectTrained(first, question->completed_from, question->completed_to);
  const std::optional<absl::Time> reference = ReferenceTime(trained);
  std::vector<std::string> trained_ids;
  for (const GroupMember& member : trained) trained_ids.push_back(member.employee_id);
  absl::StatusOr<std::vector<v1::Person>> trained_people = stores_.people.GetMany(trained_ids);
  if (!trained_people.ok()) return trained_people.status();
  const std::set<RoleLevel> compared = ComparedRoleLevels(*trained_people);
  ComparisonGroup comparison;
  if (reference.has_value()) {
    std::vector<v1::Person> candidates;
    for (const auto& [role, level] : compared) {
      db::PeopleFilter filter;
      filter.role = role;
      filter.level = level;
      std::string after;
      while (true) {
        absl::StatusOr<std::vector<v1::Person>> page =
            stores_.people.List(filter, after, kEffectivenessReadPage);
        if (!page.ok()) return page.status();
        for (v1::Person& person : *page) candidates.push_back(std::move(person));
        if (static_cast<int>(page->size()) < kEffectivenessReadPage) break;
        after = candidates.back().employee_id();
      }
    }
    comparison = SelectComparison(candidates, trained, first, *reference, question->after_window);
  }

  // Each member's results in their windows, read once for every criterion. Windows end at
  // as_of: what was submitted later was not known then.
  CriterionResultsReader reader(stores_.evaluations, stores_.scorecards);
  const absl::Time known_until = question->as_of + absl::Milliseconds(1);
  auto read =
      [&](const std::vector<GroupMember>& members) -> absl::StatusOr<std::vector<MemberResults>> {
    std::vector<MemberResults> read_members;
    read_members.reserve(members.size());
    for (const GroupMember& member : members) {
      absl::StatusOr<CriterionResultsByKey> results =
          reader.ResultsOf(member.employee_id, member.split - question->before_window,
                           std::min(member.split + question->after_window, known_until));
      if (!results.ok()) return results.status();
      read_members.push_back(MemberResults{member.split, *std::move(results)});
    }
    return read_members;
  };
  absl::StatusOr<std::vector<MemberResults>> trained_results = read(trained);
  if (!trained_results.ok()) return trained_results.status();
  absl::StatusOr<std::vector<MemberResults>> comparison_results = read(comparison.members);
  if (!comparison_results.ok()) return comparison_results.status();

  v1::ComputeCourseEffectivenessResponse response;
  response.set_course_id(course->course_id());
  response.set_course_title(course->title());
  *response.mutable_before_window_duration() = ToDurationProto(question->before_window);
  *response.mutable_after_window_duration() = ToDurationProto(question->after_window);
  *response.mutable_completion_start_time() = ToTimestamp(question->completed_from);
  *response.mutable_completion_end_time() = ToTimestamp(question->completed_to);
  *response.mutable_as_of_time() = ToTimestamp(question->as_of);
  if (reference.has_value()) *response.mutable_reference_time() = ToTimestamp(*reference);
  response.set_trained_people(static_cast<int>(trained.size()));
  response.set_comparison_people(static_cast<int>(comparison.members.size()));
  response.set_comparison_left_out_completed(comparison.left_out_completed);
  for (const auto& [role, level] : compared) {
    v1::ComparedRoleLevel* entry = response.add_compared();
    entry->set_role(role);
    entry->set_level(level);
  }
  for (const std::string& key : criteria) {
    absl::StatusOr<DifferenceInDifferences> estimate = EstimateDifferenceInDifferences(
        ScoresOf(*trained_results, key), ScoresOf(*comparison_results, key), kConfidence);
    if (!estimate.ok()) return estimate.status();
    v1::CriterionEffectiveness* entry = response.add_criteria();
    entry->set_criterion_key(key);
    entry->set_taught(taught.contains(key));
    ToProto(estimate->trained, entry->mutable_trained());
    ToProto(estimate->comparison, entry->mutable_comparison());
    entry->set_minimum_people(kMinimumPeoplePerGroup);
    if (!estimate->enough_data) {
      entry->set_not_enough_data(estimate->not_enough_data);
      continue;
    }
    entry->set_estimate_points(*estimate->estimate);
    entry->set_low_points(*estimate->low);
    entry->set_high_points(*estimate->high);
    entry->set_standard_error_points(*estimate->standard_error);
    if (estimate->degrees_of_freedom) {
      entry->set_degrees_of_freedom(*estimate->degrees_of_freedom);
    }
  }
  return response;
}

}  // namespace escala::server
