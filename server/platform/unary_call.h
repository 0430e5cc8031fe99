#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>
#include <grpcpp/support/status.h>

#include <cstddef>
#include <memory>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/platform/access_gate.h"
#include "server/platform/call_drain.h"
#include "server/platform/grpc_status.h"
#include "server/platform/server_state.h"
#include "server/platform/worker_pool.h"

namespace escala::server {

// Limits how much work may wait for a worker before new calls are turned away: past it the
// caller gets RESOURCE_EXHAUSTED at once, rather than a deadline expiring in our queue.
inline constexpr std::size_t kMaxQueuedCalls = 4096;

// What every gRPC adapter runs its calls with.
struct CallRuntime {
  WorkerPool& workers;
  AccessGate& gate;
  // When set and draining, new calls are refused with ShuttingDownStatus().
  const ServerState* state = nullptr;
};

// The answer to a call that arrives once shutdown has begun: UNAVAILABLE, which clients retry.
inline grpc::Status ShuttingDownStatus() {
  return grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down; retry");
}

// Runs a unary call on the worker pool: admits it through the access gate for `method`
// ("escala.v1.PeopleService/GetPerson"), then runs `handle(call_context)` (which returns
// absl::StatusOr<Response>) and finishes the call from there, so the gRPC callback thread
// returns immediately. The request and response objects belong to gRPC and stay valid until
// Finish.
template <typename Response, typename Handle>
grpc::ServerUnaryReactor* RunAdmitted(grpc::CallbackServerContext* context, Response* response,
                                      CallRuntime& runtime, absl::string_view method,
                                      Handle&& handle) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (runtime.state != nullptr && runtime.state->draining.load(std::memory_order_relaxed)) {
    reactor->Finish(ShuttingDownStatus());
    return reactor;
  }
  if (runtime.workers.queued() >= kMaxQueuedCalls) {
    reactor->Finish(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "server overloaded: too many calls waiting; retry with backoff"));
    return reactor;
  }
  // Counted until the task is done (or dropped, when the pool has stopped), so that shutdown
  // waits for it.
  auto in_flight = std::make_shared<InFlightCall>(runtime.state);
  const bool queued = runtime.workers.Submit([context, response, reactor, &runtime, method,
                                              in_flight = std::move(in_flight),
                                              handle = std::forward<Handle>(handle)]() mutable {
    if (context->IsCancelled()) {
      reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "call cancelled by the client"));
      return;
    }
    absl::StatusOr<CallContext> call = runtime.gate.Admit(*context, method);
    if (!call.ok()) {
      reactor->Finish(ToGrpcStatus(call.status()));
      return;
    }
    absl::StatusOr<Response> result = handle(*call);
    if (result.ok()) {
      *response = std::move(*result);
      reactor->Finish(grpc::Status::OK);
    } else {
      reactor->Finish(ToGrpcStatus(result.status()));
    }
  });
  if (!queued) reactor->Finish(ShuttingDownStatus());
  return reactor;
}

}  // namespace escala::server
