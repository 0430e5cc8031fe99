#include "db/summaries/kpi_summary_delta.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"

namespace escala::db {
namespace {

bool IsRealTime(v1::Channel channel) {
  return channel == v1::CHANNEL_PHONE || channel == v1::CHANNEL_CHAT;
}

// A duration that a record with its times out of order would make negative counts as zero.
int64_t Elapsed(const google::protobuf::Timestamp& from, const google::protobuf::Timestamp& to) {
  return std::max<int64_t>(0, TimestampToMillis(to) - TimestampToMillis(from));
}

}  // namespace

std::vector<int64_t> KpiCountersOf(const v1::Interaction& i) {
  std::vector<int64_t> c(kKpiCounterCount, 0);
  c[kKpiContacts] = 1;
  const bool offered = i.direction() == v1::DIRECTION_INBOUND && IsRealTime(i.channel());
  const bool abandoned = offered && !i.has_answer_time();
  c[kKpiOffered] = offered ? 1 : 0;
  c[kKpiAbandoned] = abandoned ? 1 : 0;
  c[kKpiHandled] = abandoned ? 0 : 1;
  const bool resolved = i.has_resolve_time();
  c[kKpiResolved] = resolved ? 1 : 0;
  c[kKpiFcr] = resolved && i.first_contact_resolution() ? 1 : 0;
  c[kKpiResolvedUnescalated] = resolved && !i.escalated() ? 1 : 0;
  c[kKpiEscalated] = i.escalated() ? 1 : 0;
  if (i.has_talk_duration() || i.has_hold_duration() || i.has_after_contact_duration()) {
    c[kKpiHandleN] = 1;
    c[kKpiHandleMs] =
        (i.has_talk_duration() ? DurationToMillis(i.talk_duration()) : 0) +
        (i.has_hold_duration() ? DurationToMillis(i.hold_duration()) : 0) +
        (i.has_after_contact_duration() ? DurationToMillis(i.after_contact_duration()) : 0);
  }
  if (i.has_first_response_time()) {
    c[kKpiFirstResponseN] = 1;
    c[kKpiFirstResponseMs] = Elapsed(i.start_time(), i.first_response_time());
  }
  if (resolved) {
    c[kKpiResolutionN] = 1;
    c[kKpiResolutionMs] = Elapsed(i.start_time(), i.resolve_time());
  }
  if (i.has_csat()) {
    c[kKpiCsatN] = 1;
    c[kKpiCsatSum] = i.csat();
    c[kKpiCsatTop2] = i.csat() >= 4 ? 1 : 0;
  }
  if (i.has_nps()) {
    c[kKpiNpsN] = 1;
    c[kKpiNpsPromoters] = i.nps() >= 9 ? 1 : 0;
    c[kKpiNpsDetractors] = i.nps() <= 6 ? 1 : 0;
  }
  if (i.has_ces()) {
    c[kKpiCesN] = 1;
    c[kKpiCesSum] = i.ces();
  }
  return c;
}

void AddInteraction(SummaryRows& rows, const v1::Interaction& interaction,
                    const std::string& team_id, int sign) {
  const std::vector<int64_t> counters = KpiCountersOf(interaction);
  const int day = UtcDayOf(TimestampToMillis(interaction.start_time()));
  const int stripe = StripeOf(interaction.agent_employee_id());
  AddToRows(rows, SummaryKey{"agent", interaction.agent_employee_id(), day, 0, ""}, counters, sign);
  if (!team_id.empty()) AddToRows(rows, SummaryKey{"team", team_id, day, 0, ""}, counters, sign);
  AddToRows(rows, SummaryKey{"department", "", day, stripe, ""}, counters, sign);
  AddToRows(
      rows,
      SummaryKey{"channel", absl::StrCat(static_cast<int>(interaction.channel())), day, stripe, ""},
      counters, sign);
  if (!interaction.queue().empty()) {
    AddToRows(rows, SummaryKey{"queue", interaction.queue(), day, stripe, ""}, counters, sign);
  }
}

}  // namespace escala::db
