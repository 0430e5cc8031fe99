#include "client/sla/sla_policy_view.h"

#include <map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/core/enum_names.h"

namespace escala::client {
namespace {

std::string StateText(v1::SlaPolicyState state) {
  switch (state) {
    case v1::SLA_POLICY_STATE_DRAFT:
      return "draft";
    case v1::SLA_POLICY_STATE_PUBLISHED:
      return "published";
    case v1::SLA_POLICY_STATE_SUPERSEDED:
      return "superseded";
    default:
      return "";
  }
}

std::string TargetText(const v1::SlaTarget& target) {
  return absl::StrCat(DurationText(target.within().seconds()),
                      target.clock() == v1::SLA_CLOCK_BUSINESS_HOURS ? " business" : " calendar");
}

std::string MinuteText(int minute) {
  return absl::StrFormat("%02d:%02d", minute / 60, minute % 60);
}

}  // namespace

std::string DurationText(int64_t seconds) {
  if (seconds <= 0) return "0s";
  std::string text;
  const int64_t days = seconds / 86400, hours = seconds % 86400 / 3600,
                minutes = seconds % 3600 / 60, rest = seconds % 60;
  if (days > 0) absl::StrAppend(&text, days, "d");
  if (hours > 0) absl::StrAppend(&text, hours, "h");
  if (minutes > 0) absl::StrAppend(&text, minutes, "m");
  if (rest > 0) absl::StrAppend(&text, rest, "s");
  return text;
}

const ColumnTable& SlaPolicyColumns() {
  static const auto* const kColumns = new ColumnTable{OutputOnlyColumn("sla_policy_id"),
                                                      OutputOnlyColumn("version"),
                                                      OutputOnlyColumn("state"),
                                                      OutputOnlyColumn("title"),
                                                      OutputOnlyColumn("calendar.time_zone"),
                                                      OutputOnlyColumn("publish_time"),
                                                      OutputOnlyColumn("etag")};
  return *kColumns;
}

Table SlaPoliciesTable(const google::protobuf::RepeatedPtrField<v1::SlaPolicy>& policies) {
  Table table;
  table.header = {"SLA_POLICY_ID", "VERSION", "STATE", "TITLE", "TIME_ZONE"};
  for (const v1::SlaPolicy& policy : policies) {
    table.rows.push_back({policy.sla_policy_id(), absl::StrCat(policy.version()),
                          StateText(policy.state()), policy.title(),
                          policy.calendar().time_zone()});
  }
  return table;
}

std::string RenderSlaPolicy(const v1::SlaPolicy& policy, int width) {
  std::string text = absl::StrCat(policy.sla_policy_id(), " version ", policy.version(), " (",
                                  StateText(policy.state()), ", etag ", policy.etag(),
                                  "): ", policy.title(), "\n");
  if (!policy.description().empty()) absl::StrAppend(&text, policy.description(), "\n");
  Table targets;
  targets.header = {"PRIORITY", "FIRST_RESPONSE", "RESOLUTION"};
  for (const v1::SlaPriorityTargets& t : policy.targets()) {
    targets.rows.push_back(
        {ShortEnumName(t.priority()), TargetText(t.first_response()), TargetText(t.resolution())});
  }
  absl::StrAppend(&text, "\n", RenderTable(targets, width));
  if (policy.has_calendar()) {
    const v1::BusinessHoursCalendar& calendar = policy.calendar();
    absl::StrAppend(&text, "\nBusiness hours (", calendar.time_zone(), "):\n");
    std::map<int, std::vector<std::string>> by_day;
    for (const v1::OpeningHours& hours : calendar.opening_hours()) {
      by_day[hours.weekday()].push_back(
          absl::StrCat(MinuteText(hours.open_minute()), "-", MinuteText(hours.close_minute())));
    }
    for (const auto& [day, windows] : by_day) {
      absl::StrAppend(&text, "  ", ShortEnumName(static_cast<v1::Weekday>(day)), " ",
                      absl::StrJoin(windows, ", "), "\n");
    }
    if (calendar.holiday_dates_size() > 0) {
      absl::StrAppend(&text, "  holidays: ", absl::StrJoin(calendar.holiday_dates(), ", "), "\n");
    }
  }
  return text;
}

}  // namespace escala::client
