#pragma once

// Certification period arithmetic: when a certification earned by completing training expires,
// when its renewal window opens, and what a new completion does to it. Pure functions on civil
// dates (no time zone, no storage), so the rules can be checked day by day.
//
// A record holds from `certified` up to, not including, `expiry` (ranges are end-exclusive, as
// everywhere in the API); the renewal window is [window_opens, expiry). The rules follow the
// usual certification model (Totara's recertification bases):
//   - expiry = base + active period; window_opens = expiry − window;
//   - the base is the completion date, or for RenewalBasis::kPreviousExpiry the previous expiry
//     when the renewal is on time (inside the window), so renewing early in the window loses no
//     days; for RenewalBasis::kFixed the previous expiry moved forward by whole active periods
//     until the new expiry is at least the minimum active period after the completion, which
//     keeps a fixed yearly cycle ("every January") even after a late renewal;
//   - a completion before the window opens changes nothing: it is recorded, not a renewal, so
//     re-taking a course early never extends an unexpired certification;
//   - a completion on or after the expiry (overdue) starts afresh from the completion date for
//     the completion and previous-expiry bases.
// Month arithmetic clamps to the month's end: Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year),
// and Mar 31 − 1 month is Feb 28/29.

#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace escala::server {

// A civil duration: a number of days or of calendar months.
struct CivilPeriod {
  enum class Unit { kDays, kMonths };
  Unit unit = Unit::kDays;
  int count = 0;

  static CivilPeriod Days(int count) { return {Unit::kDays, count}; }
  static CivilPeriod Months(int count) { return {Unit::kMonths, count}; }
};

// `day` moved by `times` × `period` (negative: back), months clamped to the month's end. The
// move is made in one step, so Jan 31 + 2 months is Mar 31, not Feb 28 + 1 month.
absl::CivilDay AddPeriod(absl::CivilDay day, CivilPeriod period, int times = 1);

// What a renewal's new expiry is counted from.
enum class RenewalBasis {
  // The completion date, always.
  kCompletionDate,
  // The previous expiry when renewed inside the window; the completion date when overdue.
  kPreviousExpiry,
  // The previous expiry moved forward by whole active periods until the new expiry is at least
  // `minimum_active_period` after the completion; a first certification counts from the
  // completion date.
  kFixed,
};

struct CertificationPolicy {
  // How long a certification holds; more than zero.
  CivilPeriod active_period = CivilPeriod::Months(12);
  // How long before the expiry the renewal window opens; zero or more, and shorter than the
  // active period whatever the months (a window that opened on the day of certifying would make
  // every completion a renewal).
  CivilPeriod renewal_window = CivilPeriod::Months(1);
  RenewalBasis basis = RenewalBasis::kCompletionDate;
  // kFixed only: the least time a renewal holds from its completion; zero or more.
  CivilPeriod minimum_active_period = CivilPeriod::Days(0);
};

// INVALID_ARGUMENT naming the field (active_period, renewal_window, minimum_active_period) and
// the rule it breaks.
absl::Status ValidateCertificationPolicy(const CertificationPolicy& policy);

// A person's certification: held on [certified, expiry), renewal window [window_opens, expiry).
struct CertificationRecord {
  absl::CivilDay certified;
  absl::CivilDay expiry;
  absl::CivilDay window_opens;

  friend bool operator==(const CertificationRecord&, const CertificationRecord&) = default;
};

enum class CertificationState { kNotCertified, kCertified, kRenewalWindowOpen, kExpired };

// The state of `record` on `day`: not certified without a record or before its certified date;
// certified until the window opens; window open from window_opens (on that day, not before) until
// the expiry; expired from the expiry day on.
CertificationState StateOn(const std::optional<CertificationRecord>& record, absl::CivilDay day);

// What a completion did.
enum class CompletionEffect {
  kFirstCertification,  // there was no record
  kRenewal,             // inside the renewal window
  kOverdueRenewal,      // on or after the expiry: certified again
  kNotARenewal,         // before the window opened: recorded, the record is unchanged
};

struct CompletionResult {
  CertificationRecord record;
  CompletionEffect effect = CompletionEffect::kFirstCertification;
};

// The record after the person completes the certification's training on `completion`, given
// their `previous` record (nullopt for none). INVALID_ARGUMENT for a policy that
// ValidateCertificationPolicy refuses, or a completion before the previous record's certified
// date (history is applied in order).
absl::StatusOr<CompletionResult> ApplyCompletion(const CertificationPolicy& policy,
                                                 const std::optional<CertificationRecord>& previous,
                                                 absl::CivilDay completion);

}  // namespace escala::server
