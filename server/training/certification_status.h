#pragma once

// A person's status with a certification, computed from their completion records through the
// certification_period.h arithmetic: never stored, so it always agrees with the completions and
// the definition as they are now (or, with an as-of instant, as they were known then).

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "escala/v1/certifications.pb.h"
#include "escala/v1/completions.pb.h"
#include "escala/v1/people.pb.h"
#include "server/training/certification_period.h"

namespace escala::server {

// The policy a certification defines (assumed valid: see ValidateCertification).
CertificationPolicy PolicyOf(const v1::Certification& certification);

// The civil date a completion counts on: its completion_time's date in UTC (the department
// keeps no time zone of its own).
absl::CivilDay CompletionDay(const v1::TrainingCompletion& completion);
absl::CivilDay DayOf(absl::Time time);

// "YYYY-MM-DD".
std::string DateText(absl::CivilDay day);

// Whether the person's role and level are among those that must hold the certification: at
// least one of required_roles and required_levels is set, and the person matches each set one.
bool Requires(const v1::Certification& certification, const v1::Person& person);

// What walking a person's completions gave.
struct CertificationWalk {
  std::optional<CertificationRecord> record;
  // The completion that made `record` (certified or renewed it); nullopt without a record.
  std::optional<v1::TrainingCompletion> last_renewal;
  // Completions of the earning courses walked.
  int counted = 0;
};

// Applies, in completion order, every completion in `completions` of a course that earns the
// certification (the others are skipped). `completions` may be in any order; ties on the day
// keep their order. INVALID_ARGUMENT for a certification whose policy is invalid.
absl::StatusOr<CertificationWalk> WalkCompletions(
    const v1::Certification& certification, const std::vector<v1::TrainingCompletion>& completions);

v1::CertificationState ToProtoState(CertificationState state);

// The status of `person` with `certification` on `as_of`, from the walk of their completions.
v1::CertificationStatus StatusOf(const v1::Certification& certification, const v1::Person& person,
                                 const CertificationWalk& walk, absl::CivilDay as_of);

}  // namespace escala::server
