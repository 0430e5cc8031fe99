#pragma once

#include "absl/status/statusor.h"
#include "db/common/request_log.h"
#include "db/promotion/promotion_policy_repository.h"
#include "escala/v1/promotion_policies.pb.h"
#include "server/platform/call_context.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of PromotionPolicyService, free of gRPC. Policies belong to no person or team, so
// the access policy only allows or denies their methods. Every change is stamped with the
// admitted caller; PublishPromotionPolicy looks its request_id up in the audit log (`requests`).
class PromotionPolicyHandler {
 public:
  PromotionPolicyHandler(db::PromotionPolicyRepository& policies, db::RequestLog& requests,
                         Clock clock)
      : policies_(policies), requests_(requests), clock_(std::move(clock)) {}

  absl::StatusOr<v1::PromotionPolicy> CreatePromotionPolicy(
      const CallContext& call, const v1::CreatePromotionPolicyRequest& request);
  absl::StatusOr<v1::PromotionPolicy> GetPromotionPolicy(
      const CallContext& call, const v1::GetPromotionPolicyRequest& request);
  absl::StatusOr<v1::ListPromotionPoliciesResponse> ListPromotionPolicies(
      const CallContext& call, const v1::ListPromotionPoliciesRequest& request);
  absl::StatusOr<v1::PromotionPolicy> UpdatePromotionPolicy(
      const CallContext& call, const v1::UpdatePromotionPolicyRequest& request);
  absl::StatusOr<v1::PromotionPolicy> PublishPromotionPolicy(
      const CallContext& call, const v1::PublishPromotionPolicyRequest& request);

 private:
  absl::StatusOr<v1::PromotionPolicy> Publish(const CallContext& call,
                                              const v1::PublishPromotionPolicyRequest& request,
                                              const db::CreateRequest& key);

  db::PromotionPolicyRepository& policies_;
  db::RequestLog& requests_;
  Clock clock_;
};

}  // namespace escala::server
