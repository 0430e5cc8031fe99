#include "server/qa/assignment_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* AssignmentService::CreateSamplingPlan(
    grpc::CallbackServerContext* context, const v1::CreateSamplingPlanRequest* request,
    v1::SamplingPlan* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.AssignmentService/CreateSamplingPlan",
                     [this, request](const CallContext& call) {
                       return handler_.CreateSamplingPlan(call, *request);
                     });
}

grpc::ServerUnaryReactor* AssignmentService::GetSamplingPlan(
    grpc::CallbackServerContext* context, const v1::GetSamplingPlanRequest* request,
    v1::SamplingPlan* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.AssignmentService/GetSamplingPlan",
                     [this, request](const CallContext& call) {
                       return handler_.GetSamplingPlan(call, *request);
                     });
}

grpc::ServerUnaryReactor* AssignmentService::ListSamplingPlans(
    grpc::CallbackServerContext* context, const v1::ListSamplingPlansRequest* request,
    v1::ListSamplingPlansResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.AssignmentService/ListSamplingPlans",
                     [this, request](const CallContext& call) {
                       return handler_.ListSamplingPlans(call, *request);
                     });
}

grpc::ServerUnaryReactor* AssignmentService::GenerateAssignments(
    grpc::CallbackServerContext* context, const v1::GenerateAssignmentsRequest* request,
    v1::GenerateAssignmentsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.AssignmentService/GenerateAssignments",
                     [this, request](const CallContext& call) {
                       return handler_.GenerateAssignments(call, *request);
                     });
}

grpc::ServerUnaryReactor* AssignmentService::ListAssignments(
    grpc::CallbackServerContext* context, const v1::ListAssignmentsRequest* request,
    v1::ListAssignmentsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.AssignmentService/ListAssignments",
                     [this, request](const CallContext& call) {
                       return handler_.ListAssignments(call, *request);
                     });
}

grpc::ServerUnaryReactor* AssignmentService::SkipAssignment(
    grpc::CallbackServerContext* context, const v1::SkipAssignmentRequest* request,
    v1::SkipAssignmentResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.AssignmentService/SkipAssignment",
      [this, request](const CallContext& call) { return handler_.SkipAssignment(call, *request); });
}

grpc::ServerUnaryReactor* AssignmentService::ListAgentQaSummaries(
    grpc::CallbackServerContext* context, const v1::ListAgentQaSummariesRequest* request,
    v1::ListAgentQaSummariesResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.AssignmentService/ListAgentQaSummaries",
                     [this, request](const CallContext& call) {
                       return handler_.ListAgentQaSummaries(call, *request);
                     });
}

}  // namespace escala::server
