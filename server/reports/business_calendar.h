#pragma once

#include <set>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace escala::server {

// One opening window of a weekday, in the calendar's local civil time: Monday 09:00–17:00 is
// {absl::Weekday::monday, absl::Hours(9), absl::Hours(17)}.
struct OpeningWindow {
  absl::Weekday weekday = absl::Weekday::monday;
  // Since local midnight, in [0, 24 h), whole seconds.
  absl::Duration open;
  // Since local midnight, in (open, 24 h], whole seconds; 24 h is the next midnight. A window
  // past midnight is two windows, one on each day.
  absl::Duration close;
};

// The clock SLA targets run on: either every hour (calendar-hours mode) or a business-hours
// calendar — weekly opening windows in a time zone, closed on holidays.
//
// Business time is real elapsed time inside the opening windows. A window is anchored to the
// wall clock: it opens at the first instant the local clock shows `open` and closes at the last
// instant it shows a time before `close`, so a window spanning a daylight-saving change is an
// hour shorter in spring and an hour longer in autumn, as the people on shift experience it. An
// `open` or `close` that the spring change skips falls on the change itself.
class BusinessCalendar {
 public:
  // A business-hours calendar. `windows` needs at least one window, no two overlapping on the same
  // weekday; `holidays` are local civil days with no window at all. INVALID_ARGUMENT naming the
  // field (windows[i].open, ...) and the rule.
  static absl::StatusOr<BusinessCalendar> Create(absl::TimeZone zone,
                                                 std::vector<OpeningWindow> windows,
                                                 const std::vector<absl::CivilDay>& holidays);

  // Calendar-hours mode: every instant counts.
  static BusinessCalendar AllHours();

  bool all_hours() const { return all_hours_; }

  // The business time in [start, end). INVALID_ARGUMENT when a time is infinite, end is before
  // start, or the span exceeds 100 years.
  absl::StatusOr<absl::Duration> BusinessDurationBetween(absl::Time start, absl::Time end) const;

  // The instant at which the business time accrued since `start` reaches `target` (>= 0, at
  // most 366 days): `start` itself for a zero target, the end of a window when the target runs
  // out exactly there. INVALID_ARGUMENT when start is infinite or target is out of range.
  absl::StatusOr<absl::Time> DeadlineAfter(absl::Time start, absl::Duration target) const;

 private:
  BusinessCalendar() = default;

  // The windows of `day` as instants, in order; none on a holiday.
  std::vector<std::pair<absl::Time, absl::Time>> WindowsOn(absl::CivilDay day) const;

  bool all_hours_ = true;
  absl::TimeZone zone_;
  // Per weekday (absl::Weekday order, Monday first), the windows sorted by opening time.
  std::vector<std::vector<OpeningWindow>> week_;
  std::set<absl::CivilDay> holidays_;
};

}  // namespace escala::server
