#include "db/summaries/qa_summary_delta.h"

#include <cmath>

#include "db/common/proto_time.h"

namespace escala::db {

bool CountsInQaSummary(const v1::Evaluation& e) {
  return e.state() != v1::EVALUATION_STATE_UNSPECIFIED && e.state() != v1::EVALUATION_STATE_DRAFT &&
         e.has_submit_time() && e.has_score();
}

int64_t ScoreMilli(double score) { return static_cast<int64_t>(std::llround(score * 1000.0)); }

std::vector<int64_t> QaCountersOf(const v1::Evaluation& e) {
  std::vector<int64_t> c(kQaCounterCount, 0);
  if (!CountsInQaSummary(e)) return c;
  const int64_t milli = ScoreMilli(e.score());
  c[kQaEvaluations] = 1;
  c[kQaScoreMilliSum] = milli;
  c[kQaScoreMilliSqSum] = milli * milli;
  const int band = static_cast<int>(e.band());
  if (band >= 1 && band <= 5) c[static_cast<int>(kQaBand1) + band - 1] = 1;
  c[kQaCriticalFailures] = e.zeroed_by_critical() || e.failed_critical_keys_size() > 0 ? 1 : 0;
  return c;
}

void AddEvaluation(SummaryRows& rows, const v1::Evaluation& e, int sign) {
  if (!CountsInQaSummary(e)) return;
  const std::vector<int64_t> counters = QaCountersOf(e);
  const int day = UtcDayOf(TimestampToMillis(e.submit_time()));
  AddToRows(rows, SummaryKey{"agent", e.agent_employee_id(), day, 0, e.scorecard_id()}, counters,
            sign);
  if (!e.team_id().empty()) {
    AddToRows(rows, SummaryKey{"team", e.team_id(), day, 0, e.scorecard_id()}, counters, sign);
  }
  AddToRows(rows,
            SummaryKey{"department", "", day, StripeOf(e.agent_employee_id()), e.scorecard_id()},
            counters, sign);
}

}  // namespace escala::db
