// Access-matrix probes of the PromotionPolicyService and the PromotionEligibilityService.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>

#include "escala/v1/promotion_eligibility.grpc.pb.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "tests/e2e/access/probes_registry.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing::access_matrix {
namespace {

// A new draft policy made by the world's manager, so that each probe's call is the only thing
// the caller's rule decides.
v1::PromotionPolicy PromotionPolicyDraft(World& w) {
  grpc::ClientContext context;
  Authorize(context, w.callers.at(server::PolicyRole::kManager).token);
  v1::CreatePromotionPolicyRequest request;
  *request.mutable_promotion_policy() = TestPromotionPolicy(w.Unique("probe-promotion-"));
  v1::PromotionPolicy created;
  grpc::Status status = NewStub<v1::PromotionPolicyService>(w.channel)->CreatePromotionPolicy(
      &context, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

// A published policy made by the manager.
v1::PromotionPolicy PublishedPromotionPolicy(World& w) {
  const v1::PromotionPolicy draft = PromotionPolicyDraft(w);
  grpc::ClientContext context;
  Authorize(context, w.callers.at(server::PolicyRole::kManager).token);
  v1::PublishPromotionPolicyRequest request;
  request.set_promotion_policy_id(draft.promotion_policy_id());
  request.set_etag(draft.etag());
  v1::PromotionPolicy published;
  grpc::Status status = NewStub<v1::PromotionPolicyService>(w.channel)->PublishPromotionPolicy(
      &context, request, &published);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return published;
}

std::map<std::string, Probe> PromotionPolicyProbes() {
  std::map<std::string, Probe> probes;
  probes["escala.v1.PromotionPolicyService/CreatePromotionPolicy"] = [](World& w, const Actor& c,
                                                                        Target) {
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::CreatePromotionPolicyRequest request;
    *request.mutable_promotion_policy() = TestPromotionPolicy(w.Unique("new-promotion-"));
    v1::PromotionPolicy response;
    return NewStub<v1::PromotionPolicyService>(w.channel)
        ->CreatePromotionPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PromotionPolicyService/GetPromotionPolicy"] = [](World& w, const Actor& c,
                                                                     Target) {
    const v1::PromotionPolicy draft = PromotionPolicyDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::GetPromotionPolicyRequest request;
    request.set_promotion_policy_id(draft.promotion_policy_id());
    v1::PromotionPolicy response;
    return NewStub<v1::PromotionPolicyService>(w.channel)
        ->GetPromotionPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PromotionPolicyService/ListPromotionPolicies"] = [](World& w, const Actor& c,
                                                                        Target) {
    const v1::PromotionPolicy draft = PromotionPolicyDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ListPromotionPoliciesRequest request;
    request.set_page_size(1000);
    v1::ListPromotionPoliciesResponse response;
    grpc::Status status = NewStub<v1::PromotionPolicyService>(w.channel)->ListPromotionPolicies(
        &context, request, &response);
    bool contains = false;
    for (const v1::PromotionPolicy& p : response.promotion_policies()) {
      contains |= p.promotion_policy_id() == draft.promotion_policy_id();
    }
    return Found(status, contains);
  };
  probes["escala.v1.PromotionPolicyService/UpdatePromotionPolicy"] = [](World& w, const Actor& c,
                                                                        Target) {
    const v1::PromotionPolicy draft = PromotionPolicyDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::UpdatePromotionPolicyRequest request;
    request.mutable_promotion_policy()->set_promotion_policy_id(draft.promotion_policy_id());
    request.mutable_promotion_policy()->set_title("Probe policy, edited");
    request.mutable_promotion_policy()->set_etag(draft.etag());
    request.mutable_update_mask()->add_paths("title");
    v1::PromotionPolicy response;
    return NewStub<v1::PromotionPolicyService>(w.channel)
        ->UpdatePromotionPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PromotionPolicyService/PublishPromotionPolicy"] = [](World& w, const Actor& c,
                                                                         Target) {
    const v1::PromotionPolicy draft = PromotionPolicyDraft(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::PublishPromotionPolicyRequest request;
    request.set_promotion_policy_id(draft.promotion_policy_id());
    request.set_etag(draft.etag());
    v1::PromotionPolicy response;
    return NewStub<v1::PromotionPolicyService>(w.channel)
        ->PublishPromotionPolicy(&context, request, &response)
        .error_code();
  };
  probes["escala.v1.PromotionEligibilityService/ComputeEligibility"] = [](World& w, const Actor& c,
                                                                          Target t) {
    const v1::PromotionPolicy policy = PublishedPromotionPolicy(w);
    grpc::ClientContext context;
    Authorize(context, c.token);
    v1::ComputeEligibilityRequest request;
    request.set_promotion_policy_id(policy.promotion_policy_id());
    request.add_employee_ids(PersonTarget(w, c, t).employee_id);
    v1::ComputeEligibilityResponse response;
    return NewStub<v1::PromotionEligibilityService>(w.channel)
        ->ComputeEligibility(&context, request, &response)
        .error_code();
  };
  return probes;
}

const ProbeRegistrar kPromotionPolicyProbes("promotion_policies", &PromotionPolicyProbes);

}  // namespace
}  // namespace escala::testing::access_matrix
