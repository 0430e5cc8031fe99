#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "escala/v1/sla_policies.pb.h"
#include "server/reports/business_calendar.h"
#include "server/reports/sla_compliance.h"

namespace escala::server {

// OK, or INVALID_ARGUMENT naming every field of `policy` that breaks its rule (paths relative to
// the policy: "targets[2].resolution.within", "calendar.opening_hours[0].close_minute"). The
// sla_policy_id is the caller's to check (it is immutable and named differently per method).
absl::Status ValidateSlaPolicy(const v1::SlaPolicy& policy);

// The clock of a valid policy: its business-hours calendar, or every hour when it has no
// calendar.
absl::StatusOr<BusinessCalendar> CalendarOf(const v1::SlaPolicy& policy);

// The targets of a valid policy, in the form the SLA maths takes.
SlaPolicy TargetsOf(const v1::SlaPolicy& policy);

// The maths' priority of an API priority (UNSPECIFIED is read as medium).
SlaPriority SlaPriorityOf(v1::Priority priority);

}  // namespace escala::server
