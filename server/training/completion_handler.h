#pragma once

#include <utility>

#include "absl/status/statusor.h"
#include "db/training/completion_repository.h"
#include "escala/v1/completions.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of CompletionService, free of gRPC. Reach: the own scope reads the caller's own
// completions, the team scope those of the people in the caller's team now; a filter outside the
// reach answers an empty page, as records out of reach are left out of lists.
class CompletionHandler {
 public:
  CompletionHandler(db::CompletionRepository& completions, Clock clock)
      : completions_(completions), clock_(std::move(clock)) {}

  absl::StatusOr<v1::ListCompletionsResponse> ListCompletions(
      const CallContext& call, const v1::ListCompletionsRequest& request);

 private:
  db::CompletionRepository& completions_;
  Clock clock_;
};

}  // namespace escala::server
