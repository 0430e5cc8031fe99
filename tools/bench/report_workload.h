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
  // Interactions of the history, spread over `agents` agents in teams of 15 and over `days` days
  // from Monday 2026-01-05 (at least a quarter: the history the summaries hold grows with it, the
  // reads stay the same).
  int64_t interactions = 2'000'000;
  // Evaluations of the history (bulk load only), at most one per interaction.
  int64_t evaluations = 0;
  // How the history is loaded: true, by the bulk path (history_load.h: multi-row INSERTs
  // straight into the tables, then the server's recompute builds the summaries); false, through
  // ImportInteractions (the server keeps the summaries on the way; no evaluations).
  bool bulk = true;
  // The bulk path's statements: LOAD DATA LOCAL INFILE, or multi-row INSERTs.
  bool local_infile = true;
  // Interactions imported through the server after the load, against the same rows by raw
  // multi-row INSERTs into the same table: what summary upkeep costs an import. 0 skips it.
  int64_t import_check = 200'000;
  int agents = 10'000;
  int days = 91;
  // Reads of each shape through the summaries, and by aggregates over the facts (0: a tenth as
  // many, at least 3).
  int reads = 200;
  int raw_reads = 0;
  uint64_t seed = 1;
  // Times promotion eligibility is computed for every agent after the reads (against the raw
  // queries of the same figures); 0 skips it.
  int eligibility_runs = 5;
};

// (g) Reports: loads the history (timed: facts, then summaries), then reads
// random agent-weeks, team-months and department-quarters through GetKpiReport (the summaries)
// and the same counts by aggregates over the interactions table (the raw baseline), and prints
// p50/p99 of each and the ratio raw / summaries; then times promotion eligibility for every agent
// (eligibility_timing.h); then measures an import with summary upkeep
// against raw INSERTs of the same rows (import_check) and times the SLA report.
absl::Status RunReportWorkload(const ReportSetup& setup);

}  // namespace escala::bench
