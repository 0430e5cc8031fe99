// The audit log seen through the API of the real escala-server: every mutating RPC records
// exactly one event naming who did what to which resource, under which request id, with the
// exact before and after values of what changed; a call that fails records nothing; and
// ListAuditEvents filters, orders and pages that log without gaps.
//
// The scenarios are registered per domain (tests/e2e/access/*_audit_scenarios.cc, see
// audit_scenarios.h); a mutating RPC of the policy table without one fails AuditCoverageTest.

#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/audit.grpc.pb.h"
#include "escala/v1/identity.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/platform/access_policy.h"
#include "server/platform/token_secret.h"
#include "tests/e2e/access/audit_scenarios.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using audit_scenarios::AdminClient;
using audit_scenarios::AllScenarios;
using audit_scenarios::AuditScenario;
using audit_scenarios::ExpectedEvent;
using audit_scenarios::FailingCall;
using audit_scenarios::kAdminPrincipal;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

// "UpdatePerson" of "escala.v1.PeopleService/UpdatePerson".
std::string ShortName(const std::string& method) { return method.substr(method.find('/') + 1); }

TEST(AuditCoverageTest, EveryMutatingRpcOfThePolicyTableHasAnAuditScenario) {
  const std::vector<std::string> mutating_prefixes = {
      "Create",  "Update",      "Upsert",   "Import",  "Revoke",   "Submit", "Close",  "Publish",
      "Retire",  "Acknowledge", "Open",     "Resolve", "Generate", "Skip",   "Cancel", "Enrol",
      "Approve", "Decline",     "Withdraw", "Promote", "Dismiss",  "Mark",   "Record"};
  std::set<std::string> mutating;
  for (const server::PolicyRow& row : server::AccessPolicy()) {
    for (const std::string& prefix : mutating_prefixes) {
      if (absl::StartsWith(ShortName(row.method), prefix)) mutating.insert(row.method);
    }
  }
  std::set<std::string> covered;
  for (const auto& [method, scenario] : AllScenarios()) covered.insert(method);
  EXPECT_EQ(covered, mutating) << "a mutating RPC needs an audit scenario in its domain's "
                                  "tests/e2e/access/*_audit_scenarios.cc";
}

class AuditTest : public ServerUnderTestFixture {
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
    // The connection closes first: a server stopping with a client still connected waits for it.
    admin_.reset();
    ServerUnderTestFixture::TearDown();
  }

  AdminClient& admin() { return *admin_; }

  // The ids of `events`, in their order.
  static std::vector<int64_t> Ids(const std::vector<v1::AuditEvent>& events) {
    std::vector<int64_t> ids;
    for (const v1::AuditEvent& event : events) ids.push_back(event.id());
    return ids;
  }

  std::unique_ptr<AdminClient> admin_;
};

TEST_P(AuditTest, EveryMutatingRpcRecordsOneEventWithItsCallerRequestAndChange) {
  for (const auto& [method, scenario] : AllScenarios()) {
    SCOPED_TRACE(method);
    const std::string request_id = absl::StrCat("req-", ShortName(method));
    std::function<ExpectedEvent()> change = scenario.change(admin(), request_id);
    const int64_t newest_before = admin().NewestEventId();
    const ExpectedEvent expected = change();

    std::vector<v1::AuditEvent> fresh;
    for (const v1::AuditEvent& event : admin().EventsOf(expected.resource_name)) {
      if (event.id() > newest_before) fresh.push_back(event);
    }
    ASSERT_EQ(fresh.size(), 1u) << "events of " << expected.resource_name << " after the call";
    const v1::AuditEvent& event = fresh.front();
    EXPECT_EQ(admin().NewestEventId(), event.id()) << "the call recorded other events as well";
    EXPECT_EQ(event.principal(), expected.principal);
    EXPECT_EQ(event.principal_role(), expected.principal_role);
    EXPECT_EQ(event.method(), method);
    EXPECT_EQ(event.resource_type(), expected.resource_type);
    EXPECT_EQ(event.resource_name(), expected.resource_name);
    EXPECT_EQ(event.request_id(), expected.request_id);
    EXPECT_EQ(event.before_json(), expected.before_json);
    EXPECT_EQ(event.after_json(), expected.after_json);
    EXPECT_TRUE(event.has_event_time());

    // The resource_type filter accepts the type and finds the event by it.
    v1::ListAuditEventsRequest by_type;
    by_type.set_resource_type(expected.resource_type);
    by_type.set_resource_name(expected.resource_name);
    EXPECT_THAT(Ids(admin().AllEvents(by_type)), Contains(event.id()));
  }
}

TEST_P(AuditTest, AFailedMutatingCallRecordsNothing) {
  for (const auto& [method, scenario] : AllScenarios()) {
    SCOPED_TRACE(method);
    FailingCall failing = scenario.failure(admin());
    const int64_t newest_before = admin().NewestEventId();
    const std::size_t resource_events_before = admin().EventsOf(failing.resource_name).size();
    const grpc::Status status = failing.call();
    EXPECT_EQ(status.error_code(), scenario.failure_code) << status.error_message();
    EXPECT_EQ(admin().NewestEventId(), newest_before);
    EXPECT_EQ(admin().EventsOf(failing.resource_name).size(), resource_events_before)
        << "events of '" << failing.resource_name << "'";
  }
}

TEST_P(AuditTest, ATokenEventHoldsNeitherTheSecretNorItsHash) {
  const v1::CreateTokenResponse created = admin().CreateToken("people/A1");
  ASSERT_FALSE(created.secret().empty());
  const std::string hash = server::HashTokenSecret(created.secret());
  ASSERT_EQ(hash.size(), 64u);
  const std::vector<v1::AuditEvent> events =
      admin().EventsOf(absl::StrCat("tokens/", created.token().token_id()));
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].after_json(), HasSubstr(created.token().token_id()));
  // Nowhere in the whole log, in either form.
  for (const v1::AuditEvent& event : admin().EventsOf("")) {
    const std::string text = event.DebugString();
    EXPECT_THAT(text, Not(HasSubstr(created.secret()))) << event.resource_name();
    EXPECT_THAT(text, Not(HasSubstr(created.secret().substr(4)))) << event.resource_name();
    EXPECT_THAT(text, Not(HasSubstr(hash))) << event.resource_name();
  }
}

TEST_P(AuditTest, TheTimeRangeFilterIncludesItsStartAndExcludesItsEnd) {
  for (const char* team : {"t-1", "t-2", "t-3"}) {
    admin().CreateTeam(team, team);
    absl::SleepFor(absl::Milliseconds(20));
  }
  const std::vector<v1::AuditEvent> first = admin().EventsOf("teams/t-1");
  const std::vector<v1::AuditEvent> second = admin().EventsOf("teams/t-2");
  const std::vector<v1::AuditEvent> third = admin().EventsOf("teams/t-3");
  ASSERT_EQ(first.size(), 1u);
  ASSERT_EQ(second.size(), 1u);
  ASSERT_EQ(third.size(), 1u);
  ASSERT_LT(db::TimestampToMillis(first[0].event_time()),
            db::TimestampToMillis(second[0].event_time()));
  ASSERT_LT(db::TimestampToMillis(second[0].event_time()),
            db::TimestampToMillis(third[0].event_time()));

  v1::ListAuditEventsRequest request;
  *request.mutable_start_time() = second[0].event_time();
  *request.mutable_end_time() = third[0].event_time();
  EXPECT_EQ(Ids(admin().AllEvents(request)), std::vector<int64_t>{second[0].id()});

  request.clear_end_time();
  EXPECT_EQ(Ids(admin().AllEvents(request)), (std::vector<int64_t>{third[0].id(), second[0].id()}));

  request.clear_start_time();
  *request.mutable_end_time() = second[0].event_time();
  const std::vector<int64_t> before_second = Ids(admin().AllEvents(request));
  ASSERT_FALSE(before_second.empty());
  EXPECT_EQ(before_second.front(), first[0].id());
}

TEST_P(AuditTest, ThePrincipalFilterShowsOnlyThatPrincipalsEvents) {
  admin().CreateServiceAccount("hr", "HR system", v1::ROLE_HR_SYSTEM);
  const std::string hr_token = admin().CreateToken("serviceAccounts/hr").secret();
  {
    grpc::ClientContext context;
    Authorize(context, hr_token);
    v1::CreatePersonRequest request;
    request.mutable_person()->set_employee_id("H1");
    request.mutable_person()->set_display_name("Hired by HR");
    request.mutable_person()->set_role(v1::ROLE_AGENT);
    request.mutable_person()->set_level(1);
    v1::Person created;
    grpc::Status status =
        NewStub<v1::PeopleService>(admin().channel())->CreatePerson(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  v1::ListAuditEventsRequest request;
  request.set_principal("serviceAccounts/hr");
  const std::vector<v1::AuditEvent> by_hr = admin().AllEvents(request);
  ASSERT_EQ(by_hr.size(), 1u);
  EXPECT_EQ(by_hr[0].principal(), "serviceAccounts/hr");
  EXPECT_EQ(by_hr[0].principal_role(), v1::ROLE_HR_SYSTEM);
  EXPECT_EQ(by_hr[0].method(), "escala.v1.PeopleService/CreatePerson");
  EXPECT_EQ(by_hr[0].resource_name(), "people/H1");

  request.set_principal(kAdminPrincipal);
  const std::vector<v1::AuditEvent> by_admin = admin().AllEvents(request);
  // Team t-a, person A1, account hr and hr's token.
  EXPECT_EQ(by_admin.size(), 4u);
  for (const v1::AuditEvent& event : by_admin) EXPECT_EQ(event.principal(), kAdminPrincipal);
}

TEST_P(AuditTest, OldestFirstIsTheExactReverseOfTheDefaultNewestFirst) {
  for (int i = 0; i < 4; ++i) admin().CreateTeam(absl::StrCat("t-order-", i), "Ordered");
  const std::vector<int64_t> newest_first = Ids(admin().EventsOf(""));
  // The bootstrap's account and token, t-a, A1 and the four teams.
  ASSERT_EQ(newest_first.size(), 8u);
  for (std::size_t i = 1; i < newest_first.size(); ++i)
    EXPECT_GT(newest_first[i - 1], newest_first[i]);

  v1::ListAuditEventsRequest request;
  request.set_order_by("event_time desc");
  EXPECT_EQ(Ids(admin().AllEvents(request)), newest_first);
  request.set_order_by("event_time asc");
  const std::vector<int64_t> oldest_first = Ids(admin().AllEvents(request));
  EXPECT_EQ(oldest_first, std::vector<int64_t>(newest_first.rbegin(), newest_first.rend()));
}

TEST_P(AuditTest, PagesFollowOneAnotherWithoutGapsOrRepeatsInBothOrders) {
  for (int i = 0; i < 9; ++i) admin().CreatePerson(absl::StrCat("P", i), "Paged");
  for (const std::string order : {"event_time desc", "event_time asc"}) {
    for (const std::string resource_type : {"", "person"}) {
      SCOPED_TRACE(absl::StrCat(order, ", resource_type '", resource_type, "'"));
      v1::ListAuditEventsRequest request;
      request.set_order_by(order);
      request.set_resource_type(resource_type);
      const std::vector<int64_t> whole = Ids(admin().AllEvents(request));
      // A1 and P0..P8, plus the bootstrap's account and token and team t-a without the filter.
      EXPECT_EQ(whole.size(), resource_type.empty() ? 13u : 10u);
      request.set_page_size(3);
      std::vector<int64_t> paged;
      int pages = 0;
      while (pages < 20) {
        v1::ListAuditEventsResponse response;
        grpc::Status status = admin().ListEvents(request, &response);
        ASSERT_TRUE(status.ok()) << status.error_message();
        ++pages;
        EXPECT_LE(response.events_size(), 3);
        for (const v1::AuditEvent& event : response.events()) paged.push_back(event.id());
        if (response.next_page_token().empty()) break;
        request.set_page_token(response.next_page_token());
      }
      EXPECT_EQ(pages, resource_type.empty() ? 5 : 4);
      EXPECT_EQ(paged, whole);
    }
  }
}

TEST_P(AuditTest, AnAgentMayNotReadTheAuditLog) {
  const std::string agent_token = admin().CreateToken("people/A1").secret();
  grpc::ClientContext context;
  Authorize(context, agent_token);
  v1::ListAuditEventsResponse response;
  grpc::Status status = NewStub<v1::AuditService>(admin().channel())
                            ->ListAuditEvents(&context, v1::ListAuditEventsRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
  EXPECT_EQ(response.events_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AuditTest, ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
