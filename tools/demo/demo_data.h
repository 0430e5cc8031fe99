#pragma once

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "escala/v1/interactions.pb.h"
#include "escala/v1/people.pb.h"
#include "tools/demo/demo_promotion_candidates.h"

namespace escala::demo {

// Midnight UTC at the start of the current day: the default end of the demo window.
absl::Time StartOfTodayUtc();

// Upper limits of DemoOptions::days and DemoOptions::interactions_per_day.
inline constexpr int kMaxDemoDays = 3660;
inline constexpr int kMaxDemoPerDay = 100000;

// What to generate. The generator is a pure function of these values.
struct DemoOptions {
  // Names the data set: the same options always give the same records.
  uint64_t seed = 1;
  // Length of the window in days, 0–3660.
  int days = 30;
  // Average contacts per day, 0–100000 (weekends get fewer, weekdays more; the total is exactly
  // days × interactions_per_day).
  int interactions_per_day = 500;
  // Exclusive end of the window; contacts start in [end − days × 24 h, end). Anything that would
  // happen after `end` (a reply, a resolution) is left unset, as if `end` were now. Reading the
  // clock here, once, keeps GenerateDemoData itself free of it.
  absl::Time end = StartOfTodayUtc();
  // Offset of the department's local time from UTC, for the 08:00–20:00 working-day curve. Fixed
  // rather than a time-zone name so that output does not depend on the tz database installed.
  absl::Duration local_utc_offset = absl::Hours(1);
};

// OK, or INVALID_ARGUMENT naming the option that is out of range.
absl::Status ValidateDemoOptions(const DemoOptions& options);

// A department and its recent contacts, ready to be sent through the public API.
struct DemoData {
  // Teams with their leads. A lead must exist as a person before a team can name it, so a loader
  // creates the teams without leads, then the people, then sets the leads.
  std::vector<escala::v1::Team> teams;
  // Everyone in the department, ordered by employee id.
  std::vector<escala::v1::Person> people;
  // Contacts ordered by start time.
  std::vector<escala::v1::Interaction> interactions;
  // The L1 agents of the promotion story (ready for L2, nearly ready, regressing).
  DemoPromotionCandidates promotion;
};

// Generates the demo department for `options`, which must be valid (see ValidateDemoOptions;
// out-of-range counts are treated as 0). Deterministic: identical options give byte-identical
// records on every platform.
DemoData GenerateDemoData(const DemoOptions& options);

}  // namespace escala::demo
