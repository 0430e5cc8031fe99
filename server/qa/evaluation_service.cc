#include "server/qa/evaluation_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* EvaluationService::CreateEvaluation(
    grpc::CallbackServerContext* context, const v1::CreateEvaluationRequest* request,
    v1::Evaluation* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EvaluationService/CreateEvaluation",
                     [this, request](const CallContext& call) {
                       return handler_.CreateEvaluation(call, *request);
                     });
}

grpc::ServerUnaryReactor* EvaluationService::GetEvaluation(grpc::CallbackServerContext* context,
                                                           const v1::GetEvaluationRequest* request,
                                                           v1::Evaluation* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.EvaluationService/GetEvaluation",
      [this, request](const CallContext& call) { return handler_.GetEvaluation(call, *request); });
}

grpc::ServerUnaryReactor* EvaluationService::ListEvaluations(
    grpc::CallbackServerContext* context, const v1::ListEvaluationsRequest* request,
    v1::ListEvaluationsResponse* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EvaluationService/ListEvaluations",
                     [this, request](const CallContext& call) {
                       return handler_.ListEvaluations(call, *request);
                     });
}

grpc::ServerUnaryReactor* EvaluationService::UpdateEvaluation(
    grpc::CallbackServerContext* context, const v1::UpdateEvaluationRequest* request,
    v1::Evaluation* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EvaluationService/UpdateEvaluation",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateEvaluation(call, *request);
                     });
}

grpc::ServerUnaryReactor* EvaluationService::SubmitEvaluation(
    grpc::CallbackServerContext* context, const v1::SubmitEvaluationRequest* request,
    v1::Evaluation* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.EvaluationService/SubmitEvaluation",
                     [this, request](const CallContext& call) {
                       return handler_.SubmitEvaluation(call, *request);
                     });
}

grpc::ServerUnaryReactor* EvaluationService::AcknowledgeEvaluation(
    grpc::CallbackServerContext* context, const v1::AcknowledgeEvaluationRequest* request,
    v1::Evaluation* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.EvaluationService/AcknowledgeEvaluation",
                     [this, request](const CallContext& call) {
                       return handler_.AcknowledgeEvaluation(call, *request);
                     });
}

grpc::ServerUnaryReactor* EvaluationService::OpenDispute(grpc::CallbackServerContext* context,
                                                         const v1::OpenDisputeRequest* request,
                                                         v1::Evaluation* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.EvaluationService/OpenDispute",
      [this, request](const CallContext& call) { return handler_.OpenDispute(call, *request); });
}

grpc::ServerUnaryReactor* EvaluationService::ResolveDispute(
    grpc::CallbackServerContext* context, const v1::ResolveDisputeRequest* request,
    v1::Evaluation* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.EvaluationService/ResolveDispute",
      [this, request](const CallContext& call) { return handler_.ResolveDispute(call, *request); });
}

}  // namespace escala::server
