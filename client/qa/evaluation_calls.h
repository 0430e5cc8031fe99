#pragma once

#include <grpcpp/support/status.h>

#include <cstdint>

#include "client/core/command.h"
#include "escala/v1/evaluations.pb.h"

namespace escala::client {

// The EvaluationService calls that several command groups (evaluations, disputes) make the same
// way, each with the deadline of the global options.

// GetEvaluation of `id`.
grpc::Status FetchEvaluation(const CommandEnv& env, int64_t id, v1::Evaluation* evaluation);

// ListEvaluations of `request`: one page, or every page with `all` (see ListPages).
grpc::Status ListEvaluationPages(const CommandEnv& env, bool all,
                                 const v1::ListEvaluationsRequest& request,
                                 v1::ListEvaluationsResponse* evaluations);

}  // namespace escala::client
