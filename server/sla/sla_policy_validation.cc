#include "server/sla/sla_policy_validation.h"

#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/api/text_rules.h"
#include "server/api/violations.h"

namespace escala::server {
namespace {

constexpr std::size_t kMaxTitle = 200;
constexpr std::size_t kMaxDescription = 4000;
constexpr int kMaxWindows = 70;
constexpr int kMaxHolidays = 400;
constexpr std::size_t kMaxTimeZone = 64;
constexpr int kMinutesPerDay = 24 * 60;

void CheckTarget(const std::string& path, bool present, const v1::SlaTarget& target,
                 Violations& violations) {
  if (!present) {
    violations.Add(InvalidField(path, "is required"));
    return;
  }
  const google::protobuf::Duration& within = target.within();
  if (!target.has_within()) {
    violations.Add(InvalidField(path + ".within", "is required"));
  } else if (within.nanos() != 0 || within.seconds() <= 0 || within.seconds() > 366LL * 24 * 3600) {
    violations.Add(
        InvalidField(path + ".within", "must be whole seconds, above 0 and at most 366 days"));
  }
  if (target.clock() != v1::SLA_CLOCK_BUSINESS_HOURS &&
      target.clock() != v1::SLA_CLOCK_CALENDAR_HOURS) {
    violations.Add(InvalidField(path + ".clock", "must be BUSINESS_HOURS or CALENDAR_HOURS"));
  }
}

bool UsesBusinessHours(const v1::SlaPolicy& policy) {
  for (const v1::SlaPriorityTargets& t : policy.targets()) {
    if (t.first_response().clock() == v1::SLA_CLOCK_BUSINESS_HOURS ||
        t.resolution().clock() == v1::SLA_CLOCK_BUSINESS_HOURS) {
      return true;
    }
  }
  return false;
}

void CheckCalendar(const v1::BusinessHoursCalendar& calendar, Violations& violations) {
  absl::TimeZone zone;
  if (calendar.time_zone().empty()) {
    violations.Add(InvalidField("calendar.time_zone", "is required"));
  } else if (calendar.time_zone().size() > kMaxTimeZone ||
             !absl::LoadTimeZone(calendar.time_zone(), &zone)) {
    violations.Add(
        InvalidField("calendar.time_zone", "must be an IANA time zone name such as Europe/Madrid"));
  }
  if (calendar.opening_hours().empty()) {
    violations.Add(InvalidField("calendar.opening_hours", "needs at least one window"));
  } else if (calendar.opening_hours_size() > kMaxWindows) {
    violations.Add(InvalidField("calendar.opening_hours",
                                absl::StrCat("has at most ", kMaxWindows, " windows")));
  }
  // Per weekday, (open, close, index) of the well-formed windows, to find overlaps.
  std::vector<std::vector<std::pair<std::pair<int, int>, int>>> by_day(8);
  for (int i = 0; i < calendar.opening_hours_size() && i < kMaxWindows; ++i) {
    const v1::OpeningHours& window = calendar.opening_hours(i);
    const std::string path = absl::StrCat("calendar.opening_hours[", i, "]");
    bool ok = true;
    if (window.weekday() < v1::WEEKDAY_MONDAY || window.weekday() > v1::WEEKDAY_SUNDAY) {
      violations.Add(InvalidField(path + ".weekday", "must be MONDAY … SUNDAY"));
      ok = false;
    }
    if (window.open_minute() < 0 || window.open_minute() >= kMinutesPerDay) {
      violations.Add(InvalidField(path + ".open_minute", "must be 0–1439"));
      ok = false;
    }
    if (window.close_minute() <= window.open_minute() || window.close_minute() > kMinutesPerDay) {
      violations.Add(
          InvalidField(path + ".close_minute", "must be above open_minute and at most 1440"));
      ok = false;
    }
    if (ok) by_day[window.weekday()].push_back({{window.open_minute(), window.close_minute()}, i});
  }
  for (auto& day : by_day) {
    std::sort(day.begin(), day.end());
    for (std::size_t k = 1; k < day.size(); ++k) {
      if (day[k].first.first < day[k - 1].first.second) {
        violations.Add(InvalidField(
            absl::StrCat("calendar.opening_hours[", day[k].second, "]"),
            absl::StrCat("overlaps opening_hours[", day[k - 1].second, "] on the same weekday")));
      }
    }
  }
  if (calendar.holiday_dates_size() > kMaxHolidays) {
    violations.Add(InvalidField("calendar.holiday_dates",
                                absl::StrCat("has at most ", kMaxHolidays, " dates")));
  }
  std::set<std::string> seen;
  for (int i = 0; i < calendar.holiday_dates_size() && i < kMaxHolidays; ++i) {
    const std::string path = absl::StrCat("calendar.holiday_dates[", i, "]");
    const std::string& date = calendar.holiday_dates(i);
    if (date.empty()) {
      violations.Add(InvalidField(path, "is required"));
    } else if (absl::Status s = CheckDate(path, date); !s.ok()) {
      violations.Add(s);
    } else if (!seen.insert(date).second) {
      violations.Add(InvalidField(path, "is listed twice"));
    }
  }
}

absl::Weekday WeekdayOf(v1::Weekday weekday) {
  switch (weekday) {
    case v1::WEEKDAY_TUESDAY:
      return absl::Weekday::tuesday;
    case v1::WEEKDAY_WEDNESDAY:
      return absl::Weekday::wednesday;
    case v1::WEEKDAY_THURSDAY:
      return absl::Weekday::thursday;
    case v1::WEEKDAY_FRIDAY:
      return absl::Weekday::friday;
    case v1::WEEKDAY_SATURDAY:
      return absl::Weekday::saturday;
    case v1::WEEKDAY_SUNDAY:
      return absl::Weekday::sunday;
    default:
      return absl::Weekday::monday;
  }
}

}  // namespace

absl::Status ValidateSlaPolicy(const v1::SlaPolicy& policy) {
  Violations violations;
  violations.Add(RequireText("title", policy.title(), kMaxTitle));
  violations.Add(LimitText("description", policy.description(), kMaxDescription));
  std::set<int> seen;
  for (int i = 0; i < policy.targets_size(); ++i) {
    const v1::SlaPriorityTargets& targets = policy.targets(i);
    const std::string path = absl::StrCat("targets[", i, "]");
    if (targets.priority() < v1::PRIORITY_URGENT || targets.priority() > v1::PRIORITY_LOW) {
      violations.Add(InvalidField(path + ".priority", "must be URGENT, HIGH, MEDIUM or LOW"));
    } else if (!seen.insert(targets.priority()).second) {
      violations.Add(InvalidField(
          path + ".priority",
          absl::StrCat(v1::Priority_Name(targets.priority()), " has targets already")));
    }
    CheckTarget(path + ".first_response", targets.has_first_response(), targets.first_response(),
                violations);
    CheckTarget(path + ".resolution", targets.has_resolution(), targets.resolution(), violations);
  }
  std::vector<std::string> missing;
  for (int p = v1::PRIORITY_URGENT; p <= v1::PRIORITY_LOW; ++p) {
    if (!seen.contains(p)) missing.push_back(v1::Priority_Name(static_cast<v1::Priority>(p)));
  }
  if (!missing.empty() && policy.targets_size() <= 4) {
    std::string names;
    for (const std::string& name : missing)
      absl::StrAppend(&names, names.empty() ? "" : ", ", name);
    violations.Add(InvalidField("targets", "needs one entry for each priority; missing " + names));
  }
  if (policy.has_calendar()) {
    CheckCalendar(policy.calendar(), violations);
  } else if (UsesBusinessHours(policy)) {
    violations.Add(InvalidField("calendar", "is required when a target runs on business hours"));
  }
  return violations.ToStatus();
}

absl::StatusOr<BusinessCalendar> CalendarOf(const v1::SlaPolicy& policy) {
  if (!policy.has_calendar()) return BusinessCalendar::AllHours();
  const v1::BusinessHoursCalendar& calendar = policy.calendar();
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(calendar.time_zone(), &zone)) {
    return absl::InvalidArgumentError(
        absl::StrCat("calendar.time_zone: unknown time zone '", calendar.time_zone(), "'"));
  }
  std::vector<OpeningWindow> windows;
  for (const v1::OpeningHours& hours : calendar.opening_hours()) {
    windows.push_back(OpeningWindow{.weekday = WeekdayOf(hours.weekday()),
                                    .open = absl::Minutes(hours.open_minute()),
                                    .close = absl::Minutes(hours.close_minute())});
  }
  std::vector<absl::CivilDay> holidays;
  for (const std::string& date : calendar.holiday_dates()) {
    absl::CivilDay day;
    if (!absl::ParseCivilTime(date, &day)) {
      return absl::InvalidArgumentError(
          absl::StrCat("calendar.holiday_dates: '", date, "' is not a date"));
    }
    holidays.push_back(day);
  }
  return BusinessCalendar::Create(zone, std::move(windows), holidays);
}

SlaPriority SlaPriorityOf(v1::Priority priority) {
  switch (priority) {
    case v1::PRIORITY_URGENT:
      return SlaPriority::kUrgent;
    case v1::PRIORITY_HIGH:
      return SlaPriority::kHigh;
    case v1::PRIORITY_LOW:
      return SlaPriority::kLow;
    default:
      return SlaPriority::kMedium;
  }
}

SlaPolicy TargetsOf(const v1::SlaPolicy& policy) {
  auto target = [](const v1::SlaTarget& t) {
    return SlaTarget{.within = absl::Seconds(t.within().seconds()),
                     .business_hours = t.clock() == v1::SLA_CLOCK_BUSINESS_HOURS};
  };
  SlaPolicy out;
  for (const v1::SlaPriorityTargets& t : policy.targets()) {
    out.targets[SlaPriorityOf(t.priority())] = PriorityTargets{
        .first_response = target(t.first_response()), .resolution = target(t.resolution())};
  }
  return out;
}

}  // namespace escala::server
