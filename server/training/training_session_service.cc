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

grpc::ServerUnaryReactor* TrainingSessionService::ExportSessionCalendar(
    grpc::CallbackServerContext* context, const v1::ExportSessionCalendarRequest* request,
    v1::ExportSessionCalendarResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/ExportSessionCalendar",
                     [this, request](const CallContext& call) {
                       return handler_.ExportSessionCalendar(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingSessionService::ExportPersonCalendar(
    grpc::CallbackServerContext* context, const v1::ExportPersonCalendarRequest* request,
    v1::ExportPersonCalendarResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingSessionService/ExportPersonCalendar",
                     [this, request](const CallContext& call) {
                       return handler_.ExportPersonCalendar(call, *request);
                     });
}

}  // namespace escala::server
