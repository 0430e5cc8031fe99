#pragma once

#include <string>

#include "db/summaries/summary_rows.h"
#include "escala/v1/interactions.pb.h"

namespace escala::db {

// Counter columns of kpi_summaries, in KpiSummaryTable() order. What each one counts (the
// definitions the reports name):
//   contacts              every interaction.
//   offered               inbound contacts on a real-time channel (phone, chat).
//   abandoned             an inbound contact on a real-time channel (phone, chat) that no agent
//                         answered (no answer_time): "abandoned / offered" (Genesys).
//   handled               contacts − abandoned.
//   resolved              contacts with a resolve_time.
//   fcr                   resolved contacts flagged first_contact_resolution ("fcr_flagged": the
//                         agent's flag; FCR = fcr / resolved).
//   resolved_unescalated  resolved and not escalated: technical resolution rate =
//                         resolved_unescalated / handled, the share a level solved itself.
//   escalated             contacts flagged escalated (escalation rate = escalated / handled).
//   handle_n, handle_ms   contacts with any of talk, hold, after-contact duration, and the sum of
//                         the three (AHT as Amazon Connect defines it).
//   first_response_n/_ms  contacts with a first_response_time, and Σ (first response − start).
//   resolution_n/_ms      contacts with a resolve_time, and Σ (resolve − start).
//   csat_n, csat_sum, csat_top2          CSAT answers, their sum, the answers 4–5.
//   nps_n, nps_promoters, nps_detractors NPS answers, the 9–10s, the 0–6s.
//   ces_n, ces_sum        CES answers (1–7) and their sum.
enum KpiCounter {
  kKpiContacts,
  kKpiHandled,
  kKpiOffered,
  kKpiAbandoned,
  kKpiResolved,
  kKpiFcr,
  kKpiResolvedUnescalated,
  kKpiEscalated,
  kKpiHandleN,
  kKpiHandleMs,
  kKpiFirstResponseN,
  kKpiFirstResponseMs,
  kKpiResolutionN,
  kKpiResolutionMs,
  kKpiCsatN,
  kKpiCsatSum,
  kKpiCsatTop2,
  kKpiNpsN,
  kKpiNpsPromoters,
  kKpiNpsDetractors,
  kKpiCesN,
  kKpiCesSum,
  kKpiCounterCount
};

// The counters one interaction contributes.
std::vector<int64_t> KpiCountersOf(const v1::Interaction& interaction);

// Adds `sign` × the contribution of `interaction` (handled by an agent of team `team_id`, empty
// when none) to `rows`: its agent, team (when there is one), department, channel and queue (when
// named) rows of the UTC day of its start_time.
void AddInteraction(SummaryRows& rows, const v1::Interaction& interaction,
                    const std::string& team_id, int sign);

}  // namespace escala::db
