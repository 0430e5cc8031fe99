// Input-safety cases of the IdentityService: tokens and service accounts.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/identity.grpc.pb.h"
#include "tests/e2e/access/input_safety_registry.h"

namespace escala::testing::input_safety {
namespace {

grpc::Status CreateServiceAccount(InputClient& client, const std::string& account_id,
                                  const std::string& display_name,
                                  const std::string& client_certificate_cn,
                                  v1::ServiceAccount* created) {
  v1::CreateServiceAccountRequest request;
  request.mutable_service_account()->set_account_id(account_id);
  request.mutable_service_account()->set_display_name(display_name);
  request.mutable_service_account()->set_role(v1::ROLE_INTEGRATION);
  request.mutable_service_account()->set_client_certificate_cn(client_certificate_cn);
  return client.Call(&v1::IdentityService::Stub::CreateServiceAccount, request, created);
}

grpc::Status CreateToken(InputClient& client, const std::string& description,
                         v1::CreateTokenResponse* created) {
  v1::CreateTokenRequest request;
  request.mutable_token()->set_principal("people/A1");
  request.mutable_token()->set_description(description);
  return client.Call(&v1::IdentityService::Stub::CreateToken, request, created);
}

v1::ServiceAccount GetServiceAccount(InputClient& client, const std::string& account_id) {
  v1::GetServiceAccountRequest request;
  request.set_account_id(account_id);
  v1::ServiceAccount account;
  grpc::Status status =
      client.Call(&v1::IdentityService::Stub::GetServiceAccount, request, &account);
  EXPECT_TRUE(status.ok()) << account_id << ": " << status.error_message();
  return account;
}

std::vector<RoundTrip> RoundTrips() {
  return {
      {.field = "service_account.display_name",
       .via = "CreateServiceAccount",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const std::string id = client.Unique("sa-");
               v1::ServiceAccount account;
               grpc::Status status = CreateServiceAccount(client, id, text, "", &account);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back(
                   {"GetServiceAccount", text, GetServiceAccount(client, id).display_name()});
             }
             return read;
           }},
      {.field = "service_account.client_certificate_cn",
       .via = "CreateServiceAccount",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               const std::string id = client.Unique("sa-");
               v1::ServiceAccount account;
               grpc::Status status = CreateServiceAccount(client, id, "Feed", text, &account);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"GetServiceAccount", text,
                               GetServiceAccount(client, id).client_certificate_cn()});
             }
             return read;
           }},
      // Read back through the list, where the token must appear exactly once.
      {.field = "token.description",
       .via = "CreateToken",
       .run =
           [](InputClient& client, const std::vector<std::string>& texts) {
             std::vector<ReadBack> read;
             for (const std::string& text : texts) {
               v1::CreateTokenResponse token;
               grpc::Status status = CreateToken(client, text, &token);
               EXPECT_TRUE(status.ok()) << status.error_message();
               read.push_back({"CreateToken", text, token.token().description()});
               v1::ListTokensRequest list;
               list.set_principal("people/A1");
               list.set_page_size(1000);
               v1::ListTokensResponse tokens;
               status = client.Call(&v1::IdentityService::Stub::ListTokens, list, &tokens);
               EXPECT_TRUE(status.ok()) << status.error_message();
               int listed = 0;
               for (const v1::ApiToken& listed_token : tokens.tokens()) {
                 if (listed_token.token_id() != token.token().token_id()) continue;
                 ++listed;
                 read.push_back({"ListTokens", text, listed_token.description()});
               }
               read.push_back({"ListTokens (times listed)", "1", absl::StrCat(listed)});
             }
             return read;
           }},
  };
}

std::vector<FieldWrite> FieldWrites() {
  return {
      {.field = "service_account.display_name",
       .via = "CreateServiceAccount",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::ServiceAccount account;
             return CreateServiceAccount(client, client.Unique("sa-long-"), value, "", &account);
           },
       .max_characters = 200},
      {.field = "service_account.client_certificate_cn",
       .via = "CreateServiceAccount",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::ServiceAccount account;
             return CreateServiceAccount(client, client.Unique("sa-long-"), "Feed", value,
                                         &account);
           },
       .max_characters = 255},
      {.field = "token.description",
       .via = "CreateToken",
       .write =
           [](InputClient& client, const std::string& value) {
             v1::CreateTokenResponse token;
             return CreateToken(client, value, &token);
           },
       .max_characters = 200},
  };
}

std::vector<RefusedValues> Refused() {
  return {
      {.field = "account_id",
       .via = "GetServiceAccount",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::GetServiceAccountRequest request;
             request.set_account_id(value);
             v1::ServiceAccount account;
             return client.Call(&v1::IdentityService::Stub::GetServiceAccount, request, &account);
           }},
      {.field = "token_id",
       .via = "RevokeToken",
       .values = {kSqlIdentifier},
       .call =
           [](InputClient& client, const std::string& value) {
             v1::RevokeTokenRequest request;
             request.set_token_id(value);
             v1::ApiToken revoked;
             return client.Call(&v1::IdentityService::Stub::RevokeToken, request, &revoked);
           }},
  };
}

std::vector<PagedList> PagedLists() {
  return {
      {.method = "escala.v1.IdentityService/ListTokens",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListTokensRequest request;
               request.set_page_size(page_size);
               v1::ListTokensResponse response;
               return client.Call(&v1::IdentityService::Stub::ListTokens, request, &response);
             };
           }},
      {.method = "escala.v1.IdentityService/ListServiceAccounts",
       .prepare =
           [](InputClient& client) {
             return [&client](int32_t page_size) {
               v1::ListServiceAccountsRequest request;
               request.set_page_size(page_size);
               v1::ListServiceAccountsResponse response;
               return client.Call(&v1::IdentityService::Stub::ListServiceAccounts, request,
                                  &response);
             };
           }},
  };
}

InputCases IdentityInputCases() {
  InputCases cases;
  cases.round_trips = RoundTrips();
  cases.field_writes = FieldWrites();
  cases.refused = Refused();
  // Principals are free text in filters: an SQL-looking one simply matches nothing.
  cases.literal_filters = {
      {.field = "principal",
       .via = "ListTokens",
       .count =
           [](InputClient& client, const std::string& value, int* count) {
             v1::ListTokensRequest request;
             request.set_principal(value);
             v1::ListTokensResponse tokens;
             grpc::Status status =
                 client.Call(&v1::IdentityService::Stub::ListTokens, request, &tokens);
             *count = tokens.tokens_size();
             return status;
           },
       .expected = {{absl::StrCat("people/", kSqlIdentifier), 0}}},
  };
  cases.paged_lists = PagedLists();
  cases.not_free_text = {
      {"service_account.account_id", "identifier: refused unless [A-Za-z0-9._-]"},
      {"service_account.etag", "made by the server; compared, never stored"},
      {"token.token_id", "output only"},
      {"token.principal", "a principal name: people/<id> or serviceAccounts/<id>"},
      {"token.created_by", "output only"},
      {"request_id", "idempotency key: printable ASCII without spaces"},
  };
  return cases;
}

const InputCaseRegistrar kIdentityInputCases("identity", &IdentityInputCases);

}  // namespace
}  // namespace escala::testing::input_safety
