// SlaPolicyHandler over in-memory repositories: validation before storage, the etag on update
// and publish, drafts and published versions, and the report's checks and scope.
#include "server/sla/sla_policy_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_interaction_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_sla_policy_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

constexpr int64_t kNowSeconds = 1'800'000'000;  // 2027-01-15

class SlaPolicyHandlerTest : public ::testing::Test {
 protected:
  SlaPolicyHandlerTest() {
    call_.caller.principal = "people/M1";
    call_.caller.role = v1::ROLE_MANAGER;
    v1::Person agent;
    agent.set_employee_id("A1");
    agent.set_team_id("t-a");
    people_.Add(agent);
    agent.set_employee_id("B1");
    agent.set_team_id("t-b");
    people_.Add(agent);
  }

  v1::SlaPolicy CreateAndPublish(const std::string& id) {
    v1::CreateSlaPolicyRequest create;
    *create.mutable_sla_policy() = TestSlaPolicy(id);
    absl::StatusOr<v1::SlaPolicy> draft = handler_.CreateSlaPolicy(call_, create);
    EXPECT_TRUE(draft.ok()) << draft.status();
    v1::PublishSlaPolicyRequest publish;
    publish.set_sla_policy_id(id);
    publish.set_etag(draft->etag());
    absl::StatusOr<v1::SlaPolicy> published = handler_.PublishSlaPolicy(call_, publish);
    EXPECT_TRUE(published.ok()) << published.status();
    return *published;
  }

  v1::ComputeSlaReportRequest AgentReport(const std::string& agent) {
    v1::ComputeSlaReportRequest request;
    request.set_sla_policy_id("p");
    request.set_scope(v1::SLA_REPORT_SCOPE_AGENT);
    request.set_agent_employee_id(agent);
    request.set_period(v1::REPORT_PERIOD_RANGE);
    *request.mutable_period_start_time() = db::MillisToTimestamp((kNowSeconds - 86400) * 1000);
    *request.mutable_period_end_time() = db::MillisToTimestamp(kNowSeconds * 1000);
    return request;
  }

  FakeAuditRepository audit_;
  FakeSlaPolicyRepository policies_;
  FakePeopleRepository people_;
  FakeInteractionRepository interactions_{&people_};
  server::SlaPolicyHandler handler_{policies_, interactions_, people_, audit_,
                                    [] { return absl::FromUnixSeconds(kNowSeconds); }};
  server::CallContext call_;
};

TEST_F(SlaPolicyHandlerTest, CreateRefusesAnInvalidPolicyNamingTheField) {
  v1::CreateSlaPolicyRequest request;
  *request.mutable_sla_policy() = TestSlaPolicy("bad id");
  request.mutable_sla_policy()->set_title("");
  const absl::Status status = handler_.CreateSlaPolicy(call_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("sla_policy.sla_policy_id"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("sla_policy.title"));
  EXPECT_THAT(policies_.List("", v1::SLA_POLICY_STATE_UNSPECIFIED, 10),
              IsOkAndHolds(::testing::IsEmpty()));
}

TEST_F(SlaPolicyHandlerTest, EditingAPublishedVersionMakesTheNextDraftAndPublishingSupersedes) {
  const v1::SlaPolicy first = CreateAndPublish("p");
  EXPECT_EQ(first.state(), v1::SLA_POLICY_STATE_PUBLISHED);
  v1::UpdateSlaPolicyRequest update;
  update.mutable_sla_policy()->set_sla_policy_id("p");
  update.mutable_sla_policy()->set_title("Support SLA 2027");
  update.mutable_update_mask()->add_paths("title");
  EXPECT_THAT(handler_.UpdateSlaPolicy(call_, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sla_policy.etag")));
  update.mutable_sla_policy()->set_etag("99");
  EXPECT_THAT(handler_.UpdateSlaPolicy(call_, update), StatusIs(absl::StatusCode::kAborted));
  update.mutable_sla_policy()->set_etag(first.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy draft, handler_.UpdateSlaPolicy(call_, update));
  EXPECT_EQ(draft.version(), 2);
  EXPECT_EQ(draft.state(), v1::SLA_POLICY_STATE_DRAFT);
  EXPECT_EQ(draft.targets_size(), 4);  // kept from version 1

  v1::PublishSlaPolicyRequest publish;
  publish.set_sla_policy_id("p");
  publish.set_etag(draft.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy second, handler_.PublishSlaPolicy(call_, publish));
  EXPECT_EQ(second.version(), 2);
  v1::GetSlaPolicyRequest get;
  get.set_sla_policy_id("p");
  get.set_version(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy old, handler_.GetSlaPolicy(call_, get));
  EXPECT_EQ(old.state(), v1::SLA_POLICY_STATE_SUPERSEDED);
  EXPECT_EQ(old.title(), "Support SLA");
  // Nothing left to publish.
  publish.set_etag(second.etag());
  EXPECT_THAT(handler_.PublishSlaPolicy(call_, publish),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no draft")));
}

TEST_F(SlaPolicyHandlerTest, AnUpdateMaskOutsideTheContentIsRefused) {
  const v1::SlaPolicy first = CreateAndPublish("p");
  v1::UpdateSlaPolicyRequest update;
  update.mutable_sla_policy()->set_sla_policy_id("p");
  update.mutable_sla_policy()->set_etag(first.etag());
  update.mutable_update_mask()->add_paths("state");
  EXPECT_THAT(handler_.UpdateSlaPolicy(call_, update),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
}

TEST_F(SlaPolicyHandlerTest, TheReportNeedsAPublishedVersion) {
  v1::CreateSlaPolicyRequest create;
  *create.mutable_sla_policy() = TestSlaPolicy("p");
  ASSERT_THAT(handler_.CreateSlaPolicy(call_, create), IsOk());
  const absl::Status status = handler_.ComputeSlaReport(call_, AgentReport("A1")).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(db::ErrorReason(status), db::kReasonSlaPolicyNotPublished);
}

TEST_F(SlaPolicyHandlerTest, TheReportChecksItsFieldsAndBoundsTheRange) {
  CreateAndPublish("p");
  v1::ComputeSlaReportRequest request = AgentReport("A1");
  request.set_team_id("t-a");
  request.set_period(v1::REPORT_PERIOD_UNSPECIFIED);
  *request.mutable_period_start_time() = db::MillisToTimestamp((kNowSeconds - 93 * 86400) * 1000);
  const absl::Status status = handler_.ComputeSlaReport(call_, request).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr("team_id"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("period:"));
  EXPECT_THAT(std::string(status.message()), HasSubstr("at most 92 days"));
}

TEST_F(SlaPolicyHandlerTest, TheReportCountsTheAgentsInteractions) {
  CreateAndPublish("p");
  v1::Interaction contact;
  contact.set_id(7);
  contact.set_agent_employee_id("A1");
  contact.set_priority(v1::PRIORITY_URGENT);
  *contact.mutable_start_time() = db::MillisToTimestamp((kNowSeconds - 7200) * 1000);
  *contact.mutable_first_response_time() = db::MillisToTimestamp((kNowSeconds - 6000) * 1000);
  interactions_.Add(contact);
  // Raised from low 33 minutes in, just before the response: the urgent hour counts from the
  // start and was met.
  policies_.AddPriorityChange({.interaction_id = 7,
                               .change_ms = (kNowSeconds - 6000) * 1000 - 1,
                               .from_priority = v1::PRIORITY_LOW,
                               .to_priority = v1::PRIORITY_URGENT});
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ComputeSlaReportResponse report,
                              handler_.ComputeSlaReport(call_, AgentReport("A1")));
  EXPECT_EQ(report.interaction_count(), 1);
  EXPECT_EQ(report.totals(0).first_response().met_count(), 1);
  // Not resolved; 2 of the 8 urgent hours have passed.
  EXPECT_EQ(report.totals(0).resolution().pending_count(), 1);
}

TEST_F(SlaPolicyHandlerTest, AnAgentSeesOnlyTheirOwnFiguresAndALeadTheirTeams) {
  CreateAndPublish("p");
  server::CallContext agent;
  agent.caller.employee_id = "A1";
  agent.caller.team_id = "t-a";
  agent.scope = server::Scope::kOwn;
  EXPECT_THAT(handler_.ComputeSlaReport(agent, AgentReport("A1")), IsOk());
  EXPECT_THAT(handler_.ComputeSlaReport(agent, AgentReport("B1")),
              StatusIs(absl::StatusCode::kNotFound));
  server::CallContext lead = agent;
  lead.caller.employee_id = "L1";
  lead.scope = server::Scope::kTeam;
  EXPECT_THAT(handler_.ComputeSlaReport(lead, AgentReport("A1")), IsOk());
  EXPECT_THAT(handler_.ComputeSlaReport(lead, AgentReport("B1")),
              StatusIs(absl::StatusCode::kNotFound));
  v1::ComputeSlaReportRequest team = AgentReport("");
  team.clear_agent_employee_id();
  team.set_scope(v1::SLA_REPORT_SCOPE_TEAM);
  team.set_team_id("t-a");
  EXPECT_THAT(handler_.ComputeSlaReport(lead, team), IsOk());
  team.set_team_id("t-b");
  EXPECT_THAT(handler_.ComputeSlaReport(lead, team), StatusIs(absl::StatusCode::kNotFound));
  team.clear_team_id();
  team.set_scope(v1::SLA_REPORT_SCOPE_DEPARTMENT);
  EXPECT_THAT(handler_.ComputeSlaReport(lead, team), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.ComputeSlaReport(call_, team), IsOk());
}

}  // namespace
}  // namespace escala::testing
