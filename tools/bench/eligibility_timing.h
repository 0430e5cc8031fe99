#pragma once

#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "tools/bench/mysql_connection.h"

namespace escala::bench {

// What the eligibility timing reads: the reports workload's history (its agents, all at level 1,
// its bulk-loaded evaluations and interactions, and the summaries built from them).
struct EligibilitySetup {
  int agents = 0;
  // Unix milliseconds of the time eligibility is computed as of: just after the history.
  int64_t as_of_ms = 0;
  // Times the whole population is computed, and the raw queries run.
  int runs = 5;
};

// Publishes an L1 → L2 policy with a rule of every kind that reads the history (quality judged
// on the lower bound, no critical failure, FCR and CSAT thresholds, no lost dispute, tenure), then
// computes the eligibility of every agent through ComputeEligibility (pages of 1,000, the basic
// view: the figures from the summaries), against the raw queries that compute the same figures
// from the facts (GROUP BY over evaluations and interactions for the whole population) in the
// same run. Prints the median of each and their ratio.
absl::Status TimeEligibility(const EligibilitySetup& setup,
                             const std::shared_ptr<grpc::Channel>& channel, MysqlConnection& raw);

}  // namespace escala::bench
