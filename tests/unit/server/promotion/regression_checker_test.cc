// RegressionChecker over in-memory repositories: who is judged (EFFECTIVE cases of a watching
// policy version, within the watch), over which days (never before the effective date), and
// that a case is flagged once until its flag is closed.
#include "server/promotion/regression_checker.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/summaries/qa_summary_delta.h"
#include "tests/testing/fakes/empty_report_repository.h"
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

using ::testing::ElementsAre;

// 2027-01-15T08:00:00Z, UTC day 20833 since the epoch.
const absl::Time kCheckNow = absl::FromUnixSeconds(1'800'000'000);
constexpr int kCheckToday = 20833;

// QA summaries per person, as fixed scores over whatever days are asked; records the days.
class ScoresReportRepository : public EmptyReportRepository {
 public:
  absl::StatusOr<std::map<std::string, db::AgentQaTotals>> QaByAgent(
      const std::vector<std::string>& employee_ids, const std::vector<std::string>&, int from_day,
      int to_day) override {
    asked.emplace_back(from_day, to_day);
    std::map<std::string, db::AgentQaTotals> totals;
    for (const std::string& id : employee_ids) {
      auto found = scores.find(id);
      if (found == scores.end()) continue;
      db::AgentQaTotals& person = totals[id];
      person.counters.assign(db::kQaCounterCount, 0);
      for (int score : found->second) {
        ++person.counters[db::kQaEvaluations];
        person.counters[db::kQaScoreMilliSum] += score * 1000LL;
        person.counters[db::kQaScoreMilliSqSum] += score * 1000LL * score * 1000LL;
      }
    }
    return totals;
  }

  std::map<std::string, std::vector<int>> scores;
  std::vector<std::pair<int, int>> asked;
};

v1::Person PromotedAgent(const std::string& id) {
  v1::Person person;
  person.set_employee_id(id);
  person.set_display_name(absl::StrCat("Agent ", id));
  person.set_team_id("t-a");
  person.set_level(2);
  person.set_hire_date("2025-01-01");
  person.set_active(true);
  return person;
}

class RegressionCheckerTest : public ::testing::Test {
 protected:
  RegressionCheckerTest() {
    v1::PromotionPolicy policy;
    policy.set_promotion_policy_id("l1-l2");
    policy.set_title("L1 to L2");
    policy.set_from_level(1);
    policy.set_to_level(2);
    policy.add_criteria()->mutable_tenure()->set_min_months(6);
    policy.set_maintenance_days(90);
    v1::PromotionCriterion* quality = policy.add_maintenance_criteria();
    quality->set_key("quality");
    quality->mutable_quality()->set_window_days(30);
    quality->mutable_quality()->set_min_evaluations(5);
    quality->mutable_quality()->set_min_score(80);
    quality->mutable_quality()->set_judgement(v1::QUALITY_JUDGEMENT_MEAN);
    EXPECT_THAT(policies_.Create(policy, stamp_, kCheckNow), IsOk());
    EXPECT_THAT(policies_.Publish("l1-l2", 1, stamp_, kCheckNow), IsOk());
  }

  // An EFFECTIVE case of `id` under version 1, effective on `date`.
  int64_t EffectiveCase(const std::string& id, const std::string& date) {
    people_.Add(PromotedAgent(id));
    v1::PromotionCase promotion_case;
    promotion_case.set_employee_id(id);
    promotion_case.set_team_id("t-a");
    promotion_case.set_promotion_policy_id("l1-l2");
    promotion_case.set_promotion_policy_version(1);
    promotion_case.set_from_level(1);
    promotion_case.set_to_level(2);
    promotion_case.set_state(v1::PROMOTION_CASE_STATE_EFFECTIVE);
    promotion_case.set_effective_date(date);
    absl::StatusOr<v1::PromotionCase> created =
        cases_.Create(promotion_case, db::CreateRequest{}, stamp_, kCheckNow);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? created->id() : 0;
  }

  absl::StatusOr<v1::CheckRegressionsResponse> Check() { return checker_.Check(stamp_, ""); }

  const db::AuditStamp stamp_{.principal = "people/M1"};
  FakePeopleRepository people_;
  FakePromotionPolicyRepository policies_;
  FakePromotionCaseRepository cases_;
  FakeRegressionFlagRepository flags_;
  FakeEvaluationRepository evaluations_;
  FakeCompletionRepository completions_;
  FakeCertificationRepository certifications_;
  ScoresReportRepository reports_;
  server::RegressionChecker checker_{
      cases_,
      policies_,
      people_,
      flags_,
      server::EligibilityFactsReader(people_, evaluations_, completions_, certifications_,
                                     reports_),
      [] { return kCheckNow; }};
};

TEST_F(RegressionCheckerTest, AFallAfterThePromotionIsFlaggedOnTheDaysSinceItOnly) {
  const int64_t case_id = EffectiveCase("A1", "2027-01-10");
  // Mean 74 on five evaluations.
  reports_.scores["A1"] = {70, 72, 74, 76, 78};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CheckRegressionsResponse checked, Check());
  EXPECT_EQ(checked.watched_count(), 1);
  ASSERT_EQ(checked.raised_size(), 1);
  const v1::RegressionFlag& flag = checked.raised(0);
  EXPECT_EQ(flag.employee_id(), "A1");
  EXPECT_EQ(flag.display_name(), "Agent A1");
  EXPECT_EQ(flag.team_id(), "t-a");
  EXPECT_EQ(flag.level(), 2);
  EXPECT_EQ(flag.promotion_case_id(), case_id);
  EXPECT_EQ(flag.promotion_policy_version(), 1);
  EXPECT_EQ(flag.effective_date(), "2027-01-10");
  EXPECT_EQ(flag.as_of_date(), "2027-01-15");
  EXPECT_EQ(flag.state(), v1::REGRESSION_FLAG_STATE_OPEN);
  EXPECT_EQ(flag.raised_by(), "people/M1");
  ASSERT_EQ(flag.failed_criteria_size(), 1);
  EXPECT_DOUBLE_EQ(flag.failed_criteria(0).value(), 74.0);
  // The 30-day window was read from the effective day (six days, today's so far included), not
  // 30 days back.
  EXPECT_THAT(reports_.asked, ElementsAre(std::make_pair(kCheckToday - 5, kCheckToday + 1)));
}

TEST_F(RegressionCheckerTest, ACaseIsFlaggedOnceUntilItsFlagIsClosed) {
  const int64_t case_id = EffectiveCase("A1", "2027-01-10");
  reports_.scores["A1"] = {70, 72, 74, 76, 78};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CheckRegressionsResponse first, Check());
  ASSERT_EQ(first.raised_size(), 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CheckRegressionsResponse second, Check());
  EXPECT_EQ(second.raised_size(), 0);
  EXPECT_EQ(second.already_flagged_count(), 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::RegressionFlag> of_case, flags_.ListOfCase(case_id));
  EXPECT_EQ(of_case.size(), 1u);

  // Closed today: the next check reads only days after the close, none yet.
  v1::RegressionFlag closed = first.raised(0);
  closed.set_state(v1::REGRESSION_FLAG_STATE_CLOSED);
  *closed.mutable_close_time() = db::MillisToTimestamp(absl::ToUnixMillis(kCheckNow));
  ASSERT_THAT(flags_.Update(closed, 1, stamp_, kCheckNow), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CheckRegressionsResponse after_close, Check());
  EXPECT_EQ(after_close.raised_size(), 0);
  EXPECT_EQ(after_close.already_flagged_count(), 0);
}

TEST_F(RegressionCheckerTest, AThinSampleOrAnExpiredWatchRaisesNothing) {
  EffectiveCase("A1", "2027-01-10");
  EffectiveCase("A2", "2026-10-01");
  // A1: four evaluations averaging 50, one short of the five the rule needs. A2: promoted 106
  // days ago, beyond the 90-day watch, with a mean of 40.
  reports_.scores["A1"] = {40, 50, 50, 60};
  reports_.scores["A2"] = {40, 40, 40, 40, 40};
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::CheckRegressionsResponse checked, Check());
  EXPECT_EQ(checked.watched_count(), 1);
  EXPECT_EQ(checked.raised_size(), 0);
}

TEST_F(RegressionCheckerTest, AnUnknownPolicyIsNamed) {
  EXPECT_THAT(checker_.Check(stamp_, "nope"), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace escala::testing
