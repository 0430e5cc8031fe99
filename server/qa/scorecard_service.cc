#include "server/qa/scorecard_service.h"

#include "server/platform/unary_call.h"

namespace escala::server {

grpc::ServerUnaryReactor* ScorecardService::CreateScorecard(
    grpc::CallbackServerContext* context, const v1::CreateScorecardRequest* request,
    v1::Scorecard* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.ScorecardService/CreateScorecard",
                     [this, request](const CallContext& call) {
                       return handler_.CreateScorecard(call, *request);
                     });
}

grpc::ServerUnaryReactor* ScorecardService::GetScorecard(grpc::CallbackServerContext* context,
                                                         const v1::GetScorecardRequest* request,
                                                         v1::Scorecard* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.ScorecardService/GetScorecard",
      [this, request](const CallContext& call) { return handler_.GetScorecard(call, *request); });
}

grpc::ServerUnaryReactor* ScorecardService::ListScorecards(grpc::CallbackServerContext* context,
                                                           const v1::ListScorecardsRequest* request,
                                                           v1::ListScorecardsResponse* response) {
  return RunAdmitted(
      context, response, runtime_, "escala.v1.ScorecardService/ListScorecards",
      [this, request](const CallContext& call) { return handler_.ListScorecards(call, *request); });
}

grpc::ServerUnaryReactor* ScorecardService::ListScorecardVersions(
    grpc::CallbackServerContext* context, const v1::ListScorecardVersionsRequest* request,
    v1::ListScorecardsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.ScorecardService/ListScorecardVersions",
                     [this, request](const CallContext& call) {
                       return handler_.ListScorecardVersions(call, *request);
                     });
}

grpc::ServerUnaryReactor* ScorecardService::UpdateScorecard(
    grpc::CallbackServerContext* context, const v1::UpdateScorecardRequest* request,
    v1::Scorecard* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.ScorecardService/UpdateScorecard",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateScorecard(call, *request);
                     });
}

grpc::ServerUnaryReactor* ScorecardService::PublishScorecard(
    grpc::CallbackServerContext* context, const v1::PublishScorecardRequest* request,
    v1::Scorecard* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.ScorecardService/PublishScorecard",
                     [this, request](const CallContext& call) {
                       return handler_.PublishScorecard(call, *request);
                     });
}

grpc::ServerUnaryReactor* ScorecardService::RetireScorecard(
    grpc::CallbackServerContext* context, const v1::RetireScorecardRequest* request,
    v1::Scorecard* response) {
  return RunAdmitted(context, response, runtime_, "escala.v1.ScorecardService/RetireScorecard",
                     [this, request](const CallContext& call) {
                       return handler_.RetireScorecard(call, *request);
                     });
}

}  // namespace escala::server
