#include "server/training/certification_validation.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"
#include "server/training/certification_period.h"
#include "server/training/certification_status.h"
#include "server/training/course_validation.h"

namespace escala::server {
namespace {

constexpr int kMaxPeriodDays = 3660;
constexpr int kMaxPeriodMonths = 120;

// The form of one period; `required` false lets it be absent. Returns whether it is well formed
// (then the policy rules can compare it).
bool CheckPeriod(const std::string& field, bool present, const v1::CalendarPeriod& period,
                 Violations& violations) {
  if (!present) {
    violations.Add(field, "is required (a count of days or months)");
    return false;
  }
  bool ok = true;
  if (period.unit() == v1::CALENDAR_PERIOD_UNIT_UNSPECIFIED) {
    violations.Add(field + ".unit", "is required (days or months)");
    ok = false;
  } else if (!v1::CalendarPeriodUnit_IsValid(period.unit())) {
    violations.Add(field + ".unit", absl::StrCat("unknown value ", period.unit()));
    ok = false;
  }
  const int most =
      period.unit() == v1::CALENDAR_PERIOD_UNIT_MONTHS ? kMaxPeriodMonths : kMaxPeriodDays;
  if (period.count() < 0 || period.count() > most) {
    violations.Add(field + ".count",
                   absl::StrCat("must be between 0 and ", most, ", got ", period.count()));
    ok = false;
  }
  return ok;
}

void CheckIdentifierList(const google::protobuf::RepeatedPtrField<std::string>& values,
                         const std::string& name, int least, int most, Violations& violations) {
  if (values.size() < least || values.size() > most) {
    violations.Add(name,
                   absl::StrCat("must list ", least, "–", most, " entries, got ", values.size()));
  }
  std::set<std::string> seen;
  for (int i = 0; i < values.size(); ++i) {
    const std::string field = absl::StrCat(name, "[", i, "]");
    absl::Status valid = RequireIdentifier(field, values.Get(i), 64);
    if (!valid.ok()) {
      violations.Add(valid);
    } else if (!seen.insert(values.Get(i)).second) {
      violations.Add(field, absl::StrCat("'", values.Get(i), "' is listed twice"));
    }
  }
}

}  // namespace

absl::Status ValidateCertification(const v1::Certification& certification) {
  Violations violations;
  violations.Add(RequireIdentifier("certification_id", certification.certification_id(), 64));
  violations.Add(RequireText("title", certification.title(), kMaxCertificationTitle));
  violations.Add(
      LimitText("description", certification.description(), kMaxCertificationDescription));
  CheckIdentifierList(certification.course_ids(), "course_ids", 1, kMaxEarningCourses, violations);
  bool periods_ok = CheckPeriod("active_period", certification.has_active_period(),
                                certification.active_period(), violations);
  periods_ok &= CheckPeriod("renewal_window", certification.has_renewal_window(),
                            certification.renewal_window(), violations);
  if (certification.renewal_basis() == v1::RENEWAL_BASIS_UNSPECIFIED) {
    violations.Add("renewal_basis", "is required (completion-date, previous-expiry or fixed)");
  } else if (!v1::RenewalBasis_IsValid(certification.renewal_basis())) {
    violations.Add("renewal_basis", absl::StrCat("unknown value ", certification.renewal_basis()));
  }
  if (certification.has_minimum_active_period()) {
    if (certification.renewal_basis() != v1::RENEWAL_BASIS_FIXED) {
      violations.Add("minimum_active_period", "is only for the fixed renewal basis");
    } else {
      periods_ok &= CheckPeriod("minimum_active_period", true,
                                certification.minimum_active_period(), violations);
    }
  }
  if (periods_ok) violations.Add(ValidateCertificationPolicy(PolicyOf(certification)));
  std::set<int> roles;
  for (int i = 0; i < certification.required_roles_size(); ++i) {
    const int role = certification.required_roles(i);
    const std::string field = absl::StrCat("required_roles[", i, "]");
    if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) {
      violations.Add(field, absl::StrCat("unknown role ", role));
    } else if (!roles.insert(role).second) {
      violations.Add(field, absl::StrCat(v1::Role_Name(role), " is listed twice"));
    }
  }
  std::set<int> levels;
  for (int i = 0; i < certification.required_levels_size(); ++i) {
    const int level = certification.required_levels(i);
    const std::string field = absl::StrCat("required_levels[", i, "]");
    if (level < kMinLevel || level > kMaxLevel) {
      violations.Add(
          field, absl::StrCat("must be between ", kMinLevel, " and ", kMaxLevel, ", got ", level));
    } else if (!levels.insert(level).second) {
      violations.Add(field, absl::StrCat("level ", level, " is listed twice"));
    }
  }
  return violations.ToStatus();
}

absl::Status ValidateLearningPath(const v1::LearningPath& path) {
  Violations violations;
  violations.Add(RequireIdentifier("learning_path_id", path.learning_path_id(), 64));
  violations.Add(RequireText("title", path.title(), kMaxCertificationTitle));
  const int role = path.role();
  if (role == v1::ROLE_UNSPECIFIED) {
    violations.Add("role", "is required");
  } else if (!v1::Role_IsValid(role) || role == v1::ROLE_HR_SYSTEM ||
             role == v1::ROLE_ADMINISTRATOR || role == v1::ROLE_INTEGRATION) {
    violations.Add("role", absl::StrCat("must be a person role, got ", role));
  }
  if (path.level() != 0 && (path.level() < kMinLevel || path.level() > kMaxLevel)) {
    violations.Add("level", absl::StrCat("must be between ", kMinLevel, " and ", kMaxLevel,
                                         " (0: every level), got ", path.level()));
  }
  if (path.items().empty() || path.items_size() > kMaxPathItems) {
    violations.Add(
        "items", absl::StrCat("must list 1–", kMaxPathItems, " courses, got ", path.items_size()));
  }
  std::set<std::string> seen;
  for (int i = 0; i < path.items_size(); ++i) {
    const v1::LearningPathItem& item = path.items(i);
    const std::string prefix = absl::StrCat("items[", i, "].");
    absl::Status valid = RequireIdentifier(prefix + "course_id", item.course_id(), 64);
    if (!valid.ok()) {
      violations.Add(valid);
    } else if (!seen.insert(item.course_id()).second) {
      violations.Add(prefix + "course_id",
                     absl::StrCat("'", item.course_id(), "' is listed twice"));
    }
    if (item.due_within_days() < 0 || item.due_within_days() > kMaxDueWithinDays) {
      violations.Add(prefix + "due_within_days",
                     absl::StrCat("must be between 0 and ", kMaxDueWithinDays,
                                  " (0: no due date), got ", item.due_within_days()));
    }
  }
  return violations.ToStatus();
}

}  // namespace escala::server
