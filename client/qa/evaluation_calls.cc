#include "client/qa/evaluation_calls.h"

#include <memory>

#include "escala/v1/evaluations.grpc.pb.h"

namespace escala::client {

using v1::EvaluationService;

grpc::Status FetchEvaluation(const CommandEnv& env, int64_t id, v1::Evaluation* evaluation) {
  v1::GetEvaluationRequest request;
  request.set_id(id);
  grpc::ClientContext context;
  SetDeadline(env.options, &context);
  return EvaluationService::NewStub(env.channel)->GetEvaluation(&context, request, evaluation);
}

grpc::Status ListEvaluationPages(const CommandEnv& env, bool all,
                                 const v1::ListEvaluationsRequest& request,
                                 v1::ListEvaluationsResponse* evaluations) {
  std::unique_ptr<EvaluationService::Stub> stub = EvaluationService::NewStub(env.channel);
  return ListPages<v1::ListEvaluationsRequest, v1::ListEvaluationsResponse>(
      env, all, request,
      [&stub](grpc::ClientContext* context, const v1::ListEvaluationsRequest& page_request,
              v1::ListEvaluationsResponse* page) {
        return stub->ListEvaluations(context, page_request, page);
      },
      evaluations);
}

}  // namespace escala::client
