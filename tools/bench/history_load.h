#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "escala/v1/interactions.pb.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// The bulk path of the reports benchmark: a history of interactions and evaluations written
// straight into the server's tables with large multi-row INSERTs or LOAD DATA LOCAL INFILE,
// bypassing the server, so that
// tens of millions of facts load in minutes. The summaries are then built by the server's own
// recompute (RecomputeReportSummaries), so they are exactly what the server would have kept.
struct HistorySetup {
  MysqlTarget target;
  // The server's database, its schema migrated, the agents and teams of AgentId/TeamId (as the
  // reports workload creates them), the evaluator and the scorecard kBenchScorecardId version 1
  // already in it.
  std::string database;
  int64_t interactions = 0;
  // Evaluations of as many interactions, spread evenly over them (at most one per interaction).
  int64_t evaluations = 0;
  int agents = 0;
  int team_size = 15;
  int days = 0;
  // Unix milliseconds of the first day's midnight (UTC).
  int64_t first_day_ms = 0;
  std::string evaluator;
  uint64_t seed = 1;
  // Connections inserting at once, each with the days of its own.
  int writers = 2;
  // Rows per statement (and per transaction).
  int rows_per_statement = 1000;
  // LOAD DATA LOCAL INFILE (the rows streamed from memory) instead of multi-row INSERTs.
  bool local_infile = false;
};

// The generated history, a pure function of (setup, index): the interaction of index
// 0 ≤ k < interactions has id k + 1 and starts on day k × days / interactions.
v1::Interaction HistoryInteraction(const HistorySetup& setup, int64_t k);

// The employee id of agent i and the team id of team i, as the reports workload names them.
std::string AgentId(int i);
std::string TeamId(int i);

struct HistoryLoadTimes {
  double interaction_seconds = 0;
  double evaluation_seconds = 0;
};

// Writes the interactions, then the evaluations, and returns how long each took. The sessions
// skip unique and foreign-key checks (as a dump reload does): every id is unique and every
// reference exists by construction. INTERNAL with the server's message on a failed statement.
absl::StatusOr<HistoryLoadTimes> LoadHistory(const HistorySetup& setup);

}  // namespace escala::bench
