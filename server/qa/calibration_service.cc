#include "server/qa/calibration_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* CalibrationService::CreateCalibrationSession(
    grpc::CallbackServerContext* context, const v1::CreateCalibrationSessionRequest* request,
    v1::CalibrationSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/CreateCalibrationSession",
                     [this, request](const CallContext& call) {
                       return handler_.CreateCalibrationSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::GetCalibrationSession(
    grpc::CallbackServerContext* context, const v1::GetCalibrationSessionRequest* request,
    v1::CalibrationSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/GetCalibrationSession",
                     [this, request](const CallContext& call) {
                       return handler_.GetCalibrationSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::ListCalibrationSessions(
    grpc::CallbackServerContext* context, const v1::ListCalibrationSessionsRequest* request,
    v1::ListCalibrationSessionsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/ListCalibrationSessions",
                     [this, request](const CallContext& call) {
                       return handler_.ListCalibrationSessions(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::SubmitCalibrationScore(
    grpc::CallbackServerContext* context, const v1::SubmitCalibrationScoreRequest* request,
    v1::CalibrationScore* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/SubmitCalibrationScore",
                     [this, request](const CallContext& call) {
                       return handler_.SubmitCalibrationScore(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::ListCalibrationScores(
    grpc::CallbackServerContext* context, const v1::ListCalibrationScoresRequest* request,
    v1::ListCalibrationScoresResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/ListCalibrationScores",
                     [this, request](const CallContext& call) {
                       return handler_.ListCalibrationScores(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::CloseCalibrationSession(
    grpc::CallbackServerContext* context, const v1::CloseCalibrationSessionRequest* request,
    v1::CalibrationSession* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/CloseCalibrationSession",
                     [this, request](const CallContext& call) {
                       return handler_.CloseCalibrationSession(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::ComputeCalibrationResults(
    grpc::CallbackServerContext* context, const v1::ComputeCalibrationResultsRequest* request,
    v1::CalibrationResults* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/ComputeCalibrationResults",
                     [this, request](const CallContext& call) {
                       return handler_.ComputeCalibrationResults(call, *request);
                     });
}

grpc::ServerUnaryReactor* CalibrationService::ComputeEvaluatorLeniency(
    grpc::CallbackServerContext* context, const v1::ComputeEvaluatorLeniencyRequest* request,
    v1::ComputeEvaluatorLeniencyResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.CalibrationService/ComputeEvaluatorLeniency",
                     [this, request](const CallContext& call) {
                       return handler_.ComputeEvaluatorLeniency(call, *request);
                     });
}

}  // namespace escala::server
