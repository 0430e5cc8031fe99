#include "client/reports/staffing_calculation.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "server/reports/queue_traffic.h"

namespace escala::client {
namespace {

std::string Percent(double share) { return absl::StrFormat("%.1f%%", share * 100); }

std::string Seconds(absl::Duration duration) {
  return absl::StrFormat("%.1fs", absl::ToDoubleSeconds(duration));
}

}  // namespace

absl::Status ParseServiceTarget(const std::string& text, server::ServiceTarget* target) {
  std::vector<std::string> parts = absl::StrSplit(text, '/');
  double percent = 0;
  double seconds = 0;
  if (parts.size() != 2 || !absl::SimpleAtod(parts[0], &percent) ||
      !absl::SimpleAtod(parts[1], &seconds) || percent <= 0 || percent >= 100 || seconds < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--target: must be PERCENT/SECONDS such as 80/20 (percent above 0 and below 100), got '",
        text, "'"));
  }
  target->service_level = percent / 100;
  target->answer_time = absl::Seconds(seconds);
  return absl::OkStatus();
}

absl::StatusOr<absl::Duration> ParseFlagDuration(const std::string& flag, const std::string& text) {
  double seconds = 0;
  if (absl::SimpleAtod(text, &seconds) && seconds >= 0) return absl::Seconds(seconds);
  absl::Duration duration;
  if (absl::ParseDuration(text, &duration) && duration >= absl::ZeroDuration() &&
      duration != absl::InfiniteDuration()) {
    return duration;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--", flag, ": must be a duration such as 6m, 30m, 20s or 1h30m, got '", text, "'"));
}

absl::StatusOr<StaffingResult> CalculateStaffing(const StaffingInput& input) {
  StaffingResult result;
  absl::StatusOr<double> erlangs = server::OfferedLoadErlangs(input.traffic);
  if (!erlangs.ok()) return erlangs.status();
  result.offered_erlangs = *erlangs;
  absl::StatusOr<server::ErlangCStaffing> c = server::StaffErlangC(input.traffic, input.target);
  if (!c.ok()) return c.status();
  result.erlang_c = *c;
  if (input.patience) {
    absl::StatusOr<server::ErlangAStaffing> a =
        server::StaffErlangA(input.traffic, *input.patience, input.target);
    if (!a.ok()) return a.status();
    result.erlang_a = *a;
  }
  return result;
}

Table StaffingTable(const StaffingResult& result) {
  Table table;
  table.header = {"MODEL", "ERLANGS",   "AGENTS", "SCHEDULED", "SERVICE_LEVEL",
                  "ASA",   "OCCUPANCY", "P_WAIT", "P_ABANDON"};
  const server::ErlangCMetrics& c = result.erlang_c.metrics;
  table.rows.push_back({"erlang-c", absl::StrFormat("%.2f", result.offered_erlangs),
                        absl::StrCat(result.erlang_c.agents),
                        absl::StrCat(result.erlang_c.scheduled_agents), Percent(c.service_level),
                        Seconds(c.average_speed_of_answer), Percent(c.occupancy),
                        Percent(c.wait_probability), "-"});
  if (result.erlang_a) {
    const server::ErlangAMetrics& a = result.erlang_a->metrics;
    table.rows.push_back({"erlang-a", absl::StrFormat("%.2f", result.offered_erlangs),
                          absl::StrCat(result.erlang_a->agents),
                          absl::StrCat(result.erlang_a->scheduled_agents), Percent(a.service_level),
                          Seconds(a.average_speed_of_answer), Percent(a.occupancy),
                          Percent(a.wait_probability), Percent(a.abandon_probability)});
  }
  return table;
}

}  // namespace escala::client
