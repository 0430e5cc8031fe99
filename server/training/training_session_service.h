#pragma once

#include "escala/v1/training_sessions.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/training_session_handler.h"

namespace escala::server {

// gRPC adapter of TrainingSessionService: each call is admitted by the access gate, then runs
// TrainingSessionHandler on the worker pool.
class TrainingSessionService final : public v1::TrainingSessionService::CallbackService {
 public:
  TrainingSessionService(TrainingSessionHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateTrainingSession(grpc::CallbackServerContext* context,
                                                  const v1::CreateTrainingSessionRequest* request,
                                                  v1::TrainingSession* response) override;
  grpc::ServerUnaryReactor* GetTrainingSession(grpc::CallbackServerContext* context,
                                               const v1::GetTrainingSessionRequest* request,
                                               v1::TrainingSession* response) override;
  grpc::ServerUnaryReactor* ListTrainingSessions(
      grpc::CallbackServerContext* context, const v1::ListTrainingSessionsRequest* request,
      v1::ListTrainingSessionsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateTrainingSession(grpc::CallbackServerContext* context,
                                                  const v1::UpdateTrainingSessionRequest* request,
                                                  v1::TrainingSession* response) override;
  grpc::ServerUnaryReactor* CancelTrainingSession(grpc::CallbackServerContext* context,
                                                  const v1::CancelTrainingSessionRequest* request,
                                                  v1::TrainingSession* response) override;
  grpc::ServerUnaryReactor* CloseTrainingSession(grpc::CallbackServerContext* context,
                                                 const v1::CloseTrainingSessionRequest* request,
                                                 v1::TrainingSession* response) override;
  grpc::ServerUnaryReactor* ExportSessionCalendar(
      grpc::CallbackServerContext* context, const v1::ExportSessionCalendarRequest* request,
      v1::ExportSessionCalendarResponse* response) override;
  grpc::ServerUnaryReactor* ExportPersonCalendar(
      grpc::CallbackServerContext* context, const v1::ExportPersonCalendarRequest* request,
      v1::ExportPersonCalendarResponse* response) override;

 private:
  TrainingSessionHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
