#include "server/reports/business_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOkAndHolds;
using ::escala::testing::StatusIs;
using ::testing::Eq;
using ::testing::HasSubstr;

absl::TimeZone Berlin() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Europe/Berlin", &zone));
  return zone;
}

// A wall-clock time in Berlin (unambiguous ones only).
absl::Time At(int year, int month, int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), Berlin());
}

absl::Time Utc(int year, int month, int day, int hour, int minute = 0) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, 0), absl::UTCTimeZone());
}

std::vector<OpeningWindow> OfficeHours() {
  std::vector<OpeningWindow> windows;
  for (absl::Weekday day : {absl::Weekday::monday, absl::Weekday::tuesday, absl::Weekday::wednesday,
                            absl::Weekday::thursday, absl::Weekday::friday}) {
    windows.push_back({day, absl::Hours(9), absl::Hours(17)});
  }
  return windows;
}

// Monday to Friday 09:00–17:00 in Berlin; Good Friday and Easter Monday 2026 (3 and 6 April)
// are holidays.
BusinessCalendar Office() {
  absl::StatusOr<BusinessCalendar> calendar = BusinessCalendar::Create(
      Berlin(), OfficeHours(), {absl::CivilDay(2026, 4, 3), absl::CivilDay(2026, 4, 6)});
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

// A night shift on Sundays, 00:00–06:00 Berlin time, across both daylight-saving changes of
// 2026 (29 March 02:00 → 03:00, 25 October 03:00 → 02:00).
BusinessCalendar SundayNights(absl::Duration open = absl::ZeroDuration(),
                              absl::Duration close = absl::Hours(6)) {
  absl::StatusOr<BusinessCalendar> calendar =
      BusinessCalendar::Create(Berlin(), {{absl::Weekday::sunday, open, close}}, {});
  EXPECT_TRUE(calendar.ok()) << calendar.status();
  return *calendar;
}

TEST(BusinessCalendarTest, CountsOnlyOpeningHours) {
  const BusinessCalendar office = Office();
  // Monday 2026-03-09: 10:00 → 12:00 is two business hours; 08:00 → 18:00 is the whole day.
  EXPECT_THAT(office.BusinessDurationBetween(At(2026, 3, 9, 10), At(2026, 3, 9, 12)),
              IsOkAndHolds(Eq(absl::Hours(2))));
  EXPECT_THAT(office.BusinessDurationBetween(At(2026, 3, 9, 8), At(2026, 3, 9, 18)),
              IsOkAndHolds(Eq(absl::Hours(8))));
  EXPECT_THAT(office.BusinessDurationBetween(At(2026, 3, 9, 18), At(2026, 3, 10, 8)),
              IsOkAndHolds(Eq(absl::ZeroDuration())));
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 9, 10), absl::Hours(2)),
              IsOkAndHolds(Eq(At(2026, 3, 9, 12))));
}

TEST(BusinessCalendarTest, ATargetEndingAtClosingTimeFallsDueAtClosingTime) {
  const BusinessCalendar office = Office();
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 9, 9), absl::Hours(8)),
              IsOkAndHolds(Eq(At(2026, 3, 9, 17))));
  // Started after hours, the clock starts at the next opening.
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 9, 20), absl::Hours(1)),
              IsOkAndHolds(Eq(At(2026, 3, 10, 10))));
  // A zero target is due at once, open or not.
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 9, 20), absl::ZeroDuration()),
              IsOkAndHolds(Eq(At(2026, 3, 9, 20))));
}

TEST(BusinessCalendarTest, SkipsTheWeekend) {
  const BusinessCalendar office = Office();
  // Friday 2026-03-06 15:00 + 4 business hours: 2 on Friday, 2 on Monday → Monday 11:00.
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 6, 15), absl::Hours(4)),
              IsOkAndHolds(Eq(At(2026, 3, 9, 11))));
  EXPECT_THAT(office.BusinessDurationBetween(At(2026, 3, 6, 15), At(2026, 3, 9, 11)),
              IsOkAndHolds(Eq(absl::Hours(4))));
  // Raised on Saturday: nothing counts until Monday 09:00.
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 7, 12), absl::Hours(1)),
              IsOkAndHolds(Eq(At(2026, 3, 9, 10))));
}

TEST(BusinessCalendarTest, SkipsHolidays) {
  const BusinessCalendar office = Office();
  // Thursday 2026-04-02 16:00 + 4 business hours: 1 on Thursday; Good Friday, the weekend and
  // Easter Monday are closed; 3 on Tuesday → Tuesday 7 April 12:00.
  EXPECT_THAT(office.DeadlineAfter(At(2026, 4, 2, 16), absl::Hours(4)),
              IsOkAndHolds(Eq(At(2026, 4, 7, 12))));
  EXPECT_THAT(office.BusinessDurationBetween(At(2026, 4, 2, 16), At(2026, 4, 7, 12)),
              IsOkAndHolds(Eq(absl::Hours(4))));
}

TEST(BusinessCalendarTest, HonoursSeveralWindowsADay) {
  std::vector<OpeningWindow> windows = {
      {absl::Weekday::monday, absl::Hours(9), absl::Hours(12)},
      {absl::Weekday::monday, absl::Hours(13), absl::Hours(17)},
  };
  const absl::StatusOr<BusinessCalendar> calendar = BusinessCalendar::Create(Berlin(), windows, {});
  ASSERT_TRUE(calendar.ok()) << calendar.status();
  // Monday 11:00 + 2 h: one before lunch, one after → 14:00.
  EXPECT_THAT(calendar->DeadlineAfter(At(2026, 3, 9, 11), absl::Hours(2)),
              IsOkAndHolds(Eq(At(2026, 3, 9, 14))));
  // A week later, as only Mondays open: 7 h a week.
  EXPECT_THAT(calendar->BusinessDurationBetween(At(2026, 3, 9, 0), At(2026, 3, 16, 0)),
              IsOkAndHolds(Eq(absl::Hours(7))));
}

TEST(BusinessCalendarTest, OfficeHoursAcrossTheSpringChangeCountRealTime) {
  const BusinessCalendar office = Office();
  // Friday 27 March 15:00 CET + 4 h → Monday 30 March 11:00 CEST: on the wall clock the same
  // as any weekend; the real time between is 67 hours, one less than the clock suggests.
  EXPECT_THAT(office.DeadlineAfter(At(2026, 3, 27, 15), absl::Hours(4)),
              IsOkAndHolds(Eq(At(2026, 3, 30, 11))));
  EXPECT_EQ(At(2026, 3, 30, 11) - At(2026, 3, 27, 15), absl::Hours(67));
  EXPECT_THAT(BusinessCalendar::AllHours().BusinessDurationBetween(At(2026, 3, 27, 15),
                                                                   At(2026, 3, 30, 11)),
              IsOkAndHolds(Eq(absl::Hours(67))));
}

TEST(BusinessCalendarTest, ANightShiftIsAnHourShorterInMarchAndLongerInOctober) {
  const BusinessCalendar nights = SundayNights();
  // Sunday 29 March 2026: the clock jumps from 02:00 to 03:00, so 00:00–06:00 is 5 real hours.
  EXPECT_THAT(nights.BusinessDurationBetween(At(2026, 3, 28, 12), At(2026, 3, 29, 12)),
              IsOkAndHolds(Eq(absl::Hours(5))));
  // 4 hours from its opening (Saturday 23:00 UTC) end at 03:00 UTC, 05:00 on the wall clock.
  EXPECT_THAT(nights.DeadlineAfter(At(2026, 3, 29, 0), absl::Hours(4)),
              IsOkAndHolds(Eq(Utc(2026, 3, 29, 3))));
  EXPECT_EQ(Utc(2026, 3, 29, 3), At(2026, 3, 29, 5));
  // Sunday 25 October 2026: 02:00–03:00 happens twice, so the same shift is 7 real hours.
  EXPECT_THAT(nights.BusinessDurationBetween(At(2026, 10, 24, 12), At(2026, 10, 25, 12)),
              IsOkAndHolds(Eq(absl::Hours(7))));
  // 4 hours from its opening (Saturday 22:00 UTC) end at 02:00 UTC, 03:00 CET on the wall clock.
  EXPECT_THAT(nights.DeadlineAfter(At(2026, 10, 25, 0), absl::Hours(4)),
              IsOkAndHolds(Eq(Utc(2026, 10, 25, 2))));
  EXPECT_EQ(Utc(2026, 10, 25, 2), At(2026, 10, 25, 3));
  // An ordinary Sunday has 6.
  EXPECT_THAT(nights.BusinessDurationBetween(At(2026, 3, 21, 12), At(2026, 3, 22, 12)),
              IsOkAndHolds(Eq(absl::Hours(6))));
}

TEST(BusinessCalendarTest, WindowEdgesTheChangesSkipOrRepeatAreWallClockEdges) {
  // Opening at 02:30, a time 29 March skips: the window opens at the change (03:00 CEST) and
  // runs to 06:00, 3 hours.
  EXPECT_THAT(SundayNights(absl::Minutes(150), absl::Hours(6))
                  .BusinessDurationBetween(At(2026, 3, 28, 12), At(2026, 3, 29, 12)),
              IsOkAndHolds(Eq(absl::Hours(3))));
  // Closing at 02:30, a time 25 October shows twice: the window closes at the second 02:30
  // (01:30 UTC), having opened at 00:00 CEST (22:00 UTC): 3.5 hours.
  EXPECT_THAT(SundayNights(absl::ZeroDuration(), absl::Minutes(150))
                  .BusinessDurationBetween(At(2026, 10, 24, 12), At(2026, 10, 25, 12)),
              IsOkAndHolds(Eq(absl::Minutes(210))));
}

TEST(BusinessCalendarTest, CalendarHoursCountEveryHour) {
  const BusinessCalendar all = BusinessCalendar::AllHours();
  EXPECT_TRUE(all.all_hours());
  // Saturday noon to Sunday noon across the spring change: 23 real hours.
  EXPECT_THAT(all.BusinessDurationBetween(At(2026, 3, 28, 12), At(2026, 3, 29, 12)),
              IsOkAndHolds(Eq(absl::Hours(23))));
  EXPECT_THAT(all.DeadlineAfter(At(2026, 3, 6, 15), absl::Hours(4)),
              IsOkAndHolds(Eq(At(2026, 3, 6, 19))));
}

TEST(BusinessCalendarTest, RefusesMalformedCalendars) {
  EXPECT_THAT(BusinessCalendar::Create(Berlin(), {}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("windows must hold at least one opening window")));
  EXPECT_THAT(BusinessCalendar::Create(
                  Berlin(), {{absl::Weekday::monday, absl::Hours(9), absl::Hours(9)}}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("windows[0].close must be")));
  EXPECT_THAT(BusinessCalendar::Create(
                  Berlin(), {{absl::Weekday::monday, absl::Hours(9), absl::Hours(25)}}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("windows[0].close must be")));
  EXPECT_THAT(BusinessCalendar::Create(
                  Berlin(), {{absl::Weekday::monday, absl::Hours(24), absl::Hours(24)}}, {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("windows[0].open must be")));
  EXPECT_THAT(BusinessCalendar::Create(Berlin(),
                                       {{absl::Weekday::monday, absl::Hours(9), absl::Hours(13)},
                                        {absl::Weekday::monday, absl::Hours(12), absl::Hours(17)}},
                                       {}),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("windows must not overlap")));
  // The same hours on different days do not overlap.
  EXPECT_TRUE(BusinessCalendar::Create(Berlin(),
                                       {{absl::Weekday::monday, absl::Hours(9), absl::Hours(13)},
                                        {absl::Weekday::tuesday, absl::Hours(9), absl::Hours(13)}},
                                       {})
                  .ok());
}

TEST(BusinessCalendarTest, RefusesMalformedQuestions) {
  const BusinessCalendar office = Office();
  EXPECT_THAT(office.BusinessDurationBetween(At(2026, 3, 9, 12), At(2026, 3, 9, 10)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("must not be before start")));
  EXPECT_THAT(office.BusinessDurationBetween(absl::InfinitePast(), At(2026, 3, 9, 10)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start must be a finite")));
  EXPECT_THAT(
      office.DeadlineAfter(At(2026, 3, 9, 12), -absl::Hours(1)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("target must be in [0, 366 days]")));
  EXPECT_THAT(office.DeadlineAfter(absl::InfiniteFuture(), absl::Hours(1)),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("start must be a finite")));
}

}  // namespace
}  // namespace escala::server
