#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace escala::db {

// Key of one summary row (db/migrations/*/0021_create_report_summaries.sql,
// 0023_create_qa_criterion_summaries.sql).
struct SummaryKey {
  std::string scope;          // "agent", "team", "department", "channel" or "queue"
  std::string scope_id;       // employee id, team id, "" (department), channel number, queue name
  int day = 0;                // UTC days since 1970-01-01
  int shard = 0;              // 0, or StripeOf(agent) for the striped scopes
  std::string scorecard_id;   // QA rows only; "" in kpi_summaries
  std::string criterion_key;  // qa_criterion_summaries only; "" elsewhere

  friend bool operator<(const SummaryKey& a, const SummaryKey& b) {
    return std::tie(a.scope, a.scope_id, a.day, a.shard, a.scorecard_id, a.criterion_key) <
           std::tie(b.scope, b.scope_id, b.day, b.shard, b.scorecard_id, b.criterion_key);
  }
  friend bool operator==(const SummaryKey& a, const SummaryKey& b) { return !(a < b) && !(b < a); }
};

// Counters of several rows (or the change to them), in the order of the table's counter
// columns. An ordered map: writes go in key order, so two transactions that touch the same rows
// lock them in the same order and cannot deadlock each other on them.
using SummaryRows = std::map<SummaryKey, std::vector<int64_t>>;

// How a summary table is laid out: its name, whether scorecard_id (and criterion_key) are part
// of the key, and its counter columns in order.
struct SummaryTable {
  const char* name;
  bool keyed_by_scorecard;
  std::vector<const char*> counters;
  bool keyed_by_criterion = false;
};

const SummaryTable& KpiSummaryTable();
const SummaryTable& QaSummaryTable();
const SummaryTable& QaCriterionSummaryTable();

// Stripes of the wide scopes (department, channel, queue). Eight rows per scope and day keep
// concurrent writers of different agents off one hot row while a department-quarter read stays
// at 90 × 8 rows, and an import batch upserts at most 8 rows per wide scope and day.
inline constexpr int kSummaryStripes = 8;

// The stripe of an agent: FNV-1a of the employee id, modulo kSummaryStripes. Stable across
// builds and platforms, because a recompute must find the rows the writes made.
int StripeOf(std::string_view employee_id);

// The UTC day (days since 1970-01-01) of a time in Unix milliseconds; floor, also before 1970.
int UtcDayOf(int64_t unix_ms);
// Unix milliseconds of the start of a UTC day.
int64_t UtcDayStartMs(int day);

// rows[key] += sign × counters (a missing row starts at zero).
void AddToRows(SummaryRows& rows, const SummaryKey& key, const std::vector<int64_t>& counters,
               int sign);
// Removes the rows whose counters are all zero: an update that changes nothing a summary
// counts then writes no summary row.
void DropZeroRows(SummaryRows& rows);

}  // namespace escala::db
