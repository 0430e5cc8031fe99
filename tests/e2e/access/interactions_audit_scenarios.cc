// Audit scenarios of the InteractionService.
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"

namespace escala::testing::audit_scenarios {
namespace {

// A fixed start time for interactions whose audit records are compared as text.
absl::Time FixedStart() {
  return absl::FromCivil(absl::CivilSecond(2024, 3, 1, 9, 30, 0), absl::UTCTimeZone());
}

grpc::Status ImportRecords(AdminClient& admin, const std::string& request_id, v1::ImportMode mode,
                           const std::vector<v1::Interaction>& records,
                           v1::ImportInteractionsResponse* response) {
  grpc::ClientContext context;
  admin.Prepare(context, request_id);
  auto stub = NewStub<v1::InteractionService>(admin.channel());
  std::unique_ptr<grpc::ClientWriter<v1::ImportInteractionsRequest>> writer =
      stub->ImportInteractions(&context, response);
  v1::ImportInteractionsRequest request;
  request.set_mode(mode);
  for (const v1::Interaction& record : records) *request.add_interactions() = record;
  writer->Write(request);
  writer->WritesDone();
  return writer->Finish();
}

std::map<std::string, AuditScenario> InteractionScenarios() {
  std::map<std::string, AuditScenario> scenarios;
  scenarios["escala.v1.InteractionService/CreateInteraction"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::CreateInteractionRequest request;
          *request.mutable_interaction() = NewInteraction("audit", "ci-1", "A1", FixedStart());
          // The request's own idempotency key wins over the metadata.
          request.set_request_id("field-key-1");
          v1::Interaction created;
          grpc::Status status = NewStub<v1::InteractionService>(admin.channel())
                                    ->CreateInteraction(&context, request, &created);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{
              "interaction", absl::StrCat("interactions/", created.id()), "field-key-1", "",
              absl::StrCat(
                  R"({"id":")", created.id(),
                  R"(","source_system":"audit","source_id":"ci-1","channel":"CHANNEL_CHAT",)"
                  R"("direction":"DIRECTION_INBOUND","queue":"general","priority":"PRIORITY_MEDIUM",)"
                  R"("agent_employee_id":"A1","start_time":"2024-03-01T09:30:00Z","language":"en"})")};
        };
      },
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{"", [&admin] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "unknown-agent");
                             v1::CreateInteractionRequest request;
                             *request.mutable_interaction() =
                                 NewInteraction("audit", "ci-ghost", "nobody");
                             request.set_request_id("field-key-ghost");
                             v1::Interaction created;
                             return NewStub<v1::InteractionService>(admin.channel())
                                 ->CreateInteraction(&context, request, &created);
                           }};
      }};
  scenarios["escala.v1.InteractionService/UpdateInteraction"] = {
      [](AdminClient& admin, const std::string& request_id) {
        const int64_t id = admin.CreateInteraction("ui-1").id();
        return [&admin, request_id, id] {
          grpc::ClientContext context;
          admin.Prepare(context, request_id);
          v1::UpdateInteractionRequest request;
          request.mutable_interaction()->set_id(id);
          request.mutable_interaction()->set_queue("billing");
          request.mutable_update_mask()->add_paths("queue");
          v1::Interaction updated;
          grpc::Status status = NewStub<v1::InteractionService>(admin.channel())
                                    ->UpdateInteraction(&context, request, &updated);
          EXPECT_TRUE(status.ok()) << status.error_message();
          return ExpectedEvent{"interaction", absl::StrCat("interactions/", id), request_id,
                               R"({"queue":"general"})", R"({"queue":"billing"})"};
        };
      },
      grpc::StatusCode::INVALID_ARGUMENT,
      [](AdminClient& admin) {
        const int64_t id = admin.CreateInteraction("ui-bad").id();
        return FailingCall{absl::StrCat("interactions/", id), [&admin, id] {
                             grpc::ClientContext context;
                             admin.Prepare(context, "bad-csat");
                             v1::UpdateInteractionRequest request;
                             request.mutable_interaction()->set_id(id);
                             request.mutable_interaction()->set_csat(9);
                             request.mutable_update_mask()->add_paths("csat");
                             v1::Interaction updated;
                             return NewStub<v1::InteractionService>(admin.channel())
                                 ->UpdateInteraction(&context, request, &updated);
                           }};
      }};
  scenarios["escala.v1.InteractionService/ImportInteractions"] = {
      [](AdminClient& admin, const std::string& request_id) {
        return [&admin, request_id] {
          v1::ImportInteractionsResponse response;
          grpc::Status status = ImportRecords(
              admin, request_id, v1::IMPORT_MODE_KEEP_VALID,
              {NewInteraction("audit", "imp-1", "A1"), NewInteraction("audit", "imp-2", "A1")},
              &response);
          EXPECT_TRUE(status.ok()) << status.error_message();
          EXPECT_EQ(response.imported_count(), 2);
          return ExpectedEvent{
              "interaction", "interactions", request_id, "",
              R"({"created_count":2,"source_keys":["audit/imp-1","audit/imp-2"]})"};
        };
      },
      // An all-or-nothing import with one record of an unknown agent writes nothing: the call
      // succeeds but refuses the import as a whole, reported here with the rejection's code.
      grpc::StatusCode::FAILED_PRECONDITION,
      [](AdminClient& admin) {
        return FailingCall{
            "interactions", [&admin] {
              v1::ImportInteractionsResponse response;
              grpc::Status status =
                  ImportRecords(admin, "all-or-nothing", v1::IMPORT_MODE_ALL_OR_NOTHING,
                                {NewInteraction("audit", "imp-3", "A1"),
                                 NewInteraction("audit", "imp-4", "nobody")},
                                &response);
              if (!status.ok() || response.imported_count() != 0 ||
                  response.rejections_size() != 1) {
                return status;
              }
              return grpc::Status(static_cast<grpc::StatusCode>(response.rejections(0).code()),
                                  response.rejections(0).reason());
            }};
      }};
  return scenarios;
}

const ScenarioRegistrar kInteractionsAuditScenarios("interactions", &InteractionScenarios);

}  // namespace
}  // namespace escala::testing::audit_scenarios
