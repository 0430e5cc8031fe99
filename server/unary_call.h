#pragma once

#include <grpcpp/grpcpp.h>

#include <cstddef>
#include <utility>

#include "absl/status/statusor.h"
#include "server/grpc_status.h"
#include "server/worker_pool.h"

namespace escala::server {

// Limits how much work may wait for a worker before new calls are turned away: past it the
// caller gets RESOURCE_EXHAUSTED at once, rather than a deadline expiring in our queue.
inline constexpr std::size_t kMaxQueuedCalls = 4096;

// Runs `handle()` (which returns absl::StatusOr<Response>) on the worker pool and finishes the
// call from there, so the gRPC callback thread returns immediately. The request and response
// objects belong to gRPC and stay valid until Finish.
template <typename Response, typename Handle>
grpc::ServerUnaryReactor* RunOnWorkers(grpc::CallbackServerContext* context, Response* response,
                                       WorkerPool& workers, Handle&& handle) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (workers.queued() >= kMaxQueuedCalls) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "server overloaded: too many calls waiting; retry with backoff"));
    return reactor;
  }
  const bool queued = workers.Submit(
      [context, response, reactor, handle = std::forward<Handle>(handle)]() mutable {
        if (context->IsCancelled()) {
          reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled by the client"));
          return;
        }
        absl::StatusOr<Response> result = handle();
        if (result.ok()) {
          *response = std::move(*result);
          reactor->Finish(grpc::Status::OK);
        } else {
          reactor->Finish(ToGrpcStatus(result.status()));
        }
      });
  if (!queued) reactor->Finish(grpc::Status(grpc::StatusCode::UNAVAILABLE, "server shutting down"));
  return reactor;
}

}  // namespace escala::server
