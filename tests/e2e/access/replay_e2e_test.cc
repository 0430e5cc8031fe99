// request_id on the state-changing custom methods, through the API of the real escala-server:
// a retry with the same request_id and payload succeeds with the same answer and records no
// second event; the request_id with another payload is ALREADY_EXISTS with the ErrorInfo
// REQUEST_ID_REUSED. The cases are registered per domain beside the audit scenarios
// (tests/e2e/access/*_audit_scenarios.cc); a state-changing custom method of the policy table
// without one fails ReplayCoverageTest.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using audit_scenarios::AdminClient;
using audit_scenarios::AllReplayCases;
using audit_scenarios::ReplayCall;

// "AcknowledgeEvaluation" of "escala.v1.EvaluationService/AcknowledgeEvaluation".
std::string ShortName(const std::string& method) { return method.substr(method.find('/') + 1); }

// The ErrorInfo reason of a failed call; empty without one.
std::string ReasonOf(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const google::protobuf::Any& detail : details.details()) {
    google::rpc::ErrorInfo info;
    if (detail.UnpackTo(&info)) return info.reason();
  }
  return "";
}

TEST(ReplayCoverageTest, EveryStateChangingCustomMethodHasAReplayCase) {
  // The verbs of the transitions and other state-changing custom methods. Creates have their own
  // replays; Update, Upsert and Import are guarded by etags or idempotent by their records' keys.
  const std::vector<std::string> verbs = {
      "Acknowledge", "Open",    "Resolve", "Skip",   "Generate", "Close",   "Cancel",
      "Submit",      "Publish", "Retire",  "Revoke", "Enrol",    "Approve", "Decline",
      "Withdraw",    "Promote", "Dismiss", "Mark",   "Record"};
  // Its request_id is a create's: the inline form makes a new evaluation.
  const std::set<std::string> create_like = {"escala.v1.EvaluationService/SubmitEvaluation"};
  std::set<std::string> state_changing;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    if (create_like.count(row.method) > 0) continue;
    for (const std::string& verb : verbs) {
      if (absl::StartsWith(ShortName(row.method), verb)) state_changing.insert(row.method);
    }
  }
  std::set<std::string> covered;
  for (const auto& [method, replay] : AllReplayCases()) covered.insert(method);
  EXPECT_EQ(covered, state_changing)
      << "a state-changing custom method needs a replay case in its domain's "
         "tests/e2e/access/*_audit_scenarios.cc";
}

class ReplayTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    admin_ =
        std::make_unique<AdminClient>(PlaintextChannel(server_->address()), server_->admin_token());
    admin_->CreateTeam("t-a", "Team A");
    admin_->CreatePerson("A1", "Ana Agent");
  }

  void TearDown() override {
    admin_.reset();
    ServerUnderTestFixture::TearDown();
  }

  std::unique_ptr<AdminClient> admin_;
};

TEST_P(ReplayTest, ARetryWithTheSameRequestIdAnswersAloneAndAnotherPayloadIsRefused) {
  for (const auto& [method, replay] : AllReplayCases()) {
    SCOPED_TRACE(method);
    const std::string request_id = absl::StrCat("replay-", ShortName(method));
    const ReplayCall call = replay(*admin_);
    const int64_t newest_before = admin_->NewestEventId();

    std::string first, again, ignored;
    const grpc::Status applied = call(request_id, /*other_payload=*/false, &first);
    ASSERT_TRUE(applied.ok()) << applied.error_message();
    const grpc::Status replayed = call(request_id, /*other_payload=*/false, &again);
    ASSERT_TRUE(replayed.ok()) << "the retry: " << replayed.error_message();
    EXPECT_EQ(again, first);

    int recorded = 0;
    for (const v1::AuditEvent& event : admin_->EventsOf("")) {
      if (event.id() > newest_before && event.method() == method &&
          event.request_id() == request_id) {
        ++recorded;
      }
    }
    EXPECT_EQ(recorded, 1) << "events of the request, the retry included";

    const grpc::Status reused = call(request_id, /*other_payload=*/true, &ignored);
    EXPECT_EQ(reused.error_code(), grpc::StatusCode::ALREADY_EXISTS) << reused.error_message();
    EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ReplayTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
