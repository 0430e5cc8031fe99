#pragma once

// Set-up shared by end-to-end tests of AssignmentService: submitted evaluations stored straight
// into the server's database (as EvaluationService stores them), so that QA averages have
// something to average whatever state the evaluation API is in.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "db/core/session_pool.h"

namespace escala::testing {

// For each of `agents`: a new interaction (made over gRPC as the administrator, so that no
// other test's interaction gets an evaluation it does not expect) and one submitted evaluation
// of it (state 2, `score`, submitted now) against version 1 of `scorecard_id`, which must
// exist. The evaluator is "M1", or "Q1" for M1's own.
absl::Status SeedSubmittedEvaluations(db::SessionPool& pool, const std::shared_ptr<grpc::Channel>& channel,
                                      const std::string& admin_token, const std::vector<std::string>& agents,
                                      const std::string& scorecard_id, double score);

}  // namespace escala::testing
