// Fuzzes server/sla/sla_policy_validation and the business-hours clock a valid policy runs on.
// The input is four bytes of start (minutes around 2026-01-01), four of span (seconds), then the
// SlaPolicy in the wire format. A valid policy's calendar measures the span and finds each
// target's deadline, as the SLA report does for every interaction.

#include "server/sla/sla_policy_validation.h"

#include <cstddef>
#include <cstdint>

#include "tests/fuzz/fuzz_input.h"

namespace {

int32_t Int32(escala::fuzz::FuzzInput& input) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = value << 8 | input.Byte();
  return static_cast<int32_t>(value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  escala::fuzz::FuzzInput input(data, size);
  const absl::Time start = absl::FromUnixSeconds(1767225600) + absl::Minutes(Int32(input));
  const absl::Time end = start + absl::Seconds(Int32(input));
  escala::v1::SlaPolicy policy;
  if (!input.RestAs(policy)) return 0;
  if (!escala::server::ValidateSlaPolicy(policy).ok()) return 0;
  absl::StatusOr<escala::server::BusinessCalendar> calendar = escala::server::CalendarOf(policy);
  if (!calendar.ok()) return 0;
  absl::StatusOr<absl::Duration> elapsed = calendar->BusinessDurationBetween(start, end);
  if (elapsed.ok()) {
    escala::fuzz::Check(*elapsed >= absl::ZeroDuration() && *elapsed <= end - start,
                        "business time lies between zero and the elapsed time");
  }
  const escala::server::SlaPolicy targets = escala::server::TargetsOf(policy);
  for (const auto& [priority, target] : targets.targets) {
    for (const escala::server::SlaTarget& one : {target.first_response, target.resolution}) {
      absl::StatusOr<absl::Time> deadline = calendar->DeadlineAfter(start, one.within);
      if (deadline.ok()) {
        escala::fuzz::Check(*deadline >= start + one.within,
                            "a deadline is never sooner than the target on the wall clock");
      }
    }
  }
  return 0;
}
