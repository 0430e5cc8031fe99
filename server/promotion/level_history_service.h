#pragma once

#include "escala/v1/level_changes.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/promotion/level_history_handler.h"

namespace escala::server {

// gRPC adapter of LevelHistoryService: each call is admitted by the access gate, then runs
// LevelHistoryHandler on the worker pool.
class LevelHistoryService final : public v1::LevelHistoryService::CallbackService {
 public:
  LevelHistoryService(LevelHistoryHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* ListLevelChanges(grpc::CallbackServerContext* context,
                                             const v1::ListLevelChangesRequest* request,
                                             v1::ListLevelChangesResponse* response) override;

 private:
  LevelHistoryHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
