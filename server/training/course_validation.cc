#include "server/training/course_validation.h"

#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

// A course takes at least a minute and at most 1000 hours, in whole minutes.
constexpr int64_t kMaxDurationSeconds = int64_t{1000} * 3600;

void CheckDuration(const v1::Course& course, Violations& violations) {
  if (!course.has_planned_duration()) {
    violations.Add("planned_duration", "is required (a whole number of minutes, at least 1)");
    return;
  }
  const google::protobuf::Duration& duration = course.planned_duration();
  if (duration.nanos() != 0 || duration.seconds() % 60 != 0) {
    violations.Add("planned_duration", "must be a whole number of minutes");
  } else if (duration.seconds() < 60 || duration.seconds() > kMaxDurationSeconds) {
    violations.Add("planned_duration", absl::StrCat("must be between 1 minute and 1000 hours, got ",
                                                    duration.seconds() / 60, " minutes"));
  }
}

void CheckRoles(const v1::Course& course, Violations& violations) {
  std::set<int> seen;
  for (int i = 0; i < course.target_roles_size(); ++i) {
    const int role = course.target_roles(i);
    const std::string field = absl::StrCat("target_roles[", i, "]");
    if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) {
      violations.Add(field, absl::StrCat("unknown role ", role));
    } else if (!seen.insert(role).second) {
      violations.Add(field, absl::StrCat(v1::Role_Name(role), " is listed twice"));
    }
  }
}

void CheckLevels(const v1::Course& course, Violations& violations) {
  std::set<int> seen;
  for (int i = 0; i < course.target_levels_size(); ++i) {
    const int level = course.target_levels(i);
    const std::string field = absl::StrCat("target_levels[", i, "]");
    if (level < kMinLevel || level > kMaxLevel) {
      violations.Add(
          field, absl::StrCat("must be between ", kMinLevel, " and ", kMaxLevel, ", got ", level));
    } else if (!seen.insert(level).second) {
      violations.Add(field, absl::StrCat("level ", level, " is listed twice"));
    }
  }
}

// A list of identifiers: each well formed, none twice, at most `max`.
void CheckIdentifiers(const google::protobuf::RepeatedPtrField<std::string>& values,
                      const std::string& name, int max, Violations& violations) {
  if (values.size() > max) {
    violations.Add(name, absl::StrCat("at most ", max, " entries, got ", values.size()));
  }
  std::set<std::string> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string field = absl::StrCat(name, "[", i, "]");
    absl::Status valid = RequireIdentifier(field, values.Get(i), 64);
    if (!valid.ok()) {
      violations.Add(valid);
    } else if (!seen.insert(values.Get(i)).second) {
      violations.Add(field, absl::StrCat("'", values.Get(i), "' is listed twice"));
    }
  }
}

}  // namespace

absl::Status ValidateCourse(const v1::Course& course) {
  Violations violations;
  violations.Add(RequireIdentifier("course_id", course.course_id(), 64));
  violations.Add(RequireText("title", course.title(), kMaxCourseTitle));
  violations.Add(LimitText("description", course.description(), kMaxCourseDescription));
  if (course.kind() == v1::COURSE_KIND_UNSPECIFIED) {
    violations.Add("kind", "is required");
  } else if (!v1::CourseKind_IsValid(course.kind())) {
    violations.Add("kind", absl::StrCat("unknown value ", course.kind()));
  }
  CheckRoles(course, violations);
  CheckLevels(course, violations);
  CheckDuration(course, violations);
  CheckIdentifiers(course.prerequisite_course_ids(), "prerequisite_course_ids", kMaxPrerequisites,
                   violations);
  for (int i = 0; i < course.prerequisite_course_ids_size(); ++i) {
    if (!course.course_id().empty() && course.prerequisite_course_ids(i) == course.course_id()) {
      violations.Add(absl::StrCat("prerequisite_course_ids[", i, "]"),
                     "a course cannot require itself");
    }
  }
  if (course.has_pass_mark_percent() &&
      (course.pass_mark_percent() < 1 || course.pass_mark_percent() > 100)) {
    violations.Add("pass_mark_percent",
                   absl::StrCat("must be between 1 and 100 (percent), got ",
                                course.pass_mark_percent(), "; leave it out for no assessment"));
  }
  CheckIdentifiers(course.criterion_keys(), "criterion_keys", kMaxCriterionKeys, violations);
  return violations.ToStatus();
}

}  // namespace escala::server
