#include "server/training/certification_status.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"

namespace escala::server {
namespace {

CivilPeriod PeriodOf(const v1::CalendarPeriod& period) {
  return period.unit() == v1::CALENDAR_PERIOD_UNIT_MONTHS ? CivilPeriod::Months(period.count())
                                                          : CivilPeriod::Days(period.count());
}

absl::Time TimeOf(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

}  // namespace

CertificationPolicy PolicyOf(const v1::Certification& certification) {
  CertificationPolicy policy;
  policy.active_period = PeriodOf(certification.active_period());
  policy.renewal_window = PeriodOf(certification.renewal_window());
  switch (certification.renewal_basis()) {
    case v1::RENEWAL_BASIS_PREVIOUS_EXPIRY:
      policy.basis = RenewalBasis::kPreviousExpiry;
      break;
    case v1::RENEWAL_BASIS_FIXED:
      policy.basis = RenewalBasis::kFixed;
      break;
    default:
      policy.basis = RenewalBasis::kCompletionDate;
      break;
  }
  policy.minimum_active_period = certification.has_minimum_active_period()
                                     ? PeriodOf(certification.minimum_active_period())
                                     : CivilPeriod::Days(0);
  return policy;
}

absl::CivilDay DayOf(absl::Time time) { return absl::ToCivilDay(time, absl::UTCTimeZone()); }

absl::CivilDay CompletionDay(const v1::TrainingCompletion& completion) {
  return DayOf(TimeOf(completion.completion_time()));
}

std::string DateText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

bool Requires(const v1::Certification& certification, const v1::Person& person) {
  if (certification.required_roles().empty() && certification.required_levels().empty()) {
    return false;
  }
  const auto& roles = certification.required_roles();
  const auto& levels = certification.required_levels();
  const bool role_ok =
      roles.empty() || std::find(roles.begin(), roles.end(), person.role()) != roles.end();
  const bool level_ok =
      levels.empty() || std::find(levels.begin(), levels.end(), person.level()) != levels.end();
  return role_ok && level_ok;
}

absl::StatusOr<CertificationWalk> WalkCompletions(
    const v1::Certification& certification,
    const std::vector<v1::TrainingCompletion>& completions) {
  const std::set<std::string> earning(certification.course_ids().begin(),
                                      certification.course_ids().end());
  std::vector<const v1::TrainingCompletion*> ordered;
  for (const v1::TrainingCompletion& completion : completions) {
    if (earning.contains(completion.course_id())) ordered.push_back(&completion);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const v1::TrainingCompletion* a, const v1::TrainingCompletion* b) {
                     return CompletionDay(*a) < CompletionDay(*b);
                   });
  const CertificationPolicy policy = PolicyOf(certification);
  CertificationWalk walk;
  for (const v1::TrainingCompletion* completion : ordered) {
    absl::StatusOr<CompletionResult> result =
        ApplyCompletion(policy, walk.record, CompletionDay(*completion));
    if (!result.ok()) return result.status();
    ++walk.counted;
    if (result->effect == CompletionEffect::kNotARenewal) continue;
    walk.record = result->record;
    walk.last_renewal = *completion;
  }
  return walk;
}

v1::CertificationState ToProtoState(CertificationState state) {
  switch (state) {
    case CertificationState::kNotCertified:
      return v1::CERTIFICATION_STATE_NOT_CERTIFIED;
    case CertificationState::kCertified:
      return v1::CERTIFICATION_STATE_CERTIFIED;
    case CertificationState::kRenewalWindowOpen:
      return v1::CERTIFICATION_STATE_RENEWAL_OPEN;
    case CertificationState::kExpired:
      return v1::CERTIFICATION_STATE_EXPIRED;
  }
  return v1::CERTIFICATION_STATE_UNSPECIFIED;
}

v1::CertificationStatus StatusOf(const v1::Certification& certification, const v1::Person& person,
                                 const CertificationWalk& walk, absl::CivilDay as_of) {
  v1::CertificationStatus status;
  status.set_employee_id(person.employee_id());
  status.set_display_name(person.display_name());
  status.set_team_id(person.team_id());
  status.set_certification_id(certification.certification_id());
  status.set_certification_title(certification.title());
  status.set_required(Requires(certification, person));
  status.set_state(ToProtoState(StateOn(walk.record, as_of)));
  status.set_completions_counted(walk.counted);
  if (walk.record.has_value()) {
    status.set_certified_date(DateText(walk.record->certified));
    status.set_expiry_date(DateText(walk.record->expiry));
    status.set_window_open_date(DateText(walk.record->window_opens));
    status.set_days_to_expiry(static_cast<int32_t>(walk.record->expiry - as_of));
    if (walk.last_renewal.has_value()) *status.mutable_last_renewal() = *walk.last_renewal;
  }
  return status;
}

}  // namespace escala::server
