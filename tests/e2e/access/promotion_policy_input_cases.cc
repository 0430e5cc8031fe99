// Input-safety cases of the PromotionPolicyService: its List is paged like every other.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

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
  };
  return cases;
}

const InputCaseRegistrar kPromotionPolicyInputCases("promotion_policies",
                                                    &PromotionPolicyInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
