#pragma once

// Set-up shared by end-to-end tests of AssignmentService: a published scorecard and submitted
// evaluations stored straight into the server's database (as ScorecardService and
// EvaluationService store them), so that plans have a card to check their channels against and
// QA averages have something to average whatever state those APIs are in.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "db/core/session_pool.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::testing {

// Stores `card` as version 1 of its scorecard and publishes it, through the production scorecard
// repository; before the server starts, so that it reads the card as stored.
absl::Status SeedPublishedScorecard(db::SessionPool& pool, const v1::Scorecard& card);

// For each of `agents`: a new interaction (made over gRPC as the administrator, so that no
// other test's interaction gets an evaluation it does not expect) and one submitted evaluation
// of it (state 2, `score`, submitted now) against version 1 of `scorecard_id`, which must
// exist. The evaluator is "M1", or "Q1" for M1's own.
absl::Status SeedSubmittedEvaluations(db::SessionPool& pool,
                                      const std::shared_ptr<grpc::Channel>& channel,
                                      const std::string& admin_token,
                                      const std::vector<std::string>& agents,
                                      const std::string& scorecard_id, double score);

}  // namespace escala::testing
