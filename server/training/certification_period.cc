#include "server/training/certification_period.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

// The fewest and the most days `period` can span: a month is 28 to 31 days, and n consecutive
// months at least 28·n and at most 31·n.
int FewestDays(CivilPeriod period) {
  return period.unit == CivilPeriod::Unit::kDays ? period.count : 28 * period.count;
}
int MostDays(CivilPeriod period) {
  return period.unit == CivilPeriod::Unit::kDays ? period.count : 31 * period.count;
}

std::string Describe(CivilPeriod period) {
  return absl::StrCat(period.count,
                      period.unit == CivilPeriod::Unit::kDays ? " day(s)" : " month(s)");
}

}  // namespace

absl::CivilDay AddPeriod(absl::CivilDay day, CivilPeriod period, int times) {
  const int count = period.count * times;
  if (period.unit == CivilPeriod::Unit::kDays) return day + count;
  const absl::CivilMonth month = absl::CivilMonth(day) + count;
  // The last day of the target month: the first of the next one, less a day.
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  return std::min(absl::CivilDay(month.year(), month.month(), day.day()), last);
}

absl::Status ValidateCertificationPolicy(const CertificationPolicy& policy) {
  Violations violations;
  if (policy.active_period.count <= 0) {
    violations.Add("active_period",
                   absl::StrCat("must be more than zero, got ", Describe(policy.active_period)));
  }
  if (policy.renewal_window.count < 0) {
    violations.Add("renewal_window",
                   absl::StrCat("must not be negative, got ", Describe(policy.renewal_window)));
  } else if (policy.active_period.count > 0) {
    // In the same unit the counts compare; across units the window must be shorter in every
    // calendar: its longest span against the active period's shortest.
    const bool shorter = policy.renewal_window.unit == policy.active_period.unit
                             ? policy.renewal_window.count < policy.active_period.count
                             : MostDays(policy.renewal_window) < FewestDays(policy.active_period);
    if (!shorter) {
      violations.Add(
          "renewal_window",
          absl::StrCat("must be shorter than the active period (", Describe(policy.active_period),
                       ") in every month, got ", Describe(policy.renewal_window)));
    }
  }
  if (policy.minimum_active_period.count < 0) {
    violations.Add("minimum_active_period", absl::StrCat("must not be negative, got ",
                                                         Describe(policy.minimum_active_period)));
  }
  return violations.ToStatus();
}

CertificationState StateOn(const std::optional<CertificationRecord>& record, absl::CivilDay day) {
  if (!record.has_value() || day < record->certified) return CertificationState::kNotCertified;
  if (day < record->window_opens) return CertificationState::kCertified;
  if (day < record->expiry) return CertificationState::kRenewalWindowOpen;
  return CertificationState::kExpired;
}

absl::StatusOr<CompletionResult> ApplyCompletion(const CertificationPolicy& policy,
                                                 const std::optional<CertificationRecord>& previous,
                                                 absl::CivilDay completion) {
  if (absl::Status valid = ValidateCertificationPolicy(policy); !valid.ok()) return valid;
  if (previous.has_value() && completion < previous->certified) {
    return InvalidField("completion_date", absl::StrCat(absl::FormatCivilTime(completion),
                                                        " is before the previous certification of ",
                                                        absl::FormatCivilTime(previous->certified),
                                                        "; completions are applied in date order"));
  }
  CompletionResult result;
  // What the new expiry counts from: one active period after `base`.
  absl::CivilDay base = completion;
  if (!previous.has_value()) {
    result.effect = CompletionEffect::kFirstCertification;
  } else if (completion < previous->window_opens) {
    // Re-taking the training before the window opens proves nothing new about the renewal
    // period: the record stands as it is, so no basis can extend an unexpired certification.
    result.record = *previous;
    result.effect = CompletionEffect::kNotARenewal;
    return result;
  } else if (completion < previous->expiry) {
    result.effect = CompletionEffect::kRenewal;
    if (policy.basis != RenewalBasis::kCompletionDate) base = previous->expiry;
  } else {
    // Overdue: the days between the expiry and the completion were uncertified, and counting
    // from the old expiry would hand out a certification that is partly spent already. Only the
    // fixed basis keeps its cycle, and the minimum active period below makes up for it.
    result.effect = CompletionEffect::kOverdueRenewal;
    if (policy.basis == RenewalBasis::kFixed) base = previous->expiry;
  }
  int periods = 1;
  if (policy.basis == RenewalBasis::kFixed) {
    // Whole active periods from the base, counted from the base each time (never from a date
    // already clamped to a short month), until the expiry leaves the minimum after completion.
    const absl::CivilDay least = AddPeriod(completion, policy.minimum_active_period);
    while (AddPeriod(base, policy.active_period, periods) < least) ++periods;
  }
  result.record.certified = completion;
  result.record.expiry = AddPeriod(base, policy.active_period, periods);
  result.record.window_opens = AddPeriod(result.record.expiry, policy.renewal_window, -1);
  return result;
}

}  // namespace escala::server
