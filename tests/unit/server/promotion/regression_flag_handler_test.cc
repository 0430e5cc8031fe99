// RegressionFlagHandler over in-memory repositories: who reaches a flag (a team lead their team's,
// nobody their own), the state machine with its notes and reasons, and the rules of the requests.
#include "server/promotion/regression_flag_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "db/common/error_details.h"
#include "tests/testing/fakes/empty_report_repository.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_evaluation_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_promotion_case_repository.h"
#include "tests/testing/fakes/fake_promotion_policy_repository.h"
#include "tests/testing/fakes/fake_regression_flag_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::testing {
namespace {

using ::testing::UnorderedElementsAre;

const absl::Time kFlagNow = absl::FromUnixSeconds(1'800'000'000);

class RegressionFlagHandlerTest : public ::testing::Test {
 protected:
  RegressionFlagHandlerTest() {
    manager_.caller.principal = "people/M1";
    manager_.caller.role = v1::ROLE_MANAGER;
    manager_.method = "escala.v1.RegressionFlagService/CloseRegressionFlag";
    manager_.scope = server::Scope::kAll;
    lead_.caller.principal = "people/L1";
    lead_.caller.role = v1::ROLE_TEAM_LEAD;
    lead_.caller.employee_id = "L1";
    lead_.caller.team_id = "t-a";
    lead_.method = "escala.v1.RegressionFlagService/AcknowledgeRegressionFlag";
    lead_.scope = server::Scope::kTeam;
    own_.caller.principal = "people/A1";
    own_.caller.employee_id = "A1";
    own_.caller.team_id = "t-a";
    own_.scope = server::Scope::kOwn;
  }

  // An open flag of `employee_id` in `team_id`, on a case of its own.
  v1::RegressionFlag Raise(const std::string& employee_id, const std::string& team_id) {
    v1::RegressionFlag flag;
    flag.set_employee_id(employee_id);
    flag.set_team_id(team_id);
    flag.set_promotion_case_id(++cases_raised_);
    flag.set_state(v1::REGRESSION_FLAG_STATE_OPEN);
    absl::StatusOr<db::RaisedFlag> raised = flags_.Raise(flag, {}, kFlagNow);
    EXPECT_THAT(raised, IsOk());
    return raised.ok() ? raised->flag : v1::RegressionFlag();
  }

  FakePeopleRepository people_;
  FakePromotionPolicyRepository policies_;
  FakePromotionCaseRepository cases_;
  FakeRegressionFlagRepository flags_;
  FakeAuditRepository audit_;
  FakeEvaluationRepository evaluations_;
  FakeCompletionRepository completions_;
  FakeCertificationRepository certifications_;
  EmptyReportRepository reports_;
  server::RegressionChecker checker_{
      cases_,
      policies_,
      people_,
      flags_,
      server::EligibilityFactsReader(people_, evaluations_, completions_, certifications_,
                                     reports_),
      [] { return kFlagNow; }};
  server::RegressionFlagHandler handler_{flags_, audit_, checker_, [] { return kFlagNow; }};
  server::CallContext manager_;
  server::CallContext lead_;
  server::CallContext own_;
  int64_t cases_raised_ = 0;
};

TEST_F(RegressionFlagHandlerTest, ALeadReachesTheirTeamsFlagsAndNobodyTheirOwn) {
  const v1::RegressionFlag a1 = Raise("A1", "t-a");
  const v1::RegressionFlag b1 = Raise("B1", "t-b");
  v1::GetRegressionFlagRequest get;
  get.set_id(a1.id());
  EXPECT_THAT(handler_.GetRegressionFlag(lead_, get), IsOk());
  EXPECT_THAT(handler_.GetRegressionFlag(own_, get), StatusIs(absl::StatusCode::kNotFound));
  get.set_id(b1.id());
  EXPECT_THAT(handler_.GetRegressionFlag(lead_, get), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetRegressionFlag(manager_, get), IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListRegressionFlagsResponse of_lead,
                              handler_.ListRegressionFlags(lead_, {}));
  ASSERT_EQ(of_lead.regression_flags_size(), 1);
  EXPECT_EQ(of_lead.regression_flags(0).employee_id(), "A1");
  v1::ListRegressionFlagsRequest other_team;
  other_team.set_team_id("t-b");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListRegressionFlagsResponse none,
                              handler_.ListRegressionFlags(lead_, other_team));
  EXPECT_TRUE(none.regression_flags().empty());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListRegressionFlagsResponse of_own,
                              handler_.ListRegressionFlags(own_, {}));
  EXPECT_TRUE(of_own.regression_flags().empty());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListRegressionFlagsResponse all,
                              handler_.ListRegressionFlags(manager_, {}));
  EXPECT_EQ(all.regression_flags_size(), 2);
}

TEST_F(RegressionFlagHandlerTest, AFlagIsAcknowledgedWithANoteThenClosedWithAReason) {
  const v1::RegressionFlag flag = Raise("A1", "t-a");
  v1::AcknowledgeRegressionFlagRequest ack;
  ack.set_id(flag.id());
  ack.set_etag(flag.etag());
  ack.set_note("seen; shadowing booked");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag seen,
                              handler_.AcknowledgeRegressionFlag(lead_, ack));
  EXPECT_EQ(seen.state(), v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
  EXPECT_EQ(seen.acknowledged_by(), "people/L1");
  EXPECT_EQ(seen.acknowledge_note(), "seen; shadowing booked");
  // Twice is a wrong state, and the stale etag is refused first.
  absl::Status again = handler_.AcknowledgeRegressionFlag(lead_, ack).status();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAborted));
  ack.clear_etag();
  again = handler_.AcknowledgeRegressionFlag(lead_, ack).status();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(again), db::kReasonInvalidStateTransition);

  v1::CloseRegressionFlagRequest close;
  close.set_id(flag.id());
  close.set_reason(v1::REGRESSION_CLOSE_REASON_RECOVERED);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag closed,
                              handler_.CloseRegressionFlag(manager_, close));
  EXPECT_EQ(closed.state(), v1::REGRESSION_FLAG_STATE_CLOSED);
  EXPECT_EQ(closed.closed_by(), "people/M1");
  EXPECT_EQ(closed.close_reason(), v1::REGRESSION_CLOSE_REASON_RECOVERED);
  EXPECT_EQ(db::ErrorReason(handler_.CloseRegressionFlag(manager_, close).status()),
            db::kReasonInvalidStateTransition);
}

TEST_F(RegressionFlagHandlerTest, RequestsNameEveryFieldThatBreaksItsRule) {
  v1::AcknowledgeRegressionFlagRequest ack;
  ack.set_request_id(std::string(65, 'r'));
  EXPECT_THAT(db::ViolatedFields(handler_.AcknowledgeRegressionFlag(lead_, ack).status()),
              UnorderedElementsAre("id", "note", "request_id"));
  v1::CloseRegressionFlagRequest close;
  close.set_id(1);
  close.set_reason(v1::REGRESSION_CLOSE_REASON_HANDLED);
  EXPECT_THAT(db::ViolatedFields(handler_.CloseRegressionFlag(manager_, close).status()),
              UnorderedElementsAre("note"));
  close.set_reason(v1::RegressionCloseReason(42));
  EXPECT_THAT(db::ViolatedFields(handler_.CloseRegressionFlag(manager_, close).status()),
              UnorderedElementsAre("reason"));
  v1::ListRegressionFlagsRequest list;
  list.set_team_id("bad team");
  list.set_state(v1::RegressionFlagState(9));
  EXPECT_THAT(db::ViolatedFields(handler_.ListRegressionFlags(manager_, list).status()),
              UnorderedElementsAre("team_id", "state"));
  v1::CheckRegressionsRequest check;
  check.set_promotion_policy_id("no such policy!");
  EXPECT_THAT(db::ViolatedFields(handler_.CheckRegressions(manager_, check).status()),
              UnorderedElementsAre("promotion_policy_id"));
}

}  // namespace
}  // namespace escala::testing
