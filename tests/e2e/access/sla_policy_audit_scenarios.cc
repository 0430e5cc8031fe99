// Audit scenarios and request_id replays of the SlaPolicyService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "escala/v1/sla_policies.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::testing::audit_scenarios {
namespace {

using SlaPolicyStub = v1::SlaPolicyService::Stub;

// Calls one SlaPolicyService method as the administrator, with "x-request-id" when given.
template <typename Request, typename Response, typename Method>
grpc::Status SlaCall(AdminClient& admin, const std::string& request_id, Method method,
                     const Request& request, Response* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::SlaPolicyService>(admin.channel());
  return ((*stub).*method)(&context, request, response);
}

v1::SlaPolicy CreateAuditPolicy(AdminClient& admin, const std::string& id,
                                const std::string& request_id = "") {
  v1::CreateSlaPolicyRequest request;
  *request.mutable_sla_policy() = TestSlaPolicy(id);
  v1::SlaPolicy created;
  grpc::Status status =
      SlaCall(admin, request_id, &SlaPolicyStub::CreateSlaPolicy, request, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return created;
}

grpc::Status PublishAuditPolicy(AdminClient& admin, const v1::SlaPolicy& draft,
                                const std::string& request_id, v1::SlaPolicy* published) {
  v1::PublishSlaPolicyRequest request;
  request.set_sla_policy_id(draft.sla_policy_id());
  request.set_etag(draft.etag());
  return SlaCall(admin, request_id, &SlaPolicyStub::PublishSlaPolicy, request, published);
}

std::string VersionName(const v1::SlaPolicy& policy) {
  return absl::StrCat("slaPolicies/", policy.sla_policy_id(), "/versions/", policy.version());
}

ExpectedEvent PolicyEvent(const std::string& request_id, const v1::SlaPolicy* before,
                          const v1::SlaPolicy& after) {
  db::ChangedFields changed = db::DiffForAudit(before, after);
  return ExpectedEvent{"sla_policy", VersionName(after), request_id, changed.before_json,
                       changed.after_json};
}

std::map<std::string, AuditScenario> SlaPolicyScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.SlaPolicyService/CreateSlaPolicy"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          v1::SlaPolicy created = CreateAuditPolicy(admin, "audit-sla-create", request_id);
          EXPECT_EQ(created.version(), 1);
          return PolicyEvent(request_id, nullptr, created);
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        CreateAuditPolicy(admin, "audit-sla-taken");
        return FailingCall{"slaPolicies/audit-sla-taken/versions/1", [&admin] {
                             v1::CreateSlaPolicyRequest request;
                             *request.mutable_sla_policy() = TestSlaPolicy("audit-sla-taken");
                             v1::SlaPolicy created;
                             return SlaCall(admin, "taken", &SlaPolicyStub::CreateSlaPolicy,
                                            request, &created);
                           }};
      }};
  scenarios["escala.v1.SlaPolicyService/UpdateSlaPolicy"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::SlaPolicy draft = CreateAuditPolicy(admin, "audit-sla-update");
        return [&admin, request_id, draft] {
          v1::UpdateSlaPolicyRequest request;
          request.mutable_sla_policy()->set_sla_policy_id(draft.sla_policy_id());
          request.mutable_sla_policy()->set_title("Renamed \"SLA\"");
          request.mutable_sla_policy()->set_etag(draft.etag());
          request.mutable_update_mask()->add_paths("title");
          v1::SlaPolicy updated;
          grpc::Status status =
              SlaCall(admin, request_id, &SlaPolicyStub::UpdateSlaPolicy, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(updated.version(), 1);
          return PolicyEvent(request_id, &draft, updated);
        };
      },
      grpc::StatusCode::ABORTED,
      [](AdminClient& admin) {
        v1::SlaPolicy draft = CreateAuditPolicy(admin, "audit-sla-stale");
        return FailingCall{"slaPolicies/audit-sla-stale/versions/1", [&admin, draft] {
                             v1::UpdateSlaPolicyRequest request;
                             request.mutable_sla_policy()->set_sla_policy_id(draft.sla_policy_id());
                             request.mutable_sla_policy()->set_title("Late writer");
                             request.mutable_sla_policy()->set_etag("999");
                             request.mutable_update_mask()->add_paths("title");
                             v1::SlaPolicy updated;
                             return SlaCall(admin, "stale", &SlaPolicyStub::UpdateSlaPolicy,
                                            request, &updated);
                           }};
      }};
  scenarios["escala.v1.SlaPolicyService/PublishSlaPolicy"] = {
      [](AdminClient& admin, const std::string& request_id) {
        v1::SlaPolicy draft = CreateAuditPolicy(admin, "audit-sla-publish");
        return [&admin, request_id, draft] {
          v1::SlaPolicy published;
          grpc::Status status = PublishAuditPolicy(admin, draft, request_id, &published);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(published.state(), v1::SLA_POLICY_STATE_PUBLISHED);
          return PolicyEvent(request_id, &draft, published);
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        v1::SlaPolicy draft = CreateAuditPolicy(admin, "audit-sla-published");
        v1::SlaPolicy published;
        EXPECT_TRUE(PublishAuditPolicy(admin, draft, "", &published).ok());
        return FailingCall{"slaPolicies/audit-sla-published/versions/1", [&admin, published] {
                             v1::SlaPolicy again;
                             return PublishAuditPolicy(admin, published, "publish-twice", &again);
                           }};
      }};
  return scenarios;
}

ReplayMap SlaPolicyReplays() {
  ReplayMap cases;
  cases["escala.v1.SlaPolicyService/PublishSlaPolicy"] = [](AdminClient& admin) -> ReplayCall {
    const v1::SlaPolicy draft = CreateAuditPolicy(admin, "replay-sla-publish");
    return [&admin, draft](const std::string& request_id, bool other_payload, std::string* answer) {
      v1::PublishSlaPolicyRequest request;
      // Another payload: another policy. The etag is a precondition, not what is asked for.
      request.set_sla_policy_id(other_payload ? "replay-sla-other" : draft.sla_policy_id());
      request.set_etag(draft.etag());
      request.set_request_id(request_id);
      v1::SlaPolicy published;
      grpc::Status status =
          SlaCall(admin, "", &SlaPolicyStub::PublishSlaPolicy, request, &published);
      *answer =
          absl::StrCat(VersionName(published), " ", v1::SlaPolicyState_Name(published.state()),
                       " etag ", published.etag());
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kSlaPolicyAuditScenarios("sla_policies", &SlaPolicyScenarios);
const ReplayRegistrar kSlaPolicyReplays("sla_policies", &SlaPolicyReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
