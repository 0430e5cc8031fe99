#pragma once

#include "escala/v1/completions.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/completion_handler.h"

namespace escala::server {

// gRPC adapter of CompletionService: each call is admitted by the access gate, then runs
// CompletionHandler on the worker pool.
class CompletionService final : public v1::CompletionService::CallbackService {
 public:
  CompletionService(CompletionHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* ListCompletions(grpc::CallbackServerContext* context,
                                            const v1::ListCompletionsRequest* request,
                                            v1::ListCompletionsResponse* response) override;

 private:
  CompletionHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
