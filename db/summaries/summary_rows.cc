#include "db/summaries/summary_rows.h"

namespace escala::db {

const SummaryTable& KpiSummaryTable() {
  static const SummaryTable kTable{"kpi_summaries",
                                   false,
                                   {"contacts",
                                    "handled",
                                    "offered",
                                    "abandoned",
                                    "resolved",
                                    "fcr",
                                    "resolved_unescalated",
                                    "escalated",
                                    "handle_n",
                                    "handle_ms",
                                    "first_response_n",
                                    "first_response_ms",
                                    "resolution_n",
                                    "resolution_ms",
                                    "csat_n",
                                    "csat_sum",
                                    "csat_top2",
                                    "nps_n",
                                    "nps_promoters",
                                    "nps_detractors",
                                    "ces_n",
                                    "ces_sum"}};
  return kTable;
}

const SummaryTable& QaSummaryTable() {
  static const SummaryTable kTable{
      "qa_summaries",
      true,
      {"evaluations", "score_milli_sum", "score_milli_sq_sum", "band_1", "band_2", "band_3",
       "band_4", "band_5", "critical_failures"}};
  return kTable;
}

const SummaryTable& QaCriterionSummaryTable() {
  static const SummaryTable kTable{"qa_criterion_summaries", true, {"scored", "failed"}, true};
  return kTable;
}

int StripeOf(std::string_view employee_id) {
  uint32_t hash = 2166136261u;
  for (unsigned char c : employee_id) {
    hash ^= c;
    hash *= 16777619u;
  }
  return static_cast<int>(hash % kSummaryStripes);
}

int UtcDayOf(int64_t unix_ms) {
  constexpr int64_t kDayMs = 86'400'000;
  int64_t day = unix_ms / kDayMs;
  if (unix_ms % kDayMs < 0) --day;
  return static_cast<int>(day);
}

int64_t UtcDayStartMs(int day) { return static_cast<int64_t>(day) * 86'400'000; }

void AddToRows(SummaryRows& rows, const SummaryKey& key, const std::vector<int64_t>& counters,
               int sign) {
  std::vector<int64_t>& row = rows[key];
  if (row.size() < counters.size()) row.resize(counters.size(), 0);
  for (std::size_t i = 0; i < counters.size(); ++i) row[i] += sign * counters[i];
}

void DropZeroRows(SummaryRows& rows) {
  for (auto it = rows.begin(); it != rows.end();) {
    bool zero = true;
    for (int64_t value : it->second) zero = zero && value == 0;
    it = zero ? rows.erase(it) : std::next(it);
  }
}

}  // namespace escala::db
