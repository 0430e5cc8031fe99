#pragma once

#include "escala/v1/evaluations.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/qa/evaluation_handler.h"

namespace escala::server {

// gRPC adapter of EvaluationService: every method runs EvaluationHandler on the worker pool.
class EvaluationService final : public v1::EvaluationService::CallbackService {
 public:
  EvaluationService(EvaluationHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateEvaluation(grpc::CallbackServerContext* context,
                                             const v1::CreateEvaluationRequest* request,
                                             v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* GetEvaluation(grpc::CallbackServerContext* context,
                                          const v1::GetEvaluationRequest* request,
                                          v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* ListEvaluations(grpc::CallbackServerContext* context,
                                            const v1::ListEvaluationsRequest* request,
                                            v1::ListEvaluationsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateEvaluation(grpc::CallbackServerContext* context,
                                             const v1::UpdateEvaluationRequest* request,
                                             v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* SubmitEvaluation(grpc::CallbackServerContext* context,
                                             const v1::SubmitEvaluationRequest* request,
                                             v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* AcknowledgeEvaluation(grpc::CallbackServerContext* context,
                                                  const v1::AcknowledgeEvaluationRequest* request,
                                                  v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* OpenDispute(grpc::CallbackServerContext* context,
                                        const v1::OpenDisputeRequest* request,
                                        v1::Evaluation* response) override;
  grpc::ServerUnaryReactor* ResolveDispute(grpc::CallbackServerContext* context,
                                           const v1::ResolveDisputeRequest* request,
                                           v1::Evaluation* response) override;

 private:
  EvaluationHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
