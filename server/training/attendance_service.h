#pragma once

#include "escala/v1/attendance.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/attendance_handler.h"

namespace escala::server {

// gRPC adapter of AttendanceService: each call is admitted by the access gate, then runs
// AttendanceHandler on the worker pool.
class AttendanceService final : public v1::AttendanceService::CallbackService {
 public:
  AttendanceService(AttendanceHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* MarkAttendance(grpc::CallbackServerContext* context,
                                           const v1::MarkAttendanceRequest* request,
                                           v1::MarkAttendanceResponse* response) override;
  grpc::ServerUnaryReactor* ListAttendance(grpc::CallbackServerContext* context,
                                           const v1::ListAttendanceRequest* request,
                                           v1::ListAttendanceResponse* response) override;
  grpc::ServerUnaryReactor* RecordAssessment(grpc::CallbackServerContext* context,
                                             const v1::RecordAssessmentRequest* request,
                                             v1::Assessment* response) override;

 private:
  AttendanceHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
