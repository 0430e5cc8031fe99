#pragma once

#include "absl/status/status.h"
#include "escala/v1/courses.pb.h"

namespace escala::server {

// Every field rule of a course's content (courses.proto), as INVALID_ARGUMENT with one
// violation per broken rule, paths relative to the course ("title", "target_levels[2]").
// Output-only fields are not looked at. Whether prerequisites exist is not a field rule: the
// handler checks it against the catalogue.
absl::Status ValidateCourse(const v1::Course& course);

// Limits of a course's content, for the handler's and the CLI's messages.
inline constexpr int kMaxCourseTitle = 200;
inline constexpr int kMaxCourseDescription = 4000;
inline constexpr int kMaxPrerequisites = 20;
inline constexpr int kMaxCriterionKeys = 50;
inline constexpr int kMinLevel = 1;
inline constexpr int kMaxLevel = 9;

}  // namespace escala::server
