#include "server/training/attendance_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* AttendanceService::MarkAttendance(
    grpc::CallbackServerContext* context, const v1::MarkAttendanceRequest* request,
    v1::MarkAttendanceResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.AttendanceService/MarkAttendance",
      [this, request](const CallContext& call) { return handler_.MarkAttendance(call, *request); });
}

grpc::ServerUnaryReactor* AttendanceService::ListAttendance(
    grpc::CallbackServerContext* context, const v1::ListAttendanceRequest* request,
    v1::ListAttendanceResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.AttendanceService/ListAttendance",
      [this, request](const CallContext& call) { return handler_.ListAttendance(call, *request); });
}

grpc::ServerUnaryReactor* AttendanceService::RecordAssessment(
    grpc::CallbackServerContext* context, const v1::RecordAssessmentRequest* request,
    v1::Assessment* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.AttendanceService/RecordAssessment",
                     [this, request](const CallContext& call) {
                       return handler_.RecordAssessment(call, *request);
                     });
}

}  // namespace escala::server
