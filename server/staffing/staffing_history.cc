#include "server/staffing/staffing_history.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "db/common/proto_time.h"
#include "server/reports/interval_staffing.h"

namespace escala::server {
namespace {

absl::Duration HandleTimeOf(const v1::Interaction& interaction) {
  return absl::Milliseconds(db::DurationToMillis(interaction.talk_duration()) +
                            db::DurationToMillis(interaction.hold_duration()) +
                            db::DurationToMillis(interaction.after_contact_duration()));
}

}  // namespace

int StaffingHistory::IntervalOfWeek(absl::Time time) const {
  const absl::CivilSecond local = absl::ToCivilSecond(time, zone_);
  absl::CivilDay monday(local);
  while (absl::GetWeekday(monday) != absl::Weekday::monday) --monday;
  // Wall-clock time since local Monday 00:00, so that 09:00 is 09:00 on both sides of a
  // daylight-saving change.
  const absl::Duration since = absl::Seconds(local - absl::CivilSecond(monday));
  absl::Duration within_interval;
  return static_cast<int>(absl::IDivDuration(since, interval_, &within_interval));
}

void StaffingHistory::Add(const v1::Interaction& interaction, const ContactFilter& filter) {
  if (interaction.direction() != v1::DIRECTION_INBOUND) return;
  if (filter.channel != v1::CHANNEL_UNSPECIFIED && interaction.channel() != filter.channel) return;
  if (!filter.queue.empty() && interaction.queue() != filter.queue) return;
  const absl::Time start = absl::FromUnixMillis(db::TimestampToMillis(interaction.start_time()));
  Slot& slot = slots_[IntervalOfWeek(start)];
  ++slot.contacts;
  ++counted_;
  const absl::Duration handle = HandleTimeOf(interaction);
  if (handle > absl::ZeroDuration()) {
    ++slot.timed;
    slot.handle_total += handle;
  }
}

absl::StatusOr<v1::PlanStaffingFromHistoryResponse> StaffingHistory::Plan(
    double weeks, absl::Duration mean_patience, const ServiceTarget& target) const {
  v1::PlanStaffingFromHistoryResponse response;
  response.set_interaction_count(counted_);
  response.set_weeks(weeks);
  int64_t timed = 0;
  absl::Duration total;
  for (const auto& [interval, slot] : slots_) {
    timed += slot.timed;
    total += slot.handle_total;
  }
  if (counted_ == 0) return response;
  if (timed == 0) {
    return absl::FailedPreconditionError(
        "none of the range's inbound interactions recorded a handle time (talk, hold or "
        "after-contact duration)");
  }
  const absl::Duration overall = total / timed;
  std::vector<IntervalForecast> forecasts;
  for (const auto& [interval, slot] : slots_) {
    forecasts.push_back(IntervalForecast{
        .interval_of_week = interval,
        .contacts = static_cast<double>(slot.contacts) / weeks,
        .average_handle_time = slot.timed > 0 ? slot.handle_total / slot.timed : overall});
  }
  absl::StatusOr<std::vector<IntervalRequirement>> staffed =
      StaffIntervals(forecasts, interval_, mean_patience, target);
  if (!staffed.ok()) return staffed.status();
  for (std::size_t i = 0; i < staffed->size(); ++i) {
    const IntervalRequirement& need = (*staffed)[i];
    v1::IntervalStaffing* out = response.add_intervals();
    out->set_interval_of_week(need.interval_of_week);
    out->set_contacts(forecasts[i].contacts);
    *out->mutable_average_handle_time() =
        db::MillisToDuration(absl::ToInt64Milliseconds(forecasts[i].average_handle_time));
    out->set_offered_erlangs(need.offered_erlangs);
    out->set_erlang_c_agents(need.erlang_c.agents);
    out->set_erlang_c_scheduled_agents(need.erlang_c.scheduled_agents);
    out->set_erlang_c_service_level(need.erlang_c.metrics.service_level);
    out->set_erlang_a_agents(need.erlang_a.agents);
    out->set_erlang_a_scheduled_agents(need.erlang_a.scheduled_agents);
    out->set_erlang_a_service_level(need.erlang_a.metrics.service_level);
    out->set_erlang_a_abandon_probability(need.erlang_a.metrics.abandon_probability);
  }
  return response;
}

}  // namespace escala::server
