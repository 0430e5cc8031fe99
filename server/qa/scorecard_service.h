#pragma once

#include "escala/v1/scorecards.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/qa/scorecard_handler.h"

namespace escala::server {

// gRPC adapter of ScorecardService: each call is admitted by the access gate, then runs
// ScorecardHandler on the worker pool.
class ScorecardService final : public v1::ScorecardService::CallbackService {
 public:
  ScorecardService(ScorecardHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateScorecard(grpc::CallbackServerContext* context,
                                            const v1::CreateScorecardRequest* request,
                                            v1::Scorecard* response) override;
  grpc::ServerUnaryReactor* GetScorecard(grpc::CallbackServerContext* context,
                                         const v1::GetScorecardRequest* request,
                                         v1::Scorecard* response) override;
  grpc::ServerUnaryReactor* ListScorecards(grpc::CallbackServerContext* context,
                                           const v1::ListScorecardsRequest* request,
                                           v1::ListScorecardsResponse* response) override;
  grpc::ServerUnaryReactor* ListScorecardVersions(grpc::CallbackServerContext* context,
                                                  const v1::ListScorecardVersionsRequest* request,
                                                  v1::ListScorecardsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateScorecard(grpc::CallbackServerContext* context,
                                            const v1::UpdateScorecardRequest* request,
                                            v1::Scorecard* response) override;
  grpc::ServerUnaryReactor* PublishScorecard(grpc::CallbackServerContext* context,
                                             const v1::PublishScorecardRequest* request,
                                             v1::Scorecard* response) override;
  grpc::ServerUnaryReactor* RetireScorecard(grpc::CallbackServerContext* context,
                                            const v1::RetireScorecardRequest* request,
                                            v1::Scorecard* response) override;

 private:
  ScorecardHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
