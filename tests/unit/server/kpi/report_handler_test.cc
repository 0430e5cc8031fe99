// ReportService's logic on a stub of the summary reads: buckets, the KPIs and QA figures computed
// from hand-made counters, the reach of agents and team leads, and the refused requests.
#include "server/kpi/report_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "db/common/proto_time.h"
#include "db/summaries/kpi_summary_delta.h"
#include "db/summaries/qa_summary_delta.h"
#include "server/kpi/kpi_metrics.h"
#include "server/kpi/qa_report_maths.h"
#include "server/kpi/report_buckets.h"
#include "tests/testing/fakes/fake_certification_repository.h"
#include "tests/testing/fakes/fake_completion_repository.h"
#include "tests/testing/fakes/fake_learning_path_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/status_matchers.h"

namespace escala::server {
namespace {

using ::escala::testing::FakeCertificationRepository;
using ::escala::testing::FakeCompletionRepository;
using ::escala::testing::FakeLearningPathRepository;
using ::escala::testing::FakePeopleRepository;
using ::escala::testing::FakeScorecardRepository;
using ::escala::testing::FakeTeamRepository;
using ::escala::testing::IsOk;
using ::escala::testing::StatusIs;
using ::testing::AllOf;
using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// 2023-11-13, a Monday: day 19674.
constexpr int kMonday = 19674;

// Day rows per (scope, scope_id), and what Recompute was asked.
class StubReports : public db::ReportRepository {
 public:
  std::map<std::pair<std::string, std::string>, db::CountersByDay> kpi, qa;
  std::map<std::pair<std::string, std::string>, std::vector<db::CriterionCounts>> criteria;
  int recompute_from = 0, recompute_to = 0;
  bool recompute_fix = false;

  absl::StatusOr<db::CountersByDay> KpiByDay(const std::string& scope, const std::string& id,
                                             int from, int to) override {
    return Slice(kpi[{scope, id}], from, to);
  }
  absl::StatusOr<db::CountersByDay> QaByDay(const std::string& scope, const std::string& id,
                                            const std::string&, int from, int to) override {
    return Slice(qa[{scope, id}], from, to);
  }
  absl::StatusOr<std::vector<db::CriterionCounts>> QaByCriterion(const std::string& scope,
                                                                 const std::string& id,
                                                                 const std::string&, int,
                                                                 int) override {
    return criteria[{scope, id}];
  }
  absl::StatusOr<std::map<std::string, std::vector<int64_t>>> KpiByAgent(
      const std::vector<std::string>&, int, int, const std::vector<std::size_t>&) override {
    return std::map<std::string, std::vector<int64_t>>{};
  }
  absl::StatusOr<std::map<std::string, db::AgentQaTotals>> QaByAgent(
      const std::vector<std::string>&, const std::vector<std::string>&, int, int) override {
    return std::map<std::string, db::AgentQaTotals>{};
  }
  absl::StatusOr<db::RecomputeResult> Recompute(int from, int to, bool fix, const db::AuditStamp&,
                                                absl::Time) override {
    recompute_from = from;
    recompute_to = to;
    recompute_fix = fix;
    db::RecomputeResult result;
    result.differences.push_back(db::SummaryDifference{
        "kpi_summaries", db::SummaryKey{"agent", "A1", kMonday, 0, ""}, "contacts", 7, 1});
    result.fixed = fix;
    return result;
  }

 private:
  static db::CountersByDay Slice(const db::CountersByDay& all, int from, int to) {
    db::CountersByDay out;
    for (const auto& [day, c] : all)
      if (day >= from && day < to) out[day] = c;
    return out;
  }
};

std::vector<int64_t> Kpi(std::initializer_list<std::pair<db::KpiCounter, int64_t>> values) {
  std::vector<int64_t> c(db::kKpiCounterCount, 0);
  for (const auto& [k, v] : values) c[k] = v;
  return c;
}

CallContext Call(const std::string& employee_id, const std::string& team, Scope scope) {
  CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.team_id = team;
  call.scope = scope;
  return call;
}

v1::GetKpiReportRequest WeekRequest(v1::ReportScope scope, const std::string& id) {
  v1::GetKpiReportRequest request;
  request.set_scope(scope);
  request.set_scope_id(id);
  request.set_period(v1::REPORT_PERIOD_WEEK);
  *request.mutable_start_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday));
  *request.mutable_end_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday + 14));
  return request;
}

class ReportHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& [id, team] :
         std::vector<std::pair<std::string, std::string>>{{"A1", "t1"}, {"B1", "t2"}}) {
      v1::Person person;
      person.set_employee_id(id);
      person.set_team_id(team);
      person.set_active(true);
      people_.Add(person);
      v1::Team t;
      t.set_team_id(team);
      teams_.Add(t);
    }
    // Week 1: two days of team t1; week 2: one day.
    reports_.kpi[{"team", "t1"}][kMonday] = Kpi({{db::kKpiContacts, 10},
                                                 {db::kKpiHandled, 8},
                                                 {db::kKpiResolved, 6},
                                                 {db::kKpiFcr, 3},
                                                 {db::kKpiEscalated, 2},
                                                 {db::kKpiCsatN, 4},
                                                 {db::kKpiCsatSum, 17},
                                                 {db::kKpiCsatTop2, 3},
                                                 {db::kKpiResolutionN, 6},
                                                 {db::kKpiResolutionMs, 3'600'000}});
    reports_.kpi[{"team", "t1"}][kMonday + 6] = Kpi({{db::kKpiContacts, 2},
                                                     {db::kKpiHandled, 2},
                                                     {db::kKpiResolved, 2},
                                                     {db::kKpiFcr, 2},
                                                     {db::kKpiResolutionN, 2},
                                                     {db::kKpiResolutionMs, 600'000}});
    reports_.kpi[{"team", "t1"}][kMonday + 7] = Kpi({{db::kKpiContacts, 1}});
  }

  FakePeopleRepository people_;
  FakeTeamRepository teams_;
  FakeScorecardRepository scorecards_;
  FakeLearningPathRepository paths_;
  FakeCertificationRepository certifications_;
  FakeCompletionRepository completions_;
  StubReports reports_;
  ReportHandler handler_{ReportHandler::Sources{reports_, people_, teams_, scorecards_, paths_,
                                                certifications_, completions_},
                         [] { return absl::FromUnixSeconds(1'700'000'000); }};
};

TEST_F(ReportHandlerTest, ATeamWeekIsComputedFromTheSumsOfItsDays) {
  v1::GetKpiReportRequest request = WeekRequest(v1::REPORT_SCOPE_TEAM, "t1");
  request.set_preset(v1::KPI_PRESET_L1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::KpiReport report,
                              handler_.GetKpiReport(Call("L1", "t1", Scope::kTeam), request));
  ASSERT_EQ(report.buckets_size(), 2);
  const v1::KpiBucket& week = report.buckets(0);
  EXPECT_EQ(week.contacts(), 12);
  EXPECT_EQ(week.start_time().seconds(), db::UtcDayStartMs(kMonday) / 1000);
  EXPECT_EQ(week.end_time().seconds(), db::UtcDayStartMs(kMonday + 7) / 1000);
  ASSERT_EQ(week.values_size(), 4);
  // Resolution time: (3,600 s + 600 s) / 8 resolved = 525 s.
  EXPECT_EQ(week.values(0).metric(), v1::KPI_METRIC_RESOLUTION_TIME);
  EXPECT_DOUBLE_EQ(week.values(0).value(), 525);
  EXPECT_EQ(week.values(0).n(), 8);
  EXPECT_TRUE(week.values(0).low_sample());
  // FCR: 5 of 8 resolved.
  EXPECT_DOUBLE_EQ(week.values(1).value(), 62.5);
  EXPECT_EQ(week.values(1).n(), 8);
  // CSAT: 3 of 4 answers were 4–5; mean 17 / 4.
  EXPECT_DOUBLE_EQ(week.values(2).value(), 75);
  EXPECT_DOUBLE_EQ(week.values(3).value(), 4.25);
  // Week 2: one contact, nothing resolved or rated: no values, n 0.
  EXPECT_EQ(report.buckets(1).contacts(), 1);
  EXPECT_FALSE(report.buckets(1).values(0).has_value());
  EXPECT_EQ(report.buckets(1).values(0).n(), 0);
}

TEST_F(ReportHandlerTest, RatiosFollowTheirDefinitions) {
  const std::vector<int64_t> c = Kpi({{db::kKpiContacts, 100},
                                      {db::kKpiHandled, 90},
                                      {db::kKpiOffered, 40},
                                      {db::kKpiAbandoned, 10},
                                      {db::kKpiResolved, 80},
                                      {db::kKpiResolvedUnescalated, 72},
                                      {db::kKpiEscalated, 9},
                                      {db::kKpiHandleN, 50},
                                      {db::kKpiHandleMs, 15'000'000},
                                      {db::kKpiFirstResponseN, 20},
                                      {db::kKpiFirstResponseMs, 36'000'000},
                                      {db::kKpiNpsN, 40},
                                      {db::kKpiNpsPromoters, 20},
                                      {db::kKpiNpsDetractors, 6},
                                      {db::kKpiCesN, 10},
                                      {db::kKpiCesSum, 31}});
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_AHT, c).value(), 300);  // 15,000 s / 50
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_FIRST_RESPONSE_TIME, c).value(), 1800);
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_NPS, c).value(), 35);  // (20 − 6) / 40
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_CES, c).value(), 3.1);
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_ESCALATION_RATE, c).value(), 10);  // 9 / 90
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_ABANDON_RATE, c).value(), 25);     // 10 / 40
  EXPECT_EQ(ComputeKpi(v1::KPI_METRIC_ABANDON_RATE, c).n(), 40);
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_TECHNICAL_RESOLUTION_RATE, c).value(), 80);
  EXPECT_DOUBLE_EQ(ComputeKpi(v1::KPI_METRIC_RESOLUTION_RATE, c).value(), 80);
  EXPECT_FALSE(ComputeKpi(v1::KPI_METRIC_RESOLUTION_RATE, c).low_sample());
  EXPECT_TRUE(ComputeKpi(v1::KPI_METRIC_CES, c).low_sample());
}

TEST_F(ReportHandlerTest, PresetsNameTheKpisOfARole) {
  EXPECT_THAT(
      PresetMetrics(v1::KPI_PRESET_L2),
      ElementsAre(v1::KPI_METRIC_ESCALATION_RATE, v1::KPI_METRIC_TECHNICAL_RESOLUTION_RATE));
  EXPECT_THAT(PresetMetrics(v1::KPI_PRESET_MANAGER),
              ElementsAre(v1::KPI_METRIC_NPS, v1::KPI_METRIC_RESOLUTION_RATE));
  EXPECT_EQ(PresetMetrics(v1::KPI_PRESET_UNSPECIFIED).size(), 12u);
}

TEST(CutIntoBuckets, WeeksStartOnMondayAndMonthsOnTheFirst) {
  // Wednesday 2023-11-15 to Tuesday 2023-11-28 (exclusive): a partial week, a week, a partial.
  std::vector<DayRange> weeks =
      CutIntoBuckets(DayRange{kMonday + 2, kMonday + 15}, v1::REPORT_PERIOD_WEEK);
  ASSERT_EQ(weeks.size(), 3u);
  EXPECT_EQ(weeks[0].from_day, kMonday + 2);
  EXPECT_EQ(weeks[0].to_day, kMonday + 7);
  EXPECT_EQ(weeks[1].to_day, kMonday + 14);
  EXPECT_EQ(weeks[2].to_day, kMonday + 15);
  EXPECT_EQ(DayText(kMonday), "2023-11-13");
  // 2023-11-13 → 2024-01-10: Nov (part), Dec, Jan (part).
  std::vector<DayRange> months =
      CutIntoBuckets(DayRange{kMonday, kMonday + 58}, v1::REPORT_PERIOD_MONTH);
  ASSERT_EQ(months.size(), 3u);
  EXPECT_EQ(DayText(months[1].from_day), "2023-12-01");
  EXPECT_EQ(DayText(months[2].from_day), "2024-01-01");
  EXPECT_EQ(CutIntoBuckets(DayRange{kMonday, kMonday + 3}, v1::REPORT_PERIOD_DAY).size(), 3u);
  EXPECT_EQ(CutIntoBuckets(DayRange{kMonday, kMonday + 30}, v1::REPORT_PERIOD_RANGE).size(), 1u);
}

TEST(ComputeQaBucket, MeanAndIntervalFromTheSumOfSquares) {
  // Scores 70, 80, 90: mean 80, s = 10, t(0.975, 2) = 4.3027, half width 24.84.
  std::vector<int64_t> c(db::kQaCounterCount, 0);
  c[db::kQaEvaluations] = 3;
  c[db::kQaScoreMilliSum] = 240'000;
  c[db::kQaScoreMilliSqSum] = 70'000LL * 70'000 + 80'000LL * 80'000 + 90'000LL * 90'000;
  c[db::kQaBand1 + 2] = 2;
  c[db::kQaBand1 + 3] = 1;
  c[db::kQaCriticalFailures] = 1;
  const v1::QaBucket bucket = ComputeQaBucket(c);
  EXPECT_DOUBLE_EQ(bucket.mean_score(), 80);
  EXPECT_THAT(bucket.ci_low(), DoubleNear(80 - 24.841, 0.01));
  EXPECT_THAT(bucket.ci_high(), DoubleNear(100, 1e-9));  // 104.8, clamped
  EXPECT_THAT(bucket.critical_failure_rate(), DoubleNear(100.0 / 3, 1e-9));
  ASSERT_EQ(bucket.bands_size(), 5);
  EXPECT_EQ(bucket.bands(2).evaluations(), 2);
  EXPECT_TRUE(bucket.low_sample());
  EXPECT_FALSE(ComputeQaBucket(std::vector<int64_t>(db::kQaCounterCount, 0)).has_mean_score());
}

TEST_F(ReportHandlerTest, AnAgentReadsOnlyTheirOwnFigures) {
  const CallContext agent = Call("A1", "t1", Scope::kOwn);
  EXPECT_THAT(handler_.GetKpiReport(agent, WeekRequest(v1::REPORT_SCOPE_AGENT, "A1")), IsOk());
  EXPECT_THAT(handler_.GetKpiReport(agent, WeekRequest(v1::REPORT_SCOPE_AGENT, "B1")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetKpiReport(agent, WeekRequest(v1::REPORT_SCOPE_TEAM, "t1")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetKpiReport(agent, WeekRequest(v1::REPORT_SCOPE_DEPARTMENT, "")),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ReportHandlerTest, ATeamLeadReadsTheirTeamAndItsAgents) {
  const CallContext lead = Call("L1", "t1", Scope::kTeam);
  EXPECT_THAT(handler_.GetKpiReport(lead, WeekRequest(v1::REPORT_SCOPE_TEAM, "t1")), IsOk());
  EXPECT_THAT(handler_.GetKpiReport(lead, WeekRequest(v1::REPORT_SCOPE_AGENT, "A1")), IsOk());
  EXPECT_THAT(handler_.GetKpiReport(lead, WeekRequest(v1::REPORT_SCOPE_AGENT, "B1")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetKpiReport(lead, WeekRequest(v1::REPORT_SCOPE_AGENT, "nobody")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetKpiReport(lead, WeekRequest(v1::REPORT_SCOPE_TEAM, "t2")),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(handler_.GetKpiReport(lead, WeekRequest(v1::REPORT_SCOPE_QUEUE, "billing")),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(ReportHandlerTest, CriteriaComeHighestFailureRateFirstWithTheirNewestTitle) {
  v1::Scorecard card;
  card.set_scorecard_id("contact");
  v1::Criterion* greeting = card.add_sections()->add_criteria();
  greeting->set_key("greeting");
  greeting->set_title("Greets the customer");
  scorecards_.Put(card, v1::SCORECARD_STATE_SUPERSEDED);
  greeting->set_title("Greets by name");
  scorecards_.Put(card, v1::SCORECARD_STATE_PUBLISHED);
  reports_.criteria[{"team", "t1"}] = {{"contact", "greeting", 40, 10},
                                       {"contact", "solution", 8, 4},
                                       {"contact", "tone", 4, 2},
                                       {"contact", "unused", 0, 0}};
  v1::GetQaReportRequest request;
  request.set_scope(v1::REPORT_SCOPE_TEAM);
  request.set_scope_id("t1");
  request.set_period(v1::REPORT_PERIOD_RANGE);
  *request.mutable_start_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday));
  *request.mutable_end_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday + 7));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::QaReport report,
                              handler_.GetQaReport(Call("L1", "t1", Scope::kTeam), request));
  // 4/8 and 2/4 tie at 50 %: more failures first; 10/40 = 25 % last; never scored left out.
  ASSERT_EQ(report.criteria_size(), 3);
  EXPECT_EQ(report.criteria(0).criterion_key(), "solution");
  EXPECT_EQ(report.criteria(1).criterion_key(), "tone");
  EXPECT_EQ(report.criteria(2).criterion_key(), "greeting");
  EXPECT_DOUBLE_EQ(report.criteria(0).failure_rate(), 50.0);
  EXPECT_TRUE(report.criteria(0).low_sample());
  EXPECT_EQ(report.criteria(0).title(), "");
  EXPECT_EQ(report.criteria(2).scored(), 40);
  EXPECT_EQ(report.criteria(2).failed(), 10);
  EXPECT_DOUBLE_EQ(report.criteria(2).failure_rate(), 25.0);
  EXPECT_FALSE(report.criteria(2).low_sample());
  EXPECT_EQ(report.criteria(2).title(), "Greets by name");
}

TEST_F(ReportHandlerTest, TheTeamLeadPresetBringsTheTeamsTrainingCoverage) {
  v1::GetKpiReportRequest request = WeekRequest(v1::REPORT_SCOPE_TEAM, "t1");
  request.set_preset(v1::KPI_PRESET_TEAM_LEAD);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::KpiReport report,
                              handler_.GetKpiReport(Call("L1", "t1", Scope::kTeam), request));
  ASSERT_TRUE(report.has_training());
  // A1 is t1's one active member; with no path or certification defined nobody is measured.
  EXPECT_EQ(report.training().people(), 1);
  EXPECT_EQ(report.training().path_people(), 0);
  EXPECT_FALSE(report.training().has_path_completion_rate());
  // The range ends on kMonday + 14: the as-of is its last millisecond.
  EXPECT_EQ(db::TimestampToMillis(report.training().as_of_time()),
            db::UtcDayStartMs(kMonday + 14) - 1);
  // Other presets leave it out unless asked.
  request.set_preset(v1::KPI_PRESET_L1);
  ESCALA_ASSERT_OK_AND_ASSIGN(report,
                              handler_.GetKpiReport(Call("L1", "t1", Scope::kTeam), request));
  EXPECT_FALSE(report.has_training());
  // A queue has no people.
  v1::GetKpiReportRequest queue = WeekRequest(v1::REPORT_SCOPE_QUEUE, "billing");
  queue.set_include_training(true);
  EXPECT_THAT(handler_.GetKpiReport(Call("M1", "", Scope::kAll), queue),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("include_training")));
}

TEST_F(ReportHandlerTest, RefusedRequestsNameTheirFields) {
  const CallContext admin = Call("ADM", "", Scope::kAll);
  v1::GetKpiReportRequest request;
  EXPECT_THAT(handler_.GetKpiReport(admin, request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       AllOf(HasSubstr("scope: is required"), HasSubstr("period: is required"),
                             HasSubstr("start_time: is required"))));
  request = WeekRequest(v1::REPORT_SCOPE_CHANNEL, "fax");
  EXPECT_THAT(handler_.GetKpiReport(admin, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scope_id")));
  request = WeekRequest(v1::REPORT_SCOPE_DEPARTMENT, "");
  *request.mutable_end_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday + 500));
  EXPECT_THAT(handler_.GetKpiReport(admin, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("end_time: must be at most")));
  v1::GetQaReportRequest qa;
  qa.set_scope(v1::REPORT_SCOPE_QUEUE);
  qa.set_scope_id("billing");
  qa.set_period(v1::REPORT_PERIOD_DAY);
  *qa.mutable_start_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday));
  *qa.mutable_end_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday + 1));
  EXPECT_THAT(handler_.GetQaReport(admin, qa),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scope: must be agent")));
}

TEST_F(ReportHandlerTest, AChannelIsNamedByNumberOrName) {
  reports_.kpi[{"channel", "1"}][kMonday] = Kpi({{db::kKpiContacts, 4}});
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::KpiReport report,
      handler_.GetKpiReport(Call("ADM", "", Scope::kAll),
                            WeekRequest(v1::REPORT_SCOPE_CHANNEL, "CHANNEL_PHONE")));
  EXPECT_EQ(report.scope_id(), "1");
  EXPECT_EQ(report.buckets(0).contacts(), 4);
}

TEST_F(ReportHandlerTest, ARecomputeCoversTheWholeDaysOfItsRange) {
  v1::RecomputeReportSummariesRequest request;
  // 12:00 on Monday to 00:00:01 on Wednesday: Monday, Tuesday and Wednesday.
  *request.mutable_start_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday) + 43'200'000);
  *request.mutable_end_time() = db::MillisToTimestamp(db::UtcDayStartMs(kMonday + 2) + 1000);
  request.set_fix(true);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::RecomputeReportSummariesResponse response,
      handler_.RecomputeReportSummaries(Call("ADM", "", Scope::kAll), request));
  EXPECT_EQ(reports_.recompute_from, kMonday);
  EXPECT_EQ(reports_.recompute_to, kMonday + 3);
  EXPECT_TRUE(reports_.recompute_fix);
  ASSERT_EQ(response.differences_size(), 1);
  EXPECT_EQ(response.differences(0).day(), "2023-11-13");
  EXPECT_EQ(response.differences(0).column(), "contacts");
  EXPECT_EQ(response.differences(0).stored(), 7);
  EXPECT_EQ(response.differences(0).recomputed(), 1);
  EXPECT_TRUE(response.fixed());
}

}  // namespace
}  // namespace escala::server
