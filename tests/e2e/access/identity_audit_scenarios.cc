// Audit scenarios of the IdentityService: tokens and service accounts.
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/identity.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

std::map<std::string, AuditScenario> IdentityScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.IdentityService/CreateToken"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          const absl::Time expire =
              absl::FromUnixSeconds(absl::ToUnixSeconds(absl::Now()) + 30 * 86400);
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateTokenRequest request;
          request.mutable_token()->set_principal("people/A1");
          request.mutable_token()->set_description("laptop");
          *request.mutable_token()->mutable_expire_time() = db::TimeToTimestamp(expire);
          v1::CreateTokenResponse created;
          grpc::Status status = NewStub<v1::IdentityService>(admin.channel())
                                    ->CreateToken(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          const std::string& id = created.token().token_id();
          return ExpectedEvent{
              "token", absl::StrCat("tokens/", id), request_id, "",
              absl::StrCat(R"({"token_id":")", id,
                           R"(","principal":"people/A1","description":"laptop","expire_time":")",
                           JsonSeconds(expire), R"(","created_by":"serviceAccounts/admin"})")};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "unknown-principal");
                             v1::CreateTokenRequest request;
                             request.mutable_token()->set_principal("people/nobody");
                             v1::CreateTokenResponse created;
                             return NewStub<v1::IdentityService>(admin.channel())
                                 ->CreateToken(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.IdentityService/RevokeToken"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const std::string id = admin.CreateToken("people/A1").token().token_id();
        return [&admin, request_id, id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::RevokeTokenRequest request;
          request.set_token_id(id);
          v1::ApiToken revoked;
          grpc::Status status = NewStub<v1::IdentityService>(admin.channel())
                                    ->RevokeToken(&context, request, &revoked);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{
              "token", absl::StrCat("tokens/", id), request_id, R"({"revoke_time":null})",
              absl::StrCat(R"({"revoke_time":")",
                           google::protobuf::util::TimeUtil::ToString(revoked.revoke_time()),
                           R"("})")};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        const std::string id = admin.CreateToken("people/A1").token().token_id();
        admin.RevokeToken(id);
        return FailingCall{absl::StrCat("tokens/", id), [&admin, id] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "double-revoke");
                             v1::RevokeTokenRequest request;
                             request.set_token_id(id);
                             v1::ApiToken revoked;
                             return NewStub<v1::IdentityService>(admin.channel())
                                 ->RevokeToken(&context, request, &revoked);
                           }};
      }};
  scenarios["escala.v1.IdentityService/CreateServiceAccount"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateServiceAccountRequest request;
          request.mutable_service_account()->set_account_id("feed");
          request.mutable_service_account()->set_display_name("Feed");
          request.mutable_service_account()->set_role(v1::ROLE_INTEGRATION);
          v1::ServiceAccount created;
          grpc::Status status = NewStub<v1::IdentityService>(admin.channel())
                                    ->CreateServiceAccount(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{
              "service_account", "serviceAccounts/feed", request_id, "",
              R"({"account_id":"feed","display_name":"Feed","role":"ROLE_INTEGRATION","active":true})"};
        };
      },
      grpc::StatusCode::ALREADY_EXISTS,
      [](AdminClient& admin) {
        return FailingCall{"serviceAccounts/admin", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "dup-account");
                             v1::CreateServiceAccountRequest request;
                             request.mutable_service_account()->set_account_id("admin");
                             request.mutable_service_account()->set_display_name("Second admin");
                             request.mutable_service_account()->set_role(v1::ROLE_ADMINISTRATOR);
                             v1::ServiceAccount created;
                             return NewStub<v1::IdentityService>(admin.channel())
                                 ->CreateServiceAccount(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.IdentityService/UpdateServiceAccount"] = {
      [](AdminClient& admin, const std::string& request_id) {
        admin.CreateServiceAccount("sync", "HR sync", v1::ROLE_HR_SYSTEM);
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpdateServiceAccountRequest request;
          request.mutable_service_account()->set_account_id("sync");
          request.mutable_service_account()->set_display_name("HR feed");
          request.mutable_update_mask()->add_paths("display_name");
          v1::ServiceAccount updated;
          grpc::Status status = NewStub<v1::IdentityService>(admin.channel())
                                    ->UpdateServiceAccount(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"service_account", "serviceAccounts/sync", request_id,
                               R"({"display_name":"HR sync"})", R"({"display_name":"HR feed"})"};
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        admin.CreateServiceAccount("crm", "CRM");
        return FailingCall{"serviceAccounts/crm", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "person-role");
                             v1::UpdateServiceAccountRequest request;
                             request.mutable_service_account()->set_account_id("crm");
                             request.mutable_service_account()->set_role(v1::ROLE_AGENT);
                             request.mutable_update_mask()->add_paths("role");
                             v1::ServiceAccount updated;
                             return NewStub<v1::IdentityService>(admin.channel())
                                 ->UpdateServiceAccount(&context, request, &updated);
                           }};
      }};
  return scenarios;
}

ReplayMap IdentityReplays() {
  ReplayMap cases;
  cases["escala.v1.IdentityService/RevokeToken"] = [](AdminClient& admin) -> ReplayCall {
    const std::string id = admin.CreateToken("people/A1").token().token_id();
    const std::string other = admin.CreateToken("people/A1").token().token_id();
    return [&admin, id, other](const std::string& request_id, bool other_payload,
                               std::string* answer) {
      grpc::ClientContext context;
      admin.Prepare(context);
      v1::RevokeTokenRequest request;
      request.set_token_id(other_payload ? other : id);
      request.set_request_id(request_id);
      v1::ApiToken revoked;
      grpc::Status status =
          NewStub<v1::IdentityService>(admin.channel())->RevokeToken(&context, request, &revoked);
      *answer = absl::StrCat(revoked.token_id(), " revoked at ", revoked.revoke_time().seconds());
      return status;
    };
  };
  return cases;
}

const ScenarioRegistrar kIdentityAuditScenarios("identity", &IdentityScenarios);
const ReplayRegistrar kIdentityReplays("identity", &IdentityReplays);

}  // namespace
}  // namespace escala::testing::audit_scenarios
