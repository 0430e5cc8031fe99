#pragma once

#include "escala/v1/calibration.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/qa/calibration_handler.h"

namespace escala::server {

// gRPC adapter of CalibrationService: each call is admitted by the access gate, then runs
// CalibrationHandler on the worker pool.
class CalibrationService final : public v1::CalibrationService::CallbackService {
 public:
  CalibrationService(CalibrationHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateCalibrationSession(
      grpc::CallbackServerContext* context, const v1::CreateCalibrationSessionRequest* request,
      v1::CalibrationSession* response) override;
  grpc::ServerUnaryReactor* GetCalibrationSession(grpc::CallbackServerContext* context,
                                                  const v1::GetCalibrationSessionRequest* request,
                                                  v1::CalibrationSession* response) override;
  grpc::ServerUnaryReactor* ListCalibrationSessions(
      grpc::CallbackServerContext* context, const v1::ListCalibrationSessionsRequest* request,
      v1::ListCalibrationSessionsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitCalibrationScore(grpc::CallbackServerContext* context,
                                                   const v1::SubmitCalibrationScoreRequest* request,
                                                   v1::CalibrationScore* response) override;
  grpc::ServerUnaryReactor* ListCalibrationScores(
      grpc::CallbackServerContext* context, const v1::ListCalibrationScoresRequest* request,
      v1::ListCalibrationScoresResponse* response) override;
  grpc::ServerUnaryReactor* CloseCalibrationSession(
      grpc::CallbackServerContext* context, const v1::CloseCalibrationSessionRequest* request,
      v1::CalibrationSession* response) override;
  grpc::ServerUnaryReactor* ComputeCalibrationResults(
      grpc::CallbackServerContext* context, const v1::ComputeCalibrationResultsRequest* request,
      v1::CalibrationResults* response) override;
  grpc::ServerUnaryReactor* ComputeEvaluatorLeniency(
      grpc::CallbackServerContext* context, const v1::ComputeEvaluatorLeniencyRequest* request,
      v1::ComputeEvaluatorLeniencyResponse* response) override;

 private:
  CalibrationHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
