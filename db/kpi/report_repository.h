#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "db/summaries/summary_rows.h"

namespace escala::db {

// The counters of one scope per UTC day, summed over the scope's shards (and, for QA, over the
// scorecards when none is named): day → counters in the table's column order. Days without a
// row are absent.
using CountersByDay = std::map<int, std::vector<int64_t>>;

// One counter that differs between the stored summaries and the facts.
struct SummaryDifference {
  std::string table;  // "kpi_summaries", "qa_summaries" or "qa_criterion_summaries"
  SummaryKey key;
  std::string column;
  int64_t stored = 0;
  int64_t recomputed = 0;
};

// The evaluations of one scorecard criterion over a range: how many answered it with a value,
// and how many of those failed it.
struct CriterionCounts {
  std::string scorecard_id;
  std::string criterion_key;
  int64_t scored = 0;
  int64_t failed = 0;
};

// One agent's QA counters summed over a range of days (qa_summaries column order), and the
// latest day of the range with a critical failure.
struct AgentQaTotals {
  std::vector<int64_t> counters;
  std::optional<int> last_critical_failure_day;
};

struct RecomputeResult {
  // The differing counters (a missing row counts as zeros), chunk by chunk (so day by day by
  // default), each chunk's in table and key order; the first kListedSummaryDifferences of them:
  // after a restore or an upgrade every counter of the range may differ, and the list must not grow
  // with the history.
  std::vector<SummaryDifference> differences;
  // Every differing counter, listed or not.
  int64_t difference_count = 0;
  // Rows rebuilt from the facts (all three tables).
  int64_t recomputed_rows = 0;
  // Whether the stored rows of the range were replaced.
  bool fixed = false;
};

// How many differences a recompute lists (RecomputeResult::difference_count counts them all).
inline constexpr std::size_t kListedSummaryDifferences = 1000;

// Reads of the report summaries (kpi_summaries, qa_summaries: see
// db/migrations/*/0021_create_report_summaries.sql; qa_criterion_summaries: 0023), and their
// rebuild from the facts.
class ReportRepository {
 public:
  virtual ~ReportRepository() = default;

  // KPI counters of scope ("agent", "team", "department", "channel", "queue") and scope_id
  // over the days [from_day, to_day).
  virtual absl::StatusOr<CountersByDay> KpiByDay(const std::string& scope,
                                                 const std::string& scope_id, int from_day,
                                                 int to_day) = 0;
  // QA counters of scope ("agent", "team", "department") and scope_id, of one scorecard (or all
  // when empty), over the days [from_day, to_day).
  virtual absl::StatusOr<CountersByDay> QaByDay(const std::string& scope,
                                                const std::string& scope_id,
                                                const std::string& scorecard_id, int from_day,
                                                int to_day) = 0;
  // Per-criterion counters of scope ("agent", "team", "department") and scope_id, of one
  // scorecard (or all when empty), summed over the days [from_day, to_day), by scorecard and
  // criterion key. Criteria nobody answered in the range are absent.
  virtual absl::StatusOr<std::vector<CriterionCounts>> QaByCriterion(
      const std::string& scope, const std::string& scope_id, const std::string& scorecard_id,
      int from_day, int to_day) = 0;
  // KPI counters of each agent of `employee_ids` summed over the days [from_day, to_day), in one
  // read: employee id → counters. Only `counters` (indexes into kpi_summaries' counters) are
  // summed, the others read 0; empty: all. Agents without contacts in the range are absent.
  virtual absl::StatusOr<std::map<std::string, std::vector<int64_t>>> KpiByAgent(
      const std::vector<std::string>& employee_ids, int from_day, int to_day,
      const std::vector<std::size_t>& counters) = 0;
  // QA counters of each agent of `employee_ids` summed over the days [from_day, to_day), of the
  // scorecards named (all when empty), in one read: the evaluations, score sums and critical
  // failures (the bands read 0). Agents without evaluations are absent.
  virtual absl::StatusOr<std::map<std::string, AgentQaTotals>> QaByAgent(
      const std::vector<std::string>& employee_ids, const std::vector<std::string>& scorecard_ids,
      int from_day, int to_day) = 0;
  // Rebuilds the summary rows of the days [from_day, to_day) from the interactions (by start
  // day) and evaluations (by submit day) and compares them with the stored ones, a chunk of days
  // at a time, each chunk in a transaction of its own (memory and locks are bounded by a chunk,
  // not by the range). With `fix`, the stored rows of every chunk that differs are replaced by
  // the rebuilt ones and one audit event ("report_summary", "report_summaries") records the
  // chunk's days and its count of differences, in the chunk's transaction; a chunk without
  // differences is left as it is. While a chunk is fixed, writes of facts of its days wait
  // (MariaDB: its summary rows are locked; SQLite: the transaction holds the write lock). A
  // failure leaves the chunks before it done.
  virtual absl::StatusOr<RecomputeResult> Recompute(int from_day, int to_day, bool fix,
                                                    const AuditStamp& stamp, absl::Time now) = 0;
};

}  // namespace escala::db
