#include "server/training/training_session_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* TrainingSessionService::CreateTrainingSession(
    grpc::CallbackServerContext* context, const v1::CreateTrainingSessionRequest* request,
    v1::TrainingSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/CreateTrainingSession",
                     [this, request](const CallContext& call) {
                       return handler_.CreateTrainingSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingSessionService::GetTrainingSession(
    grpc::CallbackServerContext* context, const v1::GetTrainingSessionRequest* request,
    v1::TrainingSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/GetTrainingSession",
                     [this, request](const CallContext& call) {
                       return handler_.GetTrainingSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingSessionService::ListTrainingSessions(
    grpc::CallbackServerContext* context, const v1::ListTrainingSessionsRequest* request,
    v1::ListTrainingSessionsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/ListTrainingSessions",
                     [this, request](const CallContext& call) {
                       return handler_.ListTrainingSessions(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingSessionService::UpdateTrainingSession(
    grpc::CallbackServerContext* context, const v1::UpdateTrainingSessionRequest* request,
    v1::TrainingSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/UpdateTrainingSession",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateTrainingSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingSessionService::CancelTrainingSession(
    grpc::CallbackServerContext* context, const v1::CancelTrainingSessionRequest* request,
    v1::TrainingSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/CancelTrainingSession",
                     [this, request](const CallContext& call) {
                       return handler_.CancelTrainingSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingSessionService::CloseTrainingSession(
    grpc::CallbackServerContext* context, const v1::CloseTrainingSessionRequest* request,
    v1::TrainingSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/CloseTrainingSession",
                     [this, request](const CallContext& call) {
                       return handler_.CloseTrainingSession(call, *request);
                     });
}

}  // namespace escala::server
