#pragma once

#include "escala/v1/assignments.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/qa/assignment_handler.h"

namespace escala::server {

// gRPC adapter of AssignmentService: every method runs AssignmentHandler on the worker pool.
class AssignmentService final : public v1::AssignmentService::CallbackService {
 public:
  AssignmentService(AssignmentHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateSamplingPlan(grpc::CallbackServerContext* context,
                                               const v1::CreateSamplingPlanRequest* request,
                                               v1::SamplingPlan* response) override;
  grpc::ServerUnaryReactor* GetSamplingPlan(grpc::CallbackServerContext* context,
                                            const v1::GetSamplingPlanRequest* request,
                                            v1::SamplingPlan* response) override;
  grpc::ServerUnaryReactor* ListSamplingPlans(grpc::CallbackServerContext* context,
                                              const v1::ListSamplingPlansRequest* request,
                                              v1::ListSamplingPlansResponse* response) override;
  grpc::ServerUnaryReactor* GenerateAssignments(grpc::CallbackServerContext* context,
                                                const v1::GenerateAssignmentsRequest* request,
                                                v1::GenerateAssignmentsResponse* response) override;
  grpc::ServerUnaryReactor* ListAssignments(grpc::CallbackServerContext* context,
                                            const v1::ListAssignmentsRequest* request,
                                            v1::ListAssignmentsResponse* response) override;
  grpc::ServerUnaryReactor* SkipAssignment(grpc::CallbackServerContext* context,
                                           const v1::SkipAssignmentRequest* request,
                                           v1::SkipAssignmentResponse* response) override;
  grpc::ServerUnaryReactor* ListAgentQaSummaries(
      grpc::CallbackServerContext* context, const v1::ListAgentQaSummariesRequest* request,
      v1::ListAgentQaSummariesResponse* response) override;

 private:
  AssignmentHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
