#include "server/reports/business_calendar.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

constexpr absl::Duration kDay = absl::Hours(24);
// Bounds that keep a day-by-day walk short and catch times that are data errors.
constexpr absl::Duration kMaxSpan = absl::Hours(24 * 36525);  // 100 years
constexpr absl::Duration kMaxTarget = absl::Hours(24 * 366);

int WeekdayIndex(absl::Weekday weekday) {
  switch (weekday) {
    case absl::Weekday::monday:
      return 0;
    case absl::Weekday::tuesday:
      return 1;
    case absl::Weekday::wednesday:
      return 2;
    case absl::Weekday::thursday:
      return 3;
    case absl::Weekday::friday:
      return 4;
    case absl::Weekday::saturday:
      return 5;
    case absl::Weekday::sunday:
      return 6;
  }
  return -1;
}

bool IsWholeSeconds(absl::Duration duration) {
  return absl::Trunc(duration, absl::Seconds(1)) == duration;
}

// The first instant the local clock shows `civil`: for a time the spring change skips, the
// change itself; for a time the autumn change repeats, its first occurrence.
absl::Time FirstInstantAt(const absl::TimeZone& zone, absl::CivilSecond civil) {
  const absl::TimeZone::TimeInfo info = zone.At(civil);
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

// The instant after which the local clock never again shows a time before `civil` that day: for
// a skipped time, the change; for a repeated time, its second occurrence.
absl::Time LastInstantBefore(const absl::TimeZone& zone, absl::CivilSecond civil) {
  const absl::TimeZone::TimeInfo info = zone.At(civil);
  switch (info.kind) {
    case absl::TimeZone::TimeInfo::SKIPPED:
      return info.trans;
    case absl::TimeZone::TimeInfo::REPEATED:
      return info.post;
    default:
      return info.pre;
  }
}

}  // namespace

absl::StatusOr<BusinessCalendar> BusinessCalendar::Create(
    absl::TimeZone zone, std::vector<OpeningWindow> windows,
    const std::vector<absl::CivilDay>& holidays) {
  if (windows.empty()) {
    return absl::InvalidArgumentError(
        "windows must hold at least one opening window (use AllHours() for calendar hours)");
  }
  BusinessCalendar calendar;
  calendar.all_hours_ = false;
  calendar.zone_ = zone;
  calendar.week_.resize(7);
  for (size_t i = 0; i < windows.size(); ++i) {
    const OpeningWindow& window = windows[i];
    if (WeekdayIndex(window.weekday) < 0) {
      return absl::InvalidArgumentError(absl::StrCat("windows[", i, "].weekday is not a weekday"));
    }
    if (window.open < absl::ZeroDuration() || window.open >= kDay || !IsWholeSeconds(window.open)) {
      return absl::InvalidArgumentError(
          absl::StrCat("windows[", i, "].open must be whole seconds in [0, 24h), got ",
                       absl::FormatDuration(window.open)));
    }
    if (window.close <= window.open || window.close > kDay || !IsWholeSeconds(window.close)) {
      return absl::InvalidArgumentError(
          absl::StrCat("windows[", i, "].close must be whole seconds after open (",
                       absl::FormatDuration(window.open), ") and at most 24h, got ",
                       absl::FormatDuration(window.close)));
    }
    calendar.week_[WeekdayIndex(window.weekday)].push_back(window);
  }
  for (std::vector<OpeningWindow>& day : calendar.week_) {
    std::sort(day.begin(), day.end(),
              [](const OpeningWindow& a, const OpeningWindow& b) { return a.open < b.open; });
    for (size_t i = 1; i < day.size(); ++i) {
      if (day[i].open < day[i - 1].close) {
        return absl::InvalidArgumentError(absl::StrCat(
            "windows must not overlap: ", absl::FormatDuration(day[i - 1].open), "–",
            absl::FormatDuration(day[i - 1].close), " and ", absl::FormatDuration(day[i].open), "–",
            absl::FormatDuration(day[i].close), " overlap on the same weekday"));
      }
    }
  }
  calendar.holidays_.insert(holidays.begin(), holidays.end());
  return calendar;
}

BusinessCalendar BusinessCalendar::AllHours() { return BusinessCalendar(); }

std::vector<std::pair<absl::Time, absl::Time>> BusinessCalendar::WindowsOn(
    absl::CivilDay day) const {
  std::vector<std::pair<absl::Time, absl::Time>> result;
  if (holidays_.count(day) > 0) return result;
  const absl::CivilSecond midnight(day);
  for (const OpeningWindow& window : week_[WeekdayIndex(absl::GetWeekday(day))]) {
    const absl::Time open = FirstInstantAt(zone_, midnight + absl::ToInt64Seconds(window.open));
    const absl::Time close =
        LastInstantBefore(zone_, midnight + absl::ToInt64Seconds(window.close));
    if (open < close) result.emplace_back(open, close);
  }
  return result;
}

absl::StatusOr<absl::Duration> BusinessCalendar::BusinessDurationBetween(absl::Time start,
                                                                         absl::Time end) const {
  if (start == absl::InfinitePast() || start == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError("start must be a finite time");
  }
  if (end == absl::InfinitePast() || end == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError("end must be a finite time");
  }
  if (end < start) {
    return absl::InvalidArgumentError(absl::StrCat("end (", absl::FormatTime(end),
                                                   ") must not be before start (",
                                                   absl::FormatTime(start), ")"));
  }
  if (end - start > kMaxSpan) {
    return absl::InvalidArgumentError("end must be at most 100 years after start");
  }
  if (all_hours_) return end - start;
  absl::Duration total;
  // From the day before start's local day: a window never strays outside its own local day, but
  // the day's boundaries are where the zone says they are, so one day of margin costs nothing.
  const absl::CivilDay last = absl::ToCivilDay(end, zone_);
  for (absl::CivilDay day = absl::ToCivilDay(start, zone_) - 1; day <= last; ++day) {
    for (const auto& [open, close] : WindowsOn(day)) {
      const absl::Time from = std::max(open, start);
      const absl::Time to = std::min(close, end);
      if (from < to) total += to - from;
    }
  }
  return total;
}

absl::StatusOr<absl::Time> BusinessCalendar::DeadlineAfter(absl::Time start,
                                                           absl::Duration target) const {
  if (start == absl::InfinitePast() || start == absl::InfiniteFuture()) {
    return absl::InvalidArgumentError("start must be a finite time");
  }
  if (target < absl::ZeroDuration() || target > kMaxTarget) {
    return absl::InvalidArgumentError(
        absl::StrCat("target must be in [0, 366 days], got ", absl::FormatDuration(target)));
  }
  if (all_hours_ || target == absl::ZeroDuration()) return start + target;
  // Every week has an opening window and holidays are finitely many, so the walk ends.
  absl::Duration remaining = target;
  for (absl::CivilDay day = absl::ToCivilDay(start, zone_) - 1;; ++day) {
    for (const auto& [open, close] : WindowsOn(day)) {
      const absl::Time from = std::max(open, start);
      if (from >= close) continue;
      if (close - from >= remaining) return from + remaining;
      remaining -= close - from;
    }
  }
}

}  // namespace escala::server
