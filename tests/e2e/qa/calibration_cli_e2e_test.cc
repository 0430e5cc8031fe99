// `escala calibration` against the real escala-server, on each backend: a session with three
// evaluators and an expert on two interactions, blind scoring seen through the API, closing, and
// the results and leniency the scores must give.

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "escala/v1/calibration.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

// (interaction, evaluator) of every score in a listing.
std::set<std::pair<int64_t, std::string>> Seen(const v1::ListCalibrationScoresResponse& scores) {
  std::set<std::pair<int64_t, std::string>> seen;
  for (const v1::CalibrationScore& score : scores.scores()) {
    seen.emplace(score.interaction_id(), score.evaluator_employee_id());
  }
  return seen;
}

class CalibrationCliEndToEndTest : public QaCliTest {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StartQaServer({{"L1", v1::ROLE_TEAM_LEAD},
                   {"Q1", v1::ROLE_QA_ANALYST},
                   {"Q2", v1::ROLE_QA_ANALYST},
                   {"X1", v1::ROLE_QA_ANALYST},
                   {"Q9", v1::ROLE_QA_ANALYST},
                   {"M1", v1::ROLE_MANAGER},
                   {"A1", v1::ROLE_AGENT},
                   {"T1", v1::ROLE_TRAINER}});
    if (HasFatalFailure()) return;
    for (const char* source : {"c-1", "c-2"}) {
      absl::StatusOr<int64_t> id = AddInteraction(channel_, server_->admin_token(), "A1", source);
      ASSERT_TRUE(id.ok()) << id.status();
      interactions_.push_back(*id);
    }
  }

  // Writes an answers file and scores `interaction` as `who`.
  ProcessResult Score(const std::string& who, int64_t session, int64_t interaction, int greet,
                      int tone) {
    const std::string path =
        absl::StrCat(server_->dir().path(), "/answers-", who, "-", interaction, ".json");
    std::ofstream(path) << CalibrationAnswersJson(greet, tone);
    return JsonAs(who, {"calibration", "score", absl::StrCat(session), absl::StrCat(interaction),
                        "--answers", path});
  }

  v1::ListCalibrationScoresResponse ScoresSeenBy(const std::string& who, int64_t session) {
    ProcessResult r = JsonAs(who, {"calibration", "scores", absl::StrCat(session)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return FromJson<v1::ListCalibrationScoresResponse>(r.out);
  }

  std::string Deadline() const {
    return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now() + absl::Hours(2),
                            absl::UTCTimeZone());
  }

  // L1 creates the session: evaluators L1, Q1, Q2; expert X1; both interactions.
  int64_t CreateSession() {
    ProcessResult r =
        JsonAs("L1", {"calibration", "create", "--title", "November calls", "--scorecard",
                      kCalibrationScorecard, "--interaction",
                      absl::StrCat(interactions_[0], ",", interactions_[1]), "--evaluator",
                      "L1,Q1,Q2", "--expert", "X1", "--deadline", Deadline()});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const v1::CalibrationSession session = FromJson<v1::CalibrationSession>(r.out);
    EXPECT_EQ(session.scorecard_version(), 1);
    EXPECT_EQ(session.state(), v1::CALIBRATION_STATE_OPEN);
    EXPECT_EQ(session.created_by(), "people/L1");
    return session.id();
  }

  std::vector<int64_t> interactions_;
};

TEST_P(CalibrationCliEndToEndTest, BlindScoringThenCloseGivesTheExpectedResults) {
  const int64_t session = CreateSession();
  const int64_t i1 = interactions_[0], i2 = interactions_[1];

  // L1 scores interaction 1 and sees only that score.
  ASSERT_EQ(Score("L1", session, i1, 1, 5).exit_code, 0);
  EXPECT_THAT(Seen(ScoresSeenBy("L1", session)), UnorderedElementsAre(std::make_pair(i1, "L1")));
  // Q1 has scored nothing: blind to L1's score.
  EXPECT_EQ(ScoresSeenBy("Q1", session).scores_size(), 0);
  // Q1 scores interaction 2: sees their own, still not L1's score of interaction 1.
  ASSERT_EQ(Score("Q1", session, i2, 1, 3).exit_code, 0);
  EXPECT_THAT(Seen(ScoresSeenBy("Q1", session)), UnorderedElementsAre(std::make_pair(i2, "Q1")));
  // Once Q1 scored interaction 1 as well, L1's score of it shows.
  ASSERT_EQ(Score("Q1", session, i1, 1, 4).exit_code, 0);
  EXPECT_THAT(Seen(ScoresSeenBy("Q1", session)),
              UnorderedElementsAre(std::make_pair(i1, "L1"), std::make_pair(i1, "Q1"),
                                   std::make_pair(i2, "Q1")));
  // A manager who is not a participant sees nothing while the session is open.
  EXPECT_EQ(ScoresSeenBy("M1", session).scores_size(), 0);

  // The rest of the scores. Q2 first sends a different answer and then replaces it.
  ASSERT_EQ(Score("L1", session, i2, 0, 3).exit_code, 0);
  ASSERT_EQ(Score("Q2", session, i1, 1, 1).exit_code, 0);
  ASSERT_EQ(Score("Q2", session, i1, 0, 2).exit_code, 0);
  ASSERT_EQ(Score("Q2", session, i2, 0, 1).exit_code, 0);
  ASSERT_EQ(Score("X1", session, i1, 1, 5).exit_code, 0);
  ASSERT_EQ(Score("X1", session, i2, 0, 3).exit_code, 0);

  // Calibration scores are not evaluations: the agent's evaluations stay empty.
  ProcessResult evaluations = JsonAs("M1", {"evaluations", "list"});
  ASSERT_EQ(evaluations.exit_code, 0) << evaluations.err;
  EXPECT_EQ(FromJson<v1::ListEvaluationsResponse>(evaluations.out).evaluations_size(), 0);

  // Results only once closed.
  ProcessResult early = As("M1", {"calibration", "results", absl::StrCat(session)});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("FAILED_PRECONDITION"));
  // Only the creator, a manager or head of support closes; Q1 is none of them.
  ProcessResult refused = As("Q1", {"calibration", "close", absl::StrCat(session)});
  EXPECT_THAT(refused.err, HasSubstr("PERMISSION_DENIED"));
  ProcessResult closed = JsonAs("L1", {"calibration", "close", absl::StrCat(session)});
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  EXPECT_EQ(FromJson<v1::CalibrationSession>(closed.out).state(), v1::CALIBRATION_STATE_CLOSED);
  EXPECT_THAT(As("L1", {"calibration", "close", absl::StrCat(session)}).err,
              HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(Score("Q1", session, i1, 0, 1).err, HasSubstr("FAILED_PRECONDITION"));

  // Closed: everyone who sees the session sees every score (the replaced one once).
  EXPECT_EQ(ScoresSeenBy("M1", session).scores_size(), 8);

  // Expert X1 is the benchmark: i1 (1,5) = 100, i2 (0,3) = 25.
  //   L1: (1,5)=100, (0,3)=25 → 4/4 answers aligned = 100 %; deviations 0, 0.
  //   Q1: (1,4)=87.5, (1,3)=75 → greet ✓ tone ✗, greet ✗ tone ✓ = 50 %; -12.5, +50 → +18.75.
  //   Q2: (0,2)=12.5, (0,1)=0 → ✗ ✗, ✓ ✗ = 25 %; -87.5, -25 → -56.25, |mean| 56.25.
  ProcessResult results = JsonAs("M1", {"calibration", "results", absl::StrCat(session)});
  ASSERT_EQ(results.exit_code, 0) << results.err;
  const v1::CalibrationResults r = FromJson<v1::CalibrationResults>(results.out);
  EXPECT_EQ(r.benchmark(), "expert");
  ASSERT_EQ(r.evaluators_size(), 3);
  std::map<std::string, v1::EvaluatorCalibration> by_id;
  for (const auto& e : r.evaluators()) by_id[e.evaluator_employee_id()] = e;
  EXPECT_THAT(by_id["L1"].alignment_percent(), DoubleNear(100.0, 1e-9));
  EXPECT_THAT(by_id["L1"].mean_score_deviation(), DoubleNear(0.0, 1e-9));
  EXPECT_THAT(by_id["Q1"].alignment_percent(), DoubleNear(50.0, 1e-9));
  EXPECT_THAT(by_id["Q1"].mean_score_deviation(), DoubleNear(18.75, 1e-9));
  EXPECT_THAT(by_id["Q2"].alignment_percent(), DoubleNear(25.0, 1e-9));
  EXPECT_THAT(by_id["Q2"].mean_score_deviation(), DoubleNear(-56.25, 1e-9));
  EXPECT_THAT(by_id["Q2"].mean_absolute_score_deviation(), DoubleNear(56.25, 1e-9));
  EXPECT_EQ(r.scores_size(), 8);

  // The table names the figures and writes n/a where a statistic is undefined.
  ProcessResult table = As("M1", {"calibration", "results", absl::StrCat(session)});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("benchmark expert"));
  EXPECT_THAT(table.out, HasSubstr("ALIGNMENT %"));
  EXPECT_THAT(table.out, HasSubstr("ALPHA"));

  // As CSV: one file with a summary row, a row per rater and per criterion, and every answer.
  ProcessResult csv =
      As("M1", {"--output", "csv", "calibration", "results", absl::StrCat(session)});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_THAT(csv.out, StartsWith("row_type,session_id,evaluator_employee_id,"));
  size_t answer_rows = 0;
  for (size_t at = csv.out.find("\nanswer,"); at != std::string::npos;
       at = csv.out.find("\nanswer,", at + 1)) {
    ++answer_rows;
  }
  EXPECT_EQ(answer_rows, 16u) << csv.out;  // 8 scores of 2 criteria
  EXPECT_THAT(csv.out, HasSubstr("\nevaluator," + absl::StrCat(session) + ",Q2,"));

  // Leniency: Q1 above the benchmark, Q2 below.
  ProcessResult leniency = JsonAs("M1", {"calibration", "leniency"});
  ASSERT_EQ(leniency.exit_code, 0) << leniency.err;
  const auto lenient = FromJson<v1::ComputeEvaluatorLeniencyResponse>(leniency.out);
  EXPECT_EQ(lenient.most_lenient_employee_id(), "Q1");
  EXPECT_EQ(lenient.strictest_employee_id(), "Q2");
}

TEST_P(CalibrationCliEndToEndTest, OutsidersNeitherSeeNorScoreTheSession) {
  const int64_t session = CreateSession();
  // A QA analyst who takes no part does not see it at all.
  EXPECT_THAT(As("Q9", {"calibration", "show", absl::StrCat(session)}).err, HasSubstr("NOT_FOUND"));
  EXPECT_THAT(Score("Q9", session, interactions_[0], 1, 5).err, HasSubstr("NOT_FOUND"));
  ProcessResult listed = JsonAs("Q9", {"calibration", "list"});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_EQ(FromJson<v1::ListCalibrationSessionsResponse>(listed.out).sessions_size(), 0);
  // A manager sees it but is no participant: may not score.
  EXPECT_EQ(As("M1", {"calibration", "show", absl::StrCat(session)}).exit_code, 0);
  EXPECT_THAT(Score("M1", session, interactions_[0], 1, 5).err, HasSubstr("PERMISSION_DENIED"));
  // Agents and trainers are refused by the access policy.
  EXPECT_THAT(As("A1", {"calibration", "scores", absl::StrCat(session)}).err,
              HasSubstr("PERMISSION_DENIED"));
  EXPECT_THAT(As("T1", {"calibration", "list"}).err, HasSubstr("PERMISSION_DENIED"));
  // An interaction outside the session, and a missing criterion, are refused with the field named.
  EXPECT_THAT(Score("Q1", session, 999999, 1, 5).err, HasSubstr("score.interaction_id"));
  const std::string partial = absl::StrCat(server_->dir().path(), "/partial.json");
  std::ofstream(partial) << R"({"answers": [{"criterionKey": "greet", "value": 1}]})";
  ProcessResult missing = As("Q1", {"calibration", "score", absl::StrCat(session),
                                    absl::StrCat(interactions_[0]), "--answers", partial});
  EXPECT_THAT(missing.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(missing.err, HasSubstr("tone"));
}

TEST_P(CalibrationCliEndToEndTest, CreateTakesRepeatedFlagsAndCommaListsAlike) {
  ProcessResult r =
      JsonAs("L1", {"calibration", "create", "--title", "Repeated", "--scorecard",
                    kCalibrationScorecard, "--interaction", absl::StrCat(interactions_[0]),
                    "--interaction", absl::StrCat(interactions_[1]), "--evaluator", "L1",
                    "--evaluator", "Q1,Q2", "--deadline", Deadline()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const v1::CalibrationSession session = FromJson<v1::CalibrationSession>(r.out);
  EXPECT_THAT(session.interaction_ids(), ElementsAre(interactions_[0], interactions_[1]));
  EXPECT_THAT(session.evaluator_employee_ids(), ElementsAre("L1", "Q1", "Q2"));
  // Flags that are not lists stay single.
  r = As("L1", {"calibration", "create", "--title", "a", "--title", "b", "--scorecard",
                kCalibrationScorecard, "--interaction", absl::StrCat(interactions_[0]),
                "--evaluator", "L1,Q1", "--deadline", Deadline()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--title given more than once"));
}

TEST_P(CalibrationCliEndToEndTest, CreateNamesTheFieldAndRuleItBreaks) {
  auto create = [&](const std::string& evaluators, const std::string& expert) {
    std::vector<std::string> args = {"calibration",   "create",
                                     "--title",       "t",
                                     "--scorecard",   kCalibrationScorecard,
                                     "--interaction", absl::StrCat(interactions_[0]),
                                     "--evaluator",   evaluators,
                                     "--deadline",    Deadline()};
    if (!expert.empty()) args.insert(args.end(), {"--expert", expert});
    return As("L1", args);
  };
  EXPECT_THAT(create("L1", "").err, HasSubstr("evaluator_employee_ids: must name 2 to 50"));
  EXPECT_THAT(create("L1,Q1", "Q1").err, HasSubstr("expert_employee_id"));
  EXPECT_THAT(create("L1,A1", "").err,
              HasSubstr("evaluator_employee_ids[1]: 'A1' is a ROLE_AGENT"));
  EXPECT_THAT(create("L1,NOBODY", "").err, HasSubstr("not in the people directory"));
  ProcessResult past =
      As("L1", {"calibration", "create", "--title", "t", "--scorecard", kCalibrationScorecard,
                "--interaction", absl::StrCat(interactions_[0]), "--evaluator", "L1,Q1",
                "--deadline", "2020-01-01T00:00:00Z"});
  EXPECT_THAT(past.err, HasSubstr("--deadline: must be in the future"));
  ProcessResult unknown =
      As("L1", {"calibration", "create", "--title", "t", "--scorecard", "nope", "--interaction",
                absl::StrCat(interactions_[0]), "--evaluator", "L1,Q1", "--deadline", Deadline()});
  EXPECT_THAT(unknown.err, HasSubstr("scorecard_id"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CalibrationCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
