// `escala report kpis`, `report qa` and `report recompute` against the real escala-server, on
// each backend: interactions of a team's week and a submitted evaluation, then the figures the
// CLI prints are the ones computed by hand; an agent cannot read the team; the recompute finds
// the summaries in agreement with the facts.

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "escala/v1/reports.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Monday 2023-11-13 00:00 UTC.
constexpr int64_t kMonday = 1'699'833'600'000;

class ReportCliEndToEndTest : public QaCliTest {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StartQaServer({{"Q1", v1::ROLE_QA_ANALYST},
                   {"A1", v1::ROLE_AGENT},
                   {"A2", v1::ROLE_AGENT},
                   {"L1", v1::ROLE_TEAM_LEAD}});
  }

  void Create(v1::Interaction interaction) {
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = std::move(interaction);
    v1::Interaction created;
    grpc::Status status =
        NewStub<v1::InteractionService>(channel_)->CreateInteraction(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static v1::Interaction Contact(const std::string& agent, const std::string& source_id,
                                 v1::Channel channel, int64_t start_ms) {
    v1::Interaction i = NewInteraction("pbx", source_id, agent);
    i.set_channel(channel);
    i.set_direction(v1::DIRECTION_INBOUND);
    *i.mutable_start_time() = db::MillisToTimestamp(start_ms);
    i.clear_answer_time();
    i.clear_end_time();
    i.clear_resolve_time();
    i.clear_first_response_time();
    i.clear_talk_duration();
    i.clear_hold_duration();
    i.clear_after_contact_duration();
    i.clear_csat();
    i.clear_nps();
    i.clear_ces();
    i.set_first_contact_resolution(false);
    i.set_escalated(false);
    i.set_escalated_to_level(0);
    return i;
  }

  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }
};

TEST_P(ReportCliEndToEndTest, ATeamWeekPrintsTheFiguresComputedByHand) {
  // A1, Tuesday: a call answered, resolved 600 s after it started on first contact, CSAT 5.
  v1::Interaction call = Contact("A1", "c-1", v1::CHANNEL_PHONE, kMonday + 86'400'000);
  *call.mutable_answer_time() = db::MillisToTimestamp(kMonday + 86'410'000);
  *call.mutable_end_time() = db::MillisToTimestamp(kMonday + 86'500'000);
  *call.mutable_resolve_time() = db::MillisToTimestamp(kMonday + 87'000'000);
  call.mutable_talk_duration()->set_seconds(60);
  call.set_first_contact_resolution(true);
  call.set_csat(5);
  Create(call);
  // A2, Wednesday: an e-mail resolved after 1,200 s, escalated, CSAT 2.
  v1::Interaction email = Contact("A2", "m-1", v1::CHANNEL_EMAIL, kMonday + 2 * 86'400'000);
  *email.mutable_resolve_time() = db::MillisToTimestamp(kMonday + 2 * 86'400'000 + 1'200'000);
  email.set_escalated(true);
  email.set_escalated_to_level(2);
  email.set_csat(2);
  Create(email);
  // A1, Thursday: a call nobody answered.
  Create(Contact("A1", "c-2", v1::CHANNEL_PHONE, kMonday + 3 * 86'400'000));
  // The next Monday: outside the week.
  Create(Contact("A2", "c-3", v1::CHANNEL_PHONE, kMonday + 7 * 86'400'000));
  if (HasFatalFailure()) return;

  ProcessResult r =
      As("L1", {"--output", "csv", "report", "kpis", "--team", "t1", "--period", "week", "--from",
                "2023-11-13", "--to", "2023-11-20", "--preset", "l1"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("FROM,CONTACTS,METRIC,VALUE,N,LOW\n"));
  // Resolution time (600 + 1,200) / 2; FCR 1 of 2 resolved; CSAT 1 of 2 answers 4–5, mean 3.5.
  EXPECT_THAT(r.out, HasSubstr("2023-11-13,3,resolution-time,900.0 s,2,*\n"));
  EXPECT_THAT(r.out, HasSubstr("2023-11-13,3,fcr,50.0%,2,*\n"));
  EXPECT_THAT(r.out, HasSubstr("2023-11-13,3,csat,50.0%,2,*\n"));
  EXPECT_THAT(r.out, HasSubstr("2023-11-13,3,csat-mean,3.50,2,*\n"));

  // The same week as a chart: the shares of contacts drawn, the resolution time left out.
  const std::string chart = std::string(::testing::TempDir()) + "/kpis-" + GetParam() + ".svg";
  ExpectOk(As("L1", {"report", "kpis", "--team", "t1", "--period", "week", "--from", "2023-11-13",
                     "--to", "2023-11-20", "--preset", "l1", "--chart", chart}));
  std::ifstream chart_file(chart);
  const std::string svg((std::istreambuf_iterator<char>(chart_file)),
                        std::istreambuf_iterator<char>());
  EXPECT_THAT(svg, HasSubstr("KPIs: shares of contacts"));
  EXPECT_THAT(svg, HasSubstr("fcr"));
  EXPECT_THAT(svg, HasSubstr("csat"));
  EXPECT_THAT(svg, Not(HasSubstr("resolution-time")));

  // Every metric, the department and one agent, as JSON.
  r = JsonAs("L1", {"report", "kpis", "--agent", "A1", "--period", "range", "--from", "2023-11-13",
                    "--to", "2023-11-20"});
  ExpectOk(r);
  const auto agent = FromJson<v1::KpiReport>(r.out);
  ASSERT_EQ(agent.buckets_size(), 1);
  EXPECT_EQ(agent.buckets(0).contacts(), 2);
  for (const v1::KpiValue& value : agent.buckets(0).values()) {
    if (value.metric() == v1::KPI_METRIC_ABANDON_RATE) {
      EXPECT_DOUBLE_EQ(value.value(), 50);  // one of two inbound calls
      EXPECT_EQ(value.n(), 2);
    }
    if (value.metric() == v1::KPI_METRIC_AHT) {
      EXPECT_DOUBLE_EQ(value.value(), 60);
    }
  }
  r = As("L1", {"report", "kpis", "--department", "--period", "week", "--from", "2023-11-13",
                "--to", "2023-11-20"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  r = server_->Cli({"--output", "csv", "report", "kpis", "--department", "--period", "day",
                    "--from", "2023-11-13", "--to", "2023-11-21", "--preset", "manager"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("2023-11-20,1,resolution-rate,0.0%,1,*\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("Trend")));
  // The table ends with a trend line per metric across the days.
  r = server_->Cli({"report", "kpis", "--department", "--period", "day", "--from", "2023-11-13",
                    "--to", "2023-11-21", "--preset", "manager"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("Trend over 8 buckets (lowest … highest):\n"));
  EXPECT_THAT(r.out, HasSubstr("resolution-rate  "));
  EXPECT_THAT(r.out, HasSubstr("0.0% … 100.0%\n"));
  // The team lead's preset brings the team's training coverage.
  r = As("L1", {"report", "kpis", "--team", "t1", "--period", "week", "--from", "2023-11-13",
                "--to", "2023-11-20", "--preset", "team-lead"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("Training coverage on 2023-11-19 of "));
  EXPECT_THAT(r.out, HasSubstr("required courses of the learning paths"));
  r = As("L1", {"--output", "csv", "report", "training", "--team", "t1", "--as-of", "2023-11-19"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("REQUIREMENT,DONE,N,RATE,LOW,MISSING\n"));
  r = As("A1", {"report", "training", "--team", "t1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));

  // An agent reads their own figures and nobody else's.
  ExpectOk(As("A1", {"report", "kpis", "--agent", "A1", "--period", "week"}));
  r = As("A1", {"report", "kpis", "--team", "t1", "--period", "week"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("NOT_FOUND"));
  r = As("A1", {"report", "kpis", "--period", "week"});
  EXPECT_EQ(r.exit_code, 2);

  r = server_->Cli({"report", "recompute", "--from", "2023-11-01", "--to", "2023-12-01"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("0 differences"));
}

TEST_P(ReportCliEndToEndTest, ASubmittedEvaluationShowsInTheQaReport) {
  absl::StatusOr<int64_t> interaction =
      AddInteraction(channel_, server_->admin_token(), "A1", "e-1");
  ASSERT_TRUE(interaction.ok()) << interaction.status();
  const std::string answers = absl::StrCat(server_->dir().path(), "/answers.json");
  // greet yes, tone 1 of 1–5: score 100 × (1 + 0) / 2 = 50.
  std::ofstream(answers) << CalibrationAnswersJson(1, 1);
  ExpectOk(As("Q1", {"evaluations", "submit", absl::StrCat(*interaction), "--scorecard",
                     kCalibrationScorecard, "--answers", answers}));
  ProcessResult r =
      As("L1", {"--output", "csv", "report", "qa", "--team", "t1", "--period", "range"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("FROM,N,MEAN,CI 95%,U/B/G/E/A,CRITICAL,LOW\n"));
  EXPECT_THAT(r.out, HasSubstr(",1,50.0,-,"));
  r = JsonAs("A1", {"report", "qa", "--agent", "A1", "--period", "range"});
  ExpectOk(r);
  const auto mine = FromJson<v1::QaReport>(r.out);
  ASSERT_EQ(mine.buckets_size(), 1);
  EXPECT_EQ(mine.buckets(0).evaluations(), 1);
  EXPECT_DOUBLE_EQ(mine.buckets(0).mean_score(), 50);
  // Tone answered 1, the lowest of 1–5, failed; the greeting did not.
  ASSERT_EQ(mine.criteria_size(), 2);
  EXPECT_EQ(mine.criteria(0).criterion_key(), "tone");
  EXPECT_EQ(mine.criteria(0).scored(), 1);
  EXPECT_EQ(mine.criteria(0).failed(), 1);
  EXPECT_DOUBLE_EQ(mine.criteria(0).failure_rate(), 100);
  EXPECT_EQ(mine.criteria(1).failed(), 0);
  r = As("L1",
         {"--output", "csv", "report", "qa", "--team", "t1", "--period", "range", "--criteria"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("SCORECARD,CRITERION,TITLE,SCORED,FAILED,RATE,LOW\n"));
  EXPECT_THAT(r.out, HasSubstr(",tone,"));
  EXPECT_THAT(r.out, HasSubstr(",1,1,100.0%,*\n"));
  EXPECT_THAT(r.out, Not(HasSubstr("MEAN")));
  const std::string chart = std::string(::testing::TempDir()) + "/qa-" + GetParam() + ".svg";
  r = As("L1", {"report", "qa", "--team", "t1", "--period", "range", "--chart", chart});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("Failures per criterion over the whole range"));
  std::ifstream chart_file(chart);
  const std::string svg((std::istreambuf_iterator<char>(chart_file)),
                        std::istreambuf_iterator<char>());
  EXPECT_THAT(svg, HasSubstr("Failure rate per criterion"));
  EXPECT_THAT(svg, HasSubstr("data-category=\"tone\" data-value=\"100\""));
  r = server_->Cli({"report", "recompute"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("0 differences"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
