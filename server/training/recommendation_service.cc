#include "server/training/recommendation_service.h"

namespace escala::server {

grpc::ServerUnaryReactor* TrainingRecommendationService::CreateCriterionTrainingRule(
    grpc::CallbackServerContext* context, const v1::CreateCriterionTrainingRuleRequest* request,
    v1::CriterionTrainingRule* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/CreateCriterionTrainingRule",
                     [this, request](const CallContext& call) {
                       return handler_.CreateCriterionTrainingRule(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::GetCriterionTrainingRule(
    grpc::CallbackServerContext* context, const v1::GetCriterionTrainingRuleRequest* request,
    v1::CriterionTrainingRule* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/GetCriterionTrainingRule",
                     [this, request](const CallContext& call) {
                       return handler_.GetCriterionTrainingRule(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::ListCriterionTrainingRules(
    grpc::CallbackServerContext* context, const v1::ListCriterionTrainingRulesRequest* request,
    v1::ListCriterionTrainingRulesResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/ListCriterionTrainingRules",
                     [this, request](const CallContext& call) {
                       return handler_.ListCriterionTrainingRules(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::UpdateCriterionTrainingRule(
    grpc::CallbackServerContext* context, const v1::UpdateCriterionTrainingRuleRequest* request,
    v1::CriterionTrainingRule* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/UpdateCriterionTrainingRule",
                     [this, request](const CallContext& call) {
                       return handler_.UpdateCriterionTrainingRule(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::GenerateTrainingRecommendations(
    grpc::CallbackServerContext* context, const v1::GenerateTrainingRecommendationsRequest* request,
    v1::GenerateTrainingRecommendationsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/GenerateTrainingRecommendations",
                     [this, request](const CallContext& call) {
                       return handler_.GenerateTrainingRecommendations(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::GetTrainingRecommendation(
    grpc::CallbackServerContext* context, const v1::GetTrainingRecommendationRequest* request,
    v1::TrainingRecommendation* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/GetTrainingRecommendation",
                     [this, request](const CallContext& call) {
                       return handler_.GetTrainingRecommendation(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::ListTrainingRecommendations(
    grpc::CallbackServerContext* context, const v1::ListTrainingRecommendationsRequest* request,
    v1::ListTrainingRecommendationsResponse* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/ListTrainingRecommendations",
                     [this, request](const CallContext& call) {
                       return handler_.ListTrainingRecommendations(call, *request);
                     });
}

grpc::ServerUnaryReactor* TrainingRecommendationService::DismissTrainingRecommendation(
    grpc::CallbackServerContext* context, const v1::DismissTrainingRecommendationRequest* request,
    v1::TrainingRecommendation* response) {
  return RunAdmitted(context, response, runtime_,
                     "escala.v1.TrainingRecommendationService/DismissTrainingRecommendation",
                     [this, request](const CallContext& call) {
                       return handler_.DismissTrainingRecommendation(call, *request);
                     });
}

}  // namespace escala::server
