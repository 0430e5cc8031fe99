#pragma once

#include <soci/session.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/core/sql_dialect.h"
#include "db/summaries/summary_rows.h"

namespace escala::db {

// Adds `delta` to the rows of `table` in the open transaction of `session`: one multi-row upsert
// (INSERT … ON DUPLICATE KEY UPDATE on MariaDB, INSERT … ON CONFLICT DO UPDATE on SQLite) per
// chunk of rows, in key order. Never triggers: the change is part of the write that calls it,
// so it commits or rolls back with the fact. Throws soci::soci_error like SOCI.
void ApplySummaryDelta(soci::session& session, Dialect dialect, const SummaryTable& table,
                       const SummaryRows& delta);

// Which rows ReadSummaryRows returns: a day range [from_day, to_day), and optionally one scope,
// one scope id and one scorecard (empty: any).
struct SummaryRowFilter {
  int from_day = 0;
  int to_day = 0;
  std::string scope;
  std::string scope_id;
  bool any_scope_id = true;
  std::string scorecard_id;
  // Read with FOR UPDATE (MariaDB only).
  bool lock = false;
};

// The stored rows of `table` the filter selects.
SummaryRows ReadSummaryRows(soci::session& session, const SummaryTable& table,
                            const SummaryRowFilter& filter);

// The counters of the rows the filter selects, summed per day in the database (over shards and,
// without a scorecard in the filter, scorecards): day → counters. A department-quarter is then
// 92 rows on the wire instead of 92 × 8.
std::map<int, std::vector<int64_t>> ReadDaySums(soci::session& session, const SummaryTable& table,
                                                const SummaryRowFilter& filter);

// What ReadScopeSums reads: the rows of `scope` for each of `scope_ids` (not empty) over
// [from_day, to_day) and, for QA, of `scorecard_ids` only when not empty.
struct ScopeSumsQuery {
  std::string scope;
  std::vector<std::string> scope_ids;
  std::vector<std::string> scorecard_ids;
  int from_day = 0;
  int to_day = 0;
  // The counters summed, as indexes into the table's counters; the others read 0. Empty: all.
  // Summing only what a caller computes with keeps a read of thousands of scope ids cheap.
  std::vector<std::size_t> counters;
  // When set, also the latest day on which this counter is positive.
  std::optional<std::size_t> latest_positive_day_of;
};

struct ScopeSums {
  std::vector<int64_t> counters;
  std::optional<int> latest_positive_day;
};

// The counters of the rows `query` selects, summed per scope id in the database (over days,
// shards and scorecards): scope id → sums. Scope ids without rows are absent.
std::map<std::string, ScopeSums> ReadScopeSums(soci::session& session, const SummaryTable& table,
                                               const ScopeSumsQuery& query);

// The counters of the rows of a table keyed by criterion (qa_criterion_summaries) that the
// filter selects, summed over the range's days and shards per (scorecard_id, criterion_key).
std::map<std::pair<std::string, std::string>, std::vector<int64_t>> ReadCriterionSums(
    soci::session& session, const SummaryTable& table, const SummaryRowFilter& filter);

// Replaces every row of `table` in [from_day, to_day) with `rows` (in the open transaction).
void ReplaceSummaryRows(soci::session& session, Dialect dialect, const SummaryTable& table,
                        int from_day, int to_day, const SummaryRows& rows);

}  // namespace escala::db
