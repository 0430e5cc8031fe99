#pragma once

#include "absl/status/status.h"
#include "escala/v1/certifications.pb.h"
#include "escala/v1/learning_paths.pb.h"

namespace escala::server {

// Every field rule of a certification (certifications.proto), as INVALID_ARGUMENT with one
// violation per broken rule, paths relative to the certification ("active_period",
// "course_ids[1]"), the period rules those of ValidateCertificationPolicy. Output-only fields are
// not looked at; whether the courses exist is the handler's check.
absl::Status ValidateCertification(const v1::Certification& certification);

// The same for a learning path (learning_paths.proto): "items[2].due_within_days".
absl::Status ValidateLearningPath(const v1::LearningPath& path);

inline constexpr int kMaxCertificationTitle = 200;
inline constexpr int kMaxCertificationDescription = 4000;
inline constexpr int kMaxEarningCourses = 20;
inline constexpr int kMaxPathItems = 50;
inline constexpr int kMaxDueWithinDays = 3650;

}  // namespace escala::server
