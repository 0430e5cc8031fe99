// Certification period arithmetic, every expected date worked out by hand on a calendar.
#include "server/training/certification_period.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "absl/time/civil_time.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using Day = absl::CivilDay;

CertificationPolicy Policy(RenewalBasis basis, CivilPeriod active, CivilPeriod window,
                           CivilPeriod minimum = CivilPeriod::Days(0)) {
  CertificationPolicy policy;
  policy.basis = basis;
  policy.active_period = active;
  policy.renewal_window = window;
  policy.minimum_active_period = minimum;
  return policy;
}

CertificationRecord Record(Day certified, Day expiry, Day window_opens) {
  return {.certified = certified, .expiry = expiry, .window_opens = window_opens};
}

TEST(AddPeriodTest, MonthsClampToTheMonthsEndAndDaysCountLeapDays) {
  EXPECT_EQ(AddPeriod(Day(2027, 1, 31), CivilPeriod::Months(1)), Day(2027, 2, 28));
  EXPECT_EQ(AddPeriod(Day(2028, 1, 31), CivilPeriod::Months(1)), Day(2028, 2, 29));  // leap
  EXPECT_EQ(AddPeriod(Day(2027, 3, 31), CivilPeriod::Months(1), -1), Day(2027, 2, 28));
  // Two months in one step: Mar 31, not Feb 28 + 1 month = Mar 28.
  EXPECT_EQ(AddPeriod(Day(2027, 1, 31), CivilPeriod::Months(1), 2), Day(2027, 3, 31));
  EXPECT_EQ(AddPeriod(Day(2028, 2, 29), CivilPeriod::Months(12)), Day(2029, 2, 28));
  EXPECT_EQ(AddPeriod(Day(2027, 12, 31), CivilPeriod::Days(1)), Day(2028, 1, 1));
  EXPECT_EQ(AddPeriod(Day(2028, 2, 28), CivilPeriod::Days(1)), Day(2028, 2, 29));
  // 2027-03-01 + 366 days is 2028-03-01 (Feb 2028 has 29 days), so + 365 is Feb 29.
  EXPECT_EQ(AddPeriod(Day(2027, 3, 1), CivilPeriod::Days(365)), Day(2028, 2, 29));
}

TEST(CertificationPolicyTest, RefusesPeriodsThatCannotWorkNamingTheField) {
  const CivilPeriod year = CivilPeriod::Months(12);
  EXPECT_THAT(ValidateCertificationPolicy(Policy(RenewalBasis::kCompletionDate,
                                                 CivilPeriod::Months(0), CivilPeriod::Days(0))),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("active_period: ")));
  EXPECT_THAT(ValidateCertificationPolicy(
                  Policy(RenewalBasis::kCompletionDate, year, CivilPeriod::Months(-1))),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("renewal_window: ")));
  // A window as long as the active period would open on the day of certifying.
  EXPECT_THAT(
      ValidateCertificationPolicy(Policy(RenewalBasis::kCompletionDate, year, year)),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("shorter than the active period")));
  // Across units a month is 28 days at least: 28 days of window do not fit every month.
  EXPECT_THAT(ValidateCertificationPolicy(Policy(RenewalBasis::kCompletionDate,
                                                 CivilPeriod::Months(1), CivilPeriod::Days(28))),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("renewal_window: ")));
  EXPECT_THAT(ValidateCertificationPolicy(Policy(RenewalBasis::kCompletionDate,
                                                 CivilPeriod::Months(1), CivilPeriod::Days(27))),
              IsOk());
  EXPECT_THAT(ValidateCertificationPolicy(Policy(RenewalBasis::kFixed, year, CivilPeriod::Months(1),
                                                 CivilPeriod::Days(-1))),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("minimum_active_period: ")));
  EXPECT_THAT(ApplyCompletion(Policy(RenewalBasis::kCompletionDate, year, year), std::nullopt,
                              Day(2027, 1, 1)),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// Completion basis, a year with a one-month window.
TEST(CertificationPeriodTest, CompletionBasisCountsFromEachCompletion) {
  const CertificationPolicy policy =
      Policy(RenewalBasis::kCompletionDate, CivilPeriod::Months(12), CivilPeriod::Months(1));
  // First: 2026-03-15 + 12 months = 2027-03-15; the window opens a month before, 2027-02-15.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult first,
                              ApplyCompletion(policy, std::nullopt, Day(2026, 3, 15)));
  EXPECT_EQ(first.effect, CompletionEffect::kFirstCertification);
  EXPECT_EQ(first.record, Record(Day(2026, 3, 15), Day(2027, 3, 15), Day(2027, 2, 15)));

  // Renewed in the window on 2027-02-20: 2028-02-20, window 2028-01-20 (the days left on the old
  // certification are not carried over on this basis).
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult renewed,
                              ApplyCompletion(policy, first.record, Day(2027, 2, 20)));
  EXPECT_EQ(renewed.effect, CompletionEffect::kRenewal);
  EXPECT_EQ(renewed.record, Record(Day(2027, 2, 20), Day(2028, 2, 20), Day(2028, 1, 20)));
}

TEST(CertificationPeriodTest, StatesChangeOnTheBoundaryDaysAndNotBefore) {
  const std::optional<CertificationRecord> record =
      Record(Day(2026, 3, 15), Day(2027, 3, 15), Day(2027, 2, 15));
  EXPECT_EQ(StateOn(std::nullopt, Day(2026, 3, 15)), CertificationState::kNotCertified);
  EXPECT_EQ(StateOn(record, Day(2026, 3, 14)), CertificationState::kNotCertified);
  EXPECT_EQ(StateOn(record, Day(2026, 3, 15)), CertificationState::kCertified);
  EXPECT_EQ(StateOn(record, Day(2027, 2, 14)), CertificationState::kCertified);
  EXPECT_EQ(StateOn(record, Day(2027, 2, 15)), CertificationState::kRenewalWindowOpen);
  EXPECT_EQ(StateOn(record, Day(2027, 3, 14)), CertificationState::kRenewalWindowOpen);
  EXPECT_EQ(StateOn(record, Day(2027, 3, 15)), CertificationState::kExpired);
  EXPECT_EQ(StateOn(record, Day(2030, 1, 1)), CertificationState::kExpired);
}

// A completion the day before the window opens is recorded, not a renewal, on every basis; one
// on the day the window opens is a renewal.
TEST(CertificationPeriodTest, CompletingBeforeTheWindowOpensNeverExtendsTheExpiry) {
  const CertificationRecord previous = Record(Day(2026, 3, 15), Day(2027, 3, 15), Day(2027, 2, 15));
  for (RenewalBasis basis :
       {RenewalBasis::kCompletionDate, RenewalBasis::kPreviousExpiry, RenewalBasis::kFixed}) {
    SCOPED_TRACE(static_cast<int>(basis));
    const CertificationPolicy policy =
        Policy(basis, CivilPeriod::Months(12), CivilPeriod::Months(1), CivilPeriod::Months(6));
    ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult early,
                                ApplyCompletion(policy, previous, Day(2027, 2, 14)));
    EXPECT_EQ(early.effect, CompletionEffect::kNotARenewal);
    EXPECT_EQ(early.record, previous);
    ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult on_the_day,
                                ApplyCompletion(policy, previous, Day(2027, 2, 15)));
    EXPECT_EQ(on_the_day.effect, CompletionEffect::kRenewal);
    EXPECT_EQ(on_the_day.record.certified, Day(2027, 2, 15));
  }
}

// Previous-expiry basis, a year with a two-month window.
TEST(CertificationPeriodTest, PreviousExpiryBasisKeepsTheDaysLeftUnlessOverdue) {
  const CertificationPolicy policy =
      Policy(RenewalBasis::kPreviousExpiry, CivilPeriod::Months(12), CivilPeriod::Months(2));
  // A first certification counts from its completion: 2026-05-10 → 2027-05-10, window 03-10.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult first,
                              ApplyCompletion(policy, std::nullopt, Day(2026, 5, 10)));
  EXPECT_EQ(first.record, Record(Day(2026, 5, 10), Day(2027, 5, 10), Day(2027, 3, 10)));

  // On the window's first day: base is the old expiry, 2027-05-10 + 12 months = 2028-05-10.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult on_time,
                              ApplyCompletion(policy, first.record, Day(2027, 3, 10)));
  EXPECT_EQ(on_time.effect, CompletionEffect::kRenewal);
  EXPECT_EQ(on_time.record, Record(Day(2027, 3, 10), Day(2028, 5, 10), Day(2028, 3, 10)));

  // Overdue on 2027-06-01: from the completion, 2028-06-01, window 2028-04-01.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult overdue,
                              ApplyCompletion(policy, first.record, Day(2027, 6, 1)));
  EXPECT_EQ(overdue.effect, CompletionEffect::kOverdueRenewal);
  EXPECT_EQ(overdue.record, Record(Day(2027, 6, 1), Day(2028, 6, 1), Day(2028, 4, 1)));

  // The expiry day itself is already overdue (the record is expired on it).
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult on_expiry,
                              ApplyCompletion(policy, first.record, Day(2027, 5, 10)));
  EXPECT_EQ(on_expiry.effect, CompletionEffect::kOverdueRenewal);
  EXPECT_EQ(on_expiry.record.expiry, Day(2028, 5, 10));
}

// Fixed basis: a year, a three-month window, at least nine months after a completion.
TEST(CertificationPeriodTest, FixedBasisKeepsTheCycleAndTheMinimumActivePeriod) {
  const CertificationPolicy policy = Policy(RenewalBasis::kFixed, CivilPeriod::Months(12),
                                            CivilPeriod::Months(3), CivilPeriod::Months(9));
  // First: from the completion, 2026-01-20 → 2027-01-20 (≥ 2026-10-20), window 2026-10-20.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult first,
                              ApplyCompletion(policy, std::nullopt, Day(2026, 1, 20)));
  EXPECT_EQ(first.record, Record(Day(2026, 1, 20), Day(2027, 1, 20), Day(2026, 10, 20)));

  // In the window on 2026-11-05: 2027-01-20 + 12 months = 2028-01-20 ≥ 2027-08-05.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult on_time,
                              ApplyCompletion(policy, first.record, Day(2026, 11, 5)));
  EXPECT_EQ(on_time.record, Record(Day(2026, 11, 5), Day(2028, 1, 20), Day(2027, 10, 20)));

  // Overdue on 2027-03-01: one period from the old expiry, 2028-01-20, is ≥ 2027-12-01 (nine
  // months after completion): the January cycle holds.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult late,
                              ApplyCompletion(policy, first.record, Day(2027, 3, 1)));
  EXPECT_EQ(late.effect, CompletionEffect::kOverdueRenewal);
  EXPECT_EQ(late.record, Record(Day(2027, 3, 1), Day(2028, 1, 20), Day(2027, 10, 20)));

  // Overdue on 2027-06-01: 2028-01-20 < 2028-03-01 (the minimum), so two periods: 2029-01-20.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult very_late,
                              ApplyCompletion(policy, first.record, Day(2027, 6, 1)));
  EXPECT_EQ(very_late.record, Record(Day(2027, 6, 1), Day(2029, 1, 20), Day(2028, 10, 20)));
}

TEST(CertificationPeriodTest, FixedPeriodsCountFromTheBaseNotFromAClampedMonthEnd) {
  // Monthly, a week's window, no minimum; expired 2027-01-31, completed 2027-04-15. From the
  // base: Feb 28, Mar 31, Apr 30 — the first not before Apr 15 is Apr 30 (stepping from the
  // clamped Feb 28 would give Apr 28). Window: Apr 30 − 7 days = Apr 23.
  const CertificationPolicy policy =
      Policy(RenewalBasis::kFixed, CivilPeriod::Months(1), CivilPeriod::Days(7));
  const CertificationRecord previous =
      Record(Day(2026, 12, 31), Day(2027, 1, 31), Day(2027, 1, 24));
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult result,
                              ApplyCompletion(policy, previous, Day(2027, 4, 15)));
  EXPECT_EQ(result.record, Record(Day(2027, 4, 15), Day(2027, 4, 30), Day(2027, 4, 23)));
}

TEST(CertificationPeriodTest, LeapYearsAndMonthEndsClampTheExpiryAndTheWindow) {
  const CertificationPolicy monthly =
      Policy(RenewalBasis::kCompletionDate, CivilPeriod::Months(1), CivilPeriod::Days(7));
  // Jan 31 + 1 month: Feb 28 in 2027, Feb 29 in 2028; the window opens 7 days before.
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult plain,
                              ApplyCompletion(monthly, std::nullopt, Day(2027, 1, 31)));
  EXPECT_EQ(plain.record, Record(Day(2027, 1, 31), Day(2027, 2, 28), Day(2027, 2, 21)));
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult leap,
                              ApplyCompletion(monthly, std::nullopt, Day(2028, 1, 31)));
  EXPECT_EQ(leap.record, Record(Day(2028, 1, 31), Day(2028, 2, 29), Day(2028, 2, 22)));

  // Certified on a leap day for a year: 2029-02-28; a month's window opens 2029-01-28.
  const CertificationPolicy yearly =
      Policy(RenewalBasis::kCompletionDate, CivilPeriod::Months(12), CivilPeriod::Months(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult leap_day,
                              ApplyCompletion(yearly, std::nullopt, Day(2028, 2, 29)));
  EXPECT_EQ(leap_day.record, Record(Day(2028, 2, 29), Day(2029, 2, 28), Day(2029, 1, 28)));

  // 365 days over a Feb 29: 2027-03-01 → 2028-02-29; 30 days' window: Feb 29 − 30 = Jan 30.
  const CertificationPolicy in_days =
      Policy(RenewalBasis::kCompletionDate, CivilPeriod::Days(365), CivilPeriod::Days(30));
  ESCALA_ASSERT_OK_AND_ASSIGN(CompletionResult days,
                              ApplyCompletion(in_days, std::nullopt, Day(2027, 3, 1)));
  EXPECT_EQ(days.record, Record(Day(2027, 3, 1), Day(2028, 2, 29), Day(2028, 1, 30)));
}

TEST(CertificationPeriodTest, ACompletionBeforeThePreviousCertificationIsRefused) {
  const CertificationPolicy policy =
      Policy(RenewalBasis::kCompletionDate, CivilPeriod::Months(12), CivilPeriod::Months(1));
  const CertificationRecord previous = Record(Day(2026, 3, 15), Day(2027, 3, 15), Day(2027, 2, 15));
  EXPECT_THAT(ApplyCompletion(policy, previous, Day(2026, 3, 14)),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("completion_date: ")));
}

}  // namespace
}  // namespace escala::server
