#pragma once

#include "escala/v1/enrolments.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/enrolment_handler.h"

namespace escala::server {

// gRPC adapter of EnrolmentService: each call is admitted by the access gate, then runs
// EnrolmentHandler on the worker pool.
class EnrolmentService final : public v1::EnrolmentService::CallbackService {
 public:
  EnrolmentService(EnrolmentHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* Enrol(grpc::CallbackServerContext* context,
                                  const v1::EnrolRequest* request,
                                  v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* ApproveEnrolment(grpc::CallbackServerContext* context,
                                             const v1::ApproveEnrolmentRequest* request,
                                             v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* DeclineEnrolment(grpc::CallbackServerContext* context,
                                             const v1::DeclineEnrolmentRequest* request,
                                             v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* WithdrawEnrolment(grpc::CallbackServerContext* context,
                                              const v1::WithdrawEnrolmentRequest* request,
                                              v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* PromoteEnrolment(grpc::CallbackServerContext* context,
                                             const v1::PromoteEnrolmentRequest* request,
                                             v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* GetEnrolment(grpc::CallbackServerContext* context,
                                         const v1::GetEnrolmentRequest* request,
                                         v1::Enrolment* response) override;
  grpc::ServerUnaryReactor* ListEnrolments(grpc::CallbackServerContext* context,
                                           const v1::ListEnrolmentsRequest* request,
                                           v1::ListEnrolmentsResponse* response) override;
  grpc::ServerUnaryReactor* ListEnrolmentHistory(
      grpc::CallbackServerContext* context, const v1::ListEnrolmentHistoryRequest* request,
      v1::ListEnrolmentHistoryResponse* response) override;

 private:
  EnrolmentHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
