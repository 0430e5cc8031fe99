#pragma once

#include "escala/v1/training_recommendations.grpc.pb.h"
#include "server/platform/unary_call.h"
#include "server/training/recommendation_handler.h"

namespace escala::server {

// gRPC adapter of TrainingRecommendationService: each call is admitted by the access gate, then
// runs TrainingRecommendationHandler on the worker pool.
class TrainingRecommendationService final
    : public v1::TrainingRecommendationService::CallbackService {
 public:
  TrainingRecommendationService(TrainingRecommendationHandler& handler, CallRuntime& runtime)
      : handler_(handler), runtime_(runtime) {}

  grpc::ServerUnaryReactor* CreateCriterionTrainingRule(
      grpc::CallbackServerContext* context, const v1::CreateCriterionTrainingRuleRequest* request,
      v1::CriterionTrainingRule* response) override;
  grpc::ServerUnaryReactor* GetCriterionTrainingRule(
      grpc::CallbackServerContext* context, const v1::GetCriterionTrainingRuleRequest* request,
      v1::CriterionTrainingRule* response) override;
  grpc::ServerUnaryReactor* ListCriterionTrainingRules(
      grpc::CallbackServerContext* context, const v1::ListCriterionTrainingRulesRequest* request,
      v1::ListCriterionTrainingRulesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCriterionTrainingRule(
      grpc::CallbackServerContext* context, const v1::UpdateCriterionTrainingRuleRequest* request,
      v1::CriterionTrainingRule* response) override;
  grpc::ServerUnaryReactor* GenerateTrainingRecommendations(
      grpc::CallbackServerContext* context,
      const v1::GenerateTrainingRecommendationsRequest* request,
      v1::GenerateTrainingRecommendationsResponse* response) override;
  grpc::ServerUnaryReactor* GetTrainingRecommendation(
      grpc::CallbackServerContext* context, const v1::GetTrainingRecommendationRequest* request,
      v1::TrainingRecommendation* response) override;
  grpc::ServerUnaryReactor* ListTrainingRecommendations(
      grpc::CallbackServerContext* context, const v1::ListTrainingRecommendationsRequest* request,
      v1::ListTrainingRecommendationsResponse* response) override;
  grpc::ServerUnaryReactor* DismissTrainingRecommendation(
      grpc::CallbackServerContext* context, const v1::DismissTrainingRecommendationRequest* request,
      v1::TrainingRecommendation* response) override;

 private:
  TrainingRecommendationHandler& handler_;
  CallRuntime& runtime_;
};

}  // namespace escala::server
