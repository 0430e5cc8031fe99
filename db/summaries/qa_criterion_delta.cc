#include "db/summaries/qa_criterion_delta.h"

#include <set>
#include <string>

#include "db/common/proto_time.h"
#include "db/summaries/qa_summary_delta.h"

namespace escala::db {

void AddEvaluationCriteria(SummaryRows& rows, const v1::Evaluation& e, int sign) {
  // The same evaluations as qa_summaries, so that a criterion's n never exceeds the report's.
  if (!CountsInQaSummary(e)) return;
  std::set<std::string> failed(e.failed_criterion_keys().begin(), e.failed_criterion_keys().end());
  failed.insert(e.failed_critical_keys().begin(), e.failed_critical_keys().end());
  const int day = UtcDayOf(TimestampToMillis(e.submit_time()));
  const int stripe = StripeOf(e.agent_employee_id());
  for (const v1::CriterionAnswer& answer : e.answers()) {
    if (answer.not_applicable() || !answer.has_value()) continue;
    const std::vector<int64_t> counters = {1, failed.contains(answer.criterion_key()) ? 1 : 0};
    AddToRows(rows,
              SummaryKey{"agent", e.agent_employee_id(), day, 0, e.scorecard_id(),
                         answer.criterion_key()},
              counters, sign);
    if (!e.team_id().empty()) {
      AddToRows(rows,
                SummaryKey{"team", e.team_id(), day, 0, e.scorecard_id(), answer.criterion_key()},
                counters, sign);
    }
    AddToRows(rows,
              SummaryKey{"department", "", day, stripe, e.scorecard_id(), answer.criterion_key()},
              counters, sign);
  }
}

}  // namespace escala::db
