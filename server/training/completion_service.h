#pragma once

#include "escala/v1/completions.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/completion_handler.h"
#include "server/training/completion_import_handler.h"

namespace escala::server {

// gRPC adapter of CompletionService: each call is admitted by the access gate, then runs
// CompletionHandler (reads) or CompletionImportHandler (the import) on the worker pool.
class CompletionService final : public v1::CompletionService::CallbackService {
 public:
  CompletionService(CompletionHandler& handler, CompletionImportHandler& importer,
                    CallRuntime& runtime)
      : handler_(handler), importer_(importer), runtime_(runtime) {}

  grpc::ServerUnaryReactor* ListCompletions(grpc::CallbackServerContext* context,
                                            const v1::ListCompletionsRequest* request,
                                            v1::ListCompletionsResponse* response) override;
  grpc::ServerUnaryReactor* ImportCompletions(grpc::CallbackServerContext* context,
                                              const v1::ImportCompletionsRequest* request,
                                              v1::ImportCompletionsResponse* response) override;

 private:
  CompletionHandler& handler_;
  CompletionImportHandler& importer_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
