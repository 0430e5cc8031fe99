#include "server/training/learning_path_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* LearningPathService::CreateLearningPath(
    grpc::CallbackServerContext* context, const v1::CreateLearningPathRequest* request,
    v1::LearningPath* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.LearningPathService/CreateLearningPath",
                     [this, request](const CallContext& call) {
                       return handler_.CreateLearningPath(call, *request);
                     });
}

grpc::ServerUnaryReactor* LearningPathService::GetLearningPath(
    grpc::CallbackServerContext* context, const v1::GetLearningPathRequest* request,
    v1::LearningPath* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.LearningPathService/GetLearningPath",
                     [this, request](const CallContext& call) {
                       return handler_.GetLearningPath(call, *request);
                     });
}

grpc::ServerUnaryReactor* LearningPathService::ListLearningPaths(
    grpc::CallbackServerContext* context, const v1::ListLearningPathsRequest* request,
    v1::ListLearningPathsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.LearningPathService/ListLearningPaths",
                     [this, request](const CallContext& call) {
                       return handler_.ListLearningPaths(call, *request);
                     });
}

grpc::ServerUnaryReactor* LearningPathService::UpdateLearningPath(
    grpc::CallbackServerContext* context, const v1::UpdateLearningPathRequest* request,
    v1::LearningPath* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.LearningPathService/UpdateLearningPath",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateLearningPath(call, *request);
                     });
}

grpc::ServerUnaryReactor* LearningPathService::GetLearningPathProgress(
    grpc::CallbackServerContext* context, const v1::GetLearningPathProgressRequest* request,
    v1::PersonLearningProgress* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.LearningPathService/GetLearningPathProgress",
                     [this, request](const CallContext& call) {
                       return handler_.GetLearningPathProgress(call, *request);
                     });
}

grpc::ServerUnaryReactor* LearningPathService::ListLearningPathProgress(
    grpc::CallbackServerContext* context, const v1::ListLearningPathProgressRequest* request,
    v1::ListLearningPathProgressResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.LearningPathService/ListLearningPathProgress",
                     [this, request](const CallContext& call) {
                       return handler_.ListLearningPathProgress(call, *request);
                     });
}

}  // namespace escala::server
