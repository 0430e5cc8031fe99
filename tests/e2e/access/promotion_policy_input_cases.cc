// Input-safety cases of the PromotionPolicyService and the PromotionEligibilityService: their
// lists are paged like every other.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "escala/v1/promotion_eligibility.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

InputCases PromotionPolicyInputCases() {
  InputCases cases;
  cases.paged_lists = {
      {.method = "escala.v1.PromotionPolicyService/ListPromotionPolicies",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListPromotionPoliciesRequest request;
               request.set_page_size(page_size);
               v1::ListPromotionPoliciesResponse response;
               return client.Call(&v1::PromotionPolicyService::Stub::ListPromotionPolicies, request,
                                  &response);
             };
           }},
      // The people an eligibility covers are paged like a list; a policy that does not exist is
      // looked up after the page size is checked.
      {.method = "escala.v1.PromotionEligibilityService/ComputeEligibility",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ComputeEligibilityRequest request;
               request.set_promotion_policy_id("input-safety-no-such-policy");
               request.set_page_size(page_size);
               v1::ComputeEligibilityResponse response;
               return client.Call(&v1::PromotionEligibilityService::Stub::ComputeEligibility,
                                  request, &response);
             };
           },
       .over_maximum = grpc::StatusCode::NOT_FOUND},
  };
  return cases;
}

const InputCaseRegistrar kRegistrar("promotion_policies", &PromotionPolicyInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
