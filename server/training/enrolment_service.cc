#include "server/training/enrolment_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* EnrolmentService::Enrol(grpc::CallbackServerContext* context,
                                                  const v1::EnrolRequest* request,
                                                  v1::Enrolment* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.EnrolmentService/Enrol",
      [this, request](const CallContext& call) { return handler_.Enrol(call, *request); });
}

grpc::ServerUnaryReactor* EnrolmentService::ApproveEnrolment(
    grpc::CallbackServerContext* context, const v1::ApproveEnrolmentRequest* request,
    v1::Enrolment* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EnrolmentService/ApproveEnrolment",
                     [this, request](const CallContext& call) {
                       return handler_.ApproveEnrolment(call, *request);
                     });
}

grpc::ServerUnaryReactor* EnrolmentService::DeclineEnrolment(
    grpc::CallbackServerContext* context, const v1::DeclineEnrolmentRequest* request,
    v1::Enrolment* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EnrolmentService/DeclineEnrolment",
                     [this, request](const CallContext& call) {
                       return handler_.DeclineEnrolment(call, *request);
                     });
}

grpc::ServerUnaryReactor* EnrolmentService::WithdrawEnrolment(
    grpc::CallbackServerContext* context, const v1::WithdrawEnrolmentRequest* request,
    v1::Enrolment* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EnrolmentService/WithdrawEnrolment",
                     [this, request](const CallContext& call) {
                       return handler_.WithdrawEnrolment(call, *request);
                     });
}

grpc::ServerUnaryReactor* EnrolmentService::PromoteEnrolment(
    grpc::CallbackServerContext* context, const v1::PromoteEnrolmentRequest* request,
    v1::Enrolment* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EnrolmentService/PromoteEnrolment",
                     [this, request](const CallContext& call) {
                       return handler_.PromoteEnrolment(call, *request);
                     });
}

grpc::ServerUnaryReactor* EnrolmentService::GetEnrolment(grpc::CallbackServerContext* context,
                                                         const v1::GetEnrolmentRequest* request,
                                                         v1::Enrolment* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.EnrolmentService/GetEnrolment",
      [this, request](const CallContext& call) { return handler_.GetEnrolment(call, *request); });
}

grpc::ServerUnaryReactor* EnrolmentService::ListEnrolments(grpc::CallbackServerContext* context,
                                                           const v1::ListEnrolmentsRequest* request,
                                                           v1::ListEnrolmentsResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.EnrolmentService/ListEnrolments",
      [this, request](const CallContext& call) { return handler_.ListEnrolments(call, *request); });
}

grpc::ServerUnaryReactor* EnrolmentService::ListEnrolmentHistory(
    grpc::CallbackServerContext* context, const v1::ListEnrolmentHistoryRequest* request,
    v1::ListEnrolmentHistoryResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EnrolmentService/ListEnrolmentHistory",
                     [this, request](const CallContext& call) {
                       return handler_.ListEnrolmentHistory(call, *request);
                     });
}

}  // namespace escala::server
