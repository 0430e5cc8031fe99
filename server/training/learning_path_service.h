#pragma once

#include "escala/v1/learning_paths.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/learning_path_handler.h"

namespace escala::server {

// gRPC adapter of LearningPathService: each call is admitted by the access gate, then runs
// LearningPathHandler on the worker pool.
class LearningPathService final : public v1::LearningPathService::CallbackService {
 public:
  LearningPathService(LearningPathHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateLearningPath(grpc::CallbackServerContext* context,
                                               const v1::CreateLearningPathRequest* request,
                                               v1::LearningPath* response) override;
  grpc::ServerUnaryReactor* GetLearningPath(grpc::CallbackServerContext* context,
                                            const v1::GetLearningPathRequest* request,
                                            v1::LearningPath* response) override;
  grpc::ServerUnaryReactor* ListLearningPaths(grpc::CallbackServerContext* context,
                                              const v1::ListLearningPathsRequest* request,
                                              v1::ListLearningPathsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateLearningPath(grpc::CallbackServerContext* context,
                                               const v1::UpdateLearningPathRequest* request,
                                               v1::LearningPath* response) override;
  grpc::ServerUnaryReactor* GetLearningPathProgress(
      grpc::CallbackServerContext* context, const v1::GetLearningPathProgressRequest* request,
      v1::PersonLearningProgress* response) override;
  grpc::ServerUnaryReactor* ListLearningPathProgress(
      grpc::CallbackServerContext* context, const v1::ListLearningPathProgressRequest* request,
      v1::ListLearningPathProgressResponse* response) override;

 private:
  LearningPathHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
