#pragma once

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// What the reports workload needs: a running escala-server (its database on `target`).
struct ReportSetup {
  std::string server_address;
  std::string admin_token;
  MysqlTarget target;
  std::string server_db;
  // Interactions imported through the server (which keeps the report summaries on the way),
  // spread over `agents` agents in teams of 15 and over `days` days from Monday 2026-01-05 (at
  // least a quarter: the history the summaries hold grows with it, the reads stay the same).
  int64_t interactions = 2'000'000;
  int agents = 10'000;
  int days = 91;
  // Reads of each shape through the summaries; the raw scans run a tenth as often (at least 3).
  int reads = 200;
  uint64_t seed = 1;
};

// (g) Reports: bulk-loads the interactions through ImportInteractions (timed), then reads
// random agent-weeks, team-months and department-quarters through GetKpiReport (the summaries)
// and the same counts by aggregates over the interactions table (the raw baseline), and prints
// p50/p99 of each and the ratio raw / summaries.
absl::Status RunReportWorkload(const ReportSetup& setup);

}  // namespace escala::bench
