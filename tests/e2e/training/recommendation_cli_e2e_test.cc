// QA → training through the real escala CLI against the real escala-server, on each backend: a
// trainer writes a rule, a QA analyst submits evaluations that score an agent low on "tone",
// `training recommend` makes one recommendation with those evaluations as its evidence, the
// agent sees it, a second run makes none, and the errors name the CLI's flags.

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/evaluations.pb.h"
#include "escala/v1/training_recommendations.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class RecommendationCliEndToEndTest : public QaCliTest {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StartQaServer({{"Q1", v1::ROLE_QA_ANALYST},
                   {"T1", v1::ROLE_TRAINER},
                   {"A1", v1::ROLE_AGENT},
                   {"A2", v1::ROLE_AGENT}});
  }

  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // An evaluation of a new interaction of `agent`, submitted by Q1 with these answers.
  int64_t Submit(const std::string& agent, int greet, int tone) {
    absl::StatusOr<int64_t> interaction = AddInteraction(
        channel_, server_->admin_token(), agent, absl::StrCat("rec-", agent, "-", ++submitted_));
    EXPECT_TRUE(interaction.ok()) << interaction.status();
    const std::string answers =
        absl::StrCat(server_->dir().path(), "/answers-", submitted_, ".json");
    std::ofstream(answers) << CalibrationAnswersJson(greet, tone);
    ProcessResult r = JsonAs("Q1", {"evaluations", "submit", absl::StrCat(*interaction),
                                    "--scorecard", kCalibrationScorecard, "--answers", answers});
    ExpectOk(r);
    return FromJson<v1::Evaluation>(r.out).id();
  }

  int submitted_ = 0;
};

TEST_P(RecommendationCliEndToEndTest, ALowCriterionRecommendsItsCourseOnceWithTheEvidence) {
  ExpectOk(As("T1", {"courses", "create", "L1-TONE-110", "--title", "Tone on the phone", "--kind",
                     "role-play", "--duration", "2h", "--criteria", "tone"}));
  ProcessResult r =
      JsonAs("T1", {"training", "rules", "create", "--criterion", "tone", "--course", "L1-TONE-110",
                    "--below", "50", "--last", "3", "--min", "3", "--cool-down", "14d"});
  ExpectOk(r);
  const v1::CriterionTrainingRule rule = FromJson<v1::CriterionTrainingRule>(r.out);
  EXPECT_TRUE(rule.active());
  EXPECT_EQ(rule.cool_down_duration().seconds(), 14 * 86400);
  EXPECT_EQ(rule.created_by(), "people/T1");

  // Tone 1–5 normalises (v - 1) / 4: A1 scores 2, 1, 2 → 25, 0, 25: mean 16.7, below 50.
  const int64_t first = Submit("A1", 1, 2);
  const int64_t second = Submit("A1", 1, 1);
  const int64_t third = Submit("A1", 1, 2);
  // A2 does well: 5, 5, 4 → 100, 100, 75.
  for (int tone : {5, 5, 4}) Submit("A2", 1, tone);

  r = JsonAs("T1", {"training", "recommend"});
  ExpectOk(r);
  const auto run = FromJson<v1::GenerateTrainingRecommendationsResponse>(r.out);
  ASSERT_EQ(run.recommendations_size(), 1);
  const v1::TrainingRecommendation& made = run.recommendations(0);
  EXPECT_EQ(made.employee_id(), "A1");
  EXPECT_EQ(made.course_id(), "L1-TONE-110");
  EXPECT_EQ(made.criterion_key(), "tone");
  EXPECT_NEAR(made.mean_percent(), 50.0 / 3, 1e-9);
  std::vector<int64_t> evidence;
  for (const v1::RecommendationEvidence& e : made.evidence()) evidence.push_back(e.evaluation_id());
  EXPECT_THAT(evidence, ElementsAre(third, second, first));
  EXPECT_EQ(run.people_judged(), 2);

  // The agent sees their own; the other agent sees nothing.
  r = JsonAs("A1", {"training", "recommendations"});
  ExpectOk(r);
  const auto mine = FromJson<v1::ListTrainingRecommendationsResponse>(r.out);
  ASSERT_EQ(mine.recommendations_size(), 1);
  EXPECT_EQ(mine.recommendations(0).id(), made.id());
  r = As("A1", {"training", "recommendations", "--state", "open"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("L1-TONE-110"));
  EXPECT_THAT(r.out, HasSubstr("16.7"));
  r = JsonAs("A2", {"training", "recommendations"});
  ExpectOk(r);
  EXPECT_EQ(FromJson<v1::ListTrainingRecommendationsResponse>(r.out).recommendations_size(), 0);

  // A second run makes nothing: the open recommendation holds.
  r = As("T1", {"training", "recommend", "--person", "A1"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("created 0 recommendations"));
  EXPECT_THAT(r.out, HasSubstr("already-open"));
  r = As("T1", {"--output", "csv", "training", "recommendations", "--person", "A1"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("ID,PERSON,COURSE,CRITERION,MEAN,N,SINCE"));

  // An agent may not run the rules; dismissal records the reason.
  r = As("A1", {"training", "recommend"});
  EXPECT_EQ(r.exit_code, 1);
  r = JsonAs("T1", {"training", "dismiss", absl::StrCat(made.id()), "--reason", "coached live"});
  ExpectOk(r);
  EXPECT_EQ(FromJson<v1::TrainingRecommendation>(r.out).state(),
            v1::TRAINING_RECOMMENDATION_STATE_DISMISSED);
}

TEST_P(RecommendationCliEndToEndTest, RulesAreListedChangedAndDeactivatedAndErrorsNameFlags) {
  ExpectOk(As("T1", {"courses", "create", "L1-TONE-110", "--title", "Tone", "--kind", "role-play",
                     "--duration", "2h", "--criteria", "tone"}));
  ProcessResult r = As("T1", {"training", "rules", "create", "--criterion", "tone", "--course",
                              "L1-TONE-110", "--below", "150", "--last", "3", "--min", "5"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--below"));
  EXPECT_THAT(r.err, HasSubstr("--min"));
  r = As("T1", {"training", "rules", "create", "--criterion", "greet", "--course", "L1-TONE-110",
                "--below", "50", "--window", "30d", "--min", "2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--course"));
  EXPECT_THAT(r.err, HasSubstr("does not teach criterion 'greet'"));
  r = As("A1", {"training", "rules", "create", "--criterion", "tone", "--course", "L1-TONE-110",
                "--below", "50", "--last", "3", "--min", "3"});
  EXPECT_EQ(r.exit_code, 1);
  r = As("T1", {"training", "rules"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("'rules' needs one of: create, list, show, update, deactivate"));

  r = JsonAs("T1", {"training", "rules", "create", "--criterion", "tone", "--course", "L1-TONE-110",
                    "--below", "50", "--window", "30d", "--min", "2"});
  ExpectOk(r);
  const auto rule = FromJson<v1::CriterionTrainingRule>(r.out);
  EXPECT_EQ(rule.window_duration().seconds(), 30 * 86400);
  r = As("A1", {"training", "rules", "list"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("within 30d"));
  r = JsonAs("T1", {"training", "rules", "update", absl::StrCat(rule.id()), "--below", "40",
                    "--etag", rule.etag()});
  ExpectOk(r);
  EXPECT_EQ(FromJson<v1::CriterionTrainingRule>(r.out).below_percent(), 40);
  r = As("T1", {"training", "rules", "update", absl::StrCat(rule.id()), "--below", "30", "--etag",
                rule.etag()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("ABORTED"));
  r = JsonAs("T1", {"training", "rules", "deactivate", absl::StrCat(rule.id())});
  ExpectOk(r);
  EXPECT_FALSE(FromJson<v1::CriterionTrainingRule>(r.out).active());
  r = As("T1", {"--output", "csv", "training", "rules", "show", absl::StrCat(rule.id())});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("active,no"));
  r = As("T1", {"training", "rules", "list", "--active-only"});
  ExpectOk(r);
  EXPECT_THAT(r.out, Not(HasSubstr("L1-TONE-110")));
}

INSTANTIATE_TEST_SUITE_P(Backends, RecommendationCliEndToEndTest,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
