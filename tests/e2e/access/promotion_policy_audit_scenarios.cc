// Audit scenarios and request_id replays of the PromotionPolicyService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "escala/v1/promotion_policies.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_promotion_policies.h"

namespace escala::testing::audit_scenarios {
namespace {

using PromotionStub = v1::PromotionPolicyService::Stub;

// Calls one PromotionPolicyService method as the administrator, with "x-request-id" when given.
template <typename Request, typename Response, typename Method>
grpc::Status PromotionPolicyCall(AdminClient& admin, const std::string& request_id, Method method,
                                 const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::PromotionPolicyService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

v1::PromotionPolicy CreateAuditPromotionPolicy(AdminClient& admin, const std::string& id,
                                               const std::string& request_id = "") {
  v1::CreatePromotionPolicyRequest request;
  *request.mutable_promotion_policy() = TestPromotionPolicy(id);
  v1::PromotionPolicy created;
  grpc::Status status = PromotionPolicyCall(
      admin, request_id, &PromotionStub::CreatePromotionPolicy, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

grpc::Status PublishAuditPromotionPolicy(AdminClient& admin, const v1::PromotionPolicy& draft,
                                         const std::string& request_id,
                                         v1::PromotionPolicy* published) {
  v1::PublishPromotionPolicyRequest request;
  request.set_promotion_policy_id(draft.promotion_policy_id());
  request.set_etag(draft.etag());
  return PromotionPolicyCall(admin, request_id, &PromotionStub::PublishPromotionPolicy, request,
                             published);
}

std::string PromotionPolicyVersionName(const v1::PromotionPolicy& policy) {
  return absl::StrCat("promotionPolicies/", policy.promotion_policy_id(), "/versions/",
                      policy.version());
}

ExpectedEvent PromotionPolicyEvent(const std::string& request_id, const v1::PromotionPolicy* before,
                                   const v1::PromotionPolicy& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"promotion_policy", PromotionPolicyVersionName(after), request_id,
                       changed.before_json, changed.after_json};
}

std::map<std::string, AuditScenario> PromotionPolicyScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.PromotionPolicyService/CreatePromotionPolicy"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          v1::PromotionPolicy created =
              CreateAuditPromotionPolicy(admin, "audit-promotion-create", request_id);
          EXPECT_EQ(created.version(), 1);
          return PromotionPolicyEvent(request_id, nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        CreateAuditPromotionPolicy(admin, "audit-promotion-taken");
        return FailingCall{
            "promotionPolicies/audit-promotion-taken/versions/1", [&admin] {
              v1::CreatePromotionPolicyRequest request;
              *request.mutable_promotion_policy() = TestPromotionPolicy("audit-promotion-taken");
              v1::PromotionPolicy created;
              return PromotionPolicyCall(admin, "taken", &PromotionStub::CreatePromotionPolicy,
                                         request, &created);
            }};
      }};
  scenarios["escala.v1.PromotionPolicyService/UpdatePromotionPolicy"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::PromotionPolicy draft = CreateAuditPromotionPolicy(admin, "audit-promotion-update");
        return [&admin, request_id, draft] {
          v1::UpdatePromotionPolicyRequest request;
          request.mutable_promotion_policy()->set_promotion_policy_id(draft.promotion_policy_id());
          request.mutable_promotion_policy()->set_title("Renamed \"L1 to L2\"");
          request.mutable_promotion_policy()->set_etag(draft.etag());
          request.mutable_update_mask()->add_paths("title");
          v1::PromotionPolicy updated;
          grpc::Status status = PromotionPolicyCall(
              admin, request_id, &PromotionStub::UpdatePromotionPolicy, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(updated.version(), 1);
          return PromotionPolicyEvent(request_id, &draft, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        v1::PromotionPolicy draft = CreateAuditPromotionPolicy(admin, "audit-promotion-stale");
        return FailingCall{"promotionPolicies/audit-promotion-stale/versions/1", [&admin, draft] {
                             v1::UpdatePromotionPolicyRequest request;
                             request.mutable_promotion_policy()->set_promotion_policy_id(
                                 draft.promotion_policy_id());
                             request.mutable_promotion_policy()->set_title("Late writer");
                             request.mutable_promotion_policy()->set_etag("999");
                             request.mutable_update_mask()->add_paths("title");
                             v1::PromotionPolicy updated;
                             return PromotionPolicyCall(admin, "stale",
                                                        &PromotionStub::UpdatePromotionPolicy,
                                                        request, &updated);
                           }};
      }};
  scenarios["escala.v1.PromotionPolicyService/PublishPromotionPolicy"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::PromotionPolicy draft = CreateAuditPromotionPolicy(admin, "audit-promotion-publish");
        return [&admin, request_id, draft] {
          v1::PromotionPolicy published;
          grpc::Status status = PublishAuditPromotionPolicy(admin, draft, request_id, &published);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(published.state(), v1::PROMOTION_POLICY_STATE_PUBLISHED);
          return PromotionPolicyEvent(request_id, &draft, published);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        v1::PromotionPolicy draft = CreateAuditPromotionPolicy(admin, "audit-promotion-published");
        v1::PromotionPolicy published;
        EXPECT_TRUE(PublishAuditPromotionPolicy(admin, draft, "", &published).ok());
        return FailingCall{
            "promotionPolicies/audit-promotion-published/versions/1", [&admin, published] {
              v1::PromotionPolicy again;
              return PublishAuditPromotionPolicy(admin, published, "publish-twice", &again);
            }};
      }};
  return scenarios;
}

ReplayMap PromotionPolicyReplays() {
  ReplayMap cases;
  cases["escala.v1.PromotionPolicyService/PublishPromotionPolicy"] =
      [](AdminClient& admin) -> ReplayCall {
    const v1::PromotionPolicy draft = CreateAuditPromotionPolicy(admin, "replay-promotion-publish");
    return [&admin, draft](const std::string& request_id, bool other_payload, std::string* answer) {
      v1::PublishPromotionPolicyRequest request;
      // Another payload: another policy. The etag is a precondition, not what is asked for.
      request.set_promotion_policy_id(other_payload ? "replay-promotion-other"
                                                    : draft.promotion_policy_id());
      request.set_etag(draft.etag());
      request.set_request_id(request_id);
      v1::PromotionPolicy published;
      grpc::Status status = PromotionPolicyCall(admin, "", &PromotionStub::PublishPromotionPolicy,
                                                request, &published);
      *answer = absl::StrCat(PromotionPolicyVersionName(published), " ",
                             v1::PromotionPolicyState_Name(published.state()), " etag ",
                             published.etag());
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kPromotionPolicyAuditScenarios("promotion_policies",
                                                       &PromotionPolicyScenarios);
const ReplayRegistrar kPromotionPolicyReplays("promotion_policies", &PromotionPolicyReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
