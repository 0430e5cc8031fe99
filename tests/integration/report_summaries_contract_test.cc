// The report summaries (kpi_summaries, qa_summaries, qa_criterion_summaries) kept in the
// transactions of interaction and evaluation writes, read through SociReportRepository and rebuilt
// by its Recompute, on SQLite and MariaDB: hand-computed counters after creates, updates, imports,
// submits and dispute resolutions; rollbacks leave no delta; concurrent writers leave summaries a
// recompute agrees with; a planted wrong row is reported and fixed.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "db/common/proto_time.h"
#include "db/core/transaction.h"
#include "db/kpi/soci_report_repository.h"
#include "db/summaries/kpi_summary_delta.h"
#include "db/summaries/qa_criterion_delta.h"
#include "db/summaries/qa_summary_delta.h"
#include "db/summaries/summary_rows.h"
#include "db/summary_store/soci_summary_store.h"
#include "tests/integration/qa_backend.h"
#include "tests/integration/records.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr int64_t kSummaryDayMs = 86'400'000;
// 2023-11-14 00:00 UTC: a day boundary, so that offsets below a day stay on that day.
constexpr int64_t kSummaryBase = 1'699'920'000'000;
const int kSummaryDay = db::UtcDayOf(kSummaryBase);

google::protobuf::Timestamp At(int64_t ms) { return db::MillisToTimestamp(ms); }
google::protobuf::Duration Seconds(int64_t s) {
  google::protobuf::Duration d;
  d.set_seconds(s);
  return d;
}

// Answered phone call: 60 s talk, 30 s hold, 30 s after-contact; resolved 10 min after start on
// first contact; CSAT 5, NPS 10, CES 2.
v1::Interaction AnsweredCall(const std::string& agent, int64_t start_ms) {
  v1::Interaction i = MakeInteraction(agent, start_ms);
  i.set_channel(v1::CHANNEL_PHONE);
  i.set_direction(v1::DIRECTION_INBOUND);
  i.set_queue("billing-q");
  *i.mutable_answer_time() = At(start_ms + 5'000);
  *i.mutable_end_time() = At(start_ms + 95'000);
  *i.mutable_resolve_time() = At(start_ms + 600'000);
  *i.mutable_talk_duration() = Seconds(60);
  *i.mutable_hold_duration() = Seconds(30);
  *i.mutable_after_contact_duration() = Seconds(30);
  i.set_first_contact_resolution(true);
  i.set_csat(5);
  i.set_nps(10);
  i.set_ces(2);
  return i;
}

// Inbound phone call nobody answered.
v1::Interaction AbandonedCall(const std::string& agent, int64_t start_ms) {
  v1::Interaction i = MakeInteraction(agent, start_ms);
  i.set_channel(v1::CHANNEL_PHONE);
  i.set_direction(v1::DIRECTION_INBOUND);
  i.set_queue("billing-q");
  i.clear_answer_time();
  return i;
}

// E-mail answered after an hour, resolved after two, escalated; CSAT 3, NPS 5.
v1::Interaction EscalatedEmail(const std::string& agent, int64_t start_ms) {
  v1::Interaction i = MakeInteraction(agent, start_ms);
  i.set_channel(v1::CHANNEL_EMAIL);
  i.set_direction(v1::DIRECTION_INBOUND);
  i.set_queue("");
  *i.mutable_first_response_time() = At(start_ms + 3'600'000);
  *i.mutable_resolve_time() = At(start_ms + 7'200'000);
  i.set_escalated(true);
  i.set_escalated_to_level(2);
  i.set_first_contact_resolution(false);
  i.set_csat(3);
  i.set_nps(5);
  return i;
}

// The three interactions above, counted by hand (kpi_summaries column order).
std::vector<int64_t> ThreeContacts() {
  std::vector<int64_t> c(db::kKpiCounterCount, 0);
  c[db::kKpiContacts] = 3;
  c[db::kKpiHandled] = 2;
  c[db::kKpiOffered] = 2;
  c[db::kKpiAbandoned] = 1;
  c[db::kKpiResolved] = 2;
  c[db::kKpiFcr] = 1;
  c[db::kKpiResolvedUnescalated] = 1;
  c[db::kKpiEscalated] = 1;
  c[db::kKpiHandleN] = 1;
  c[db::kKpiHandleMs] = 120'000;
  c[db::kKpiFirstResponseN] = 1;
  c[db::kKpiFirstResponseMs] = 3'600'000;
  c[db::kKpiResolutionN] = 2;
  c[db::kKpiResolutionMs] = 600'000 + 7'200'000;
  c[db::kKpiCsatN] = 2;
  c[db::kKpiCsatSum] = 8;
  c[db::kKpiCsatTop2] = 1;
  c[db::kKpiNpsN] = 2;
  c[db::kKpiNpsPromoters] = 1;
  c[db::kKpiNpsDetractors] = 1;
  c[db::kKpiCesN] = 1;
  c[db::kKpiCesSum] = 2;
  return c;
}

const db::AdmitOwner kAdmitAll = [](const db::InteractionOwner&) { return absl::OkStatus(); };

class ReportSummariesContract : public DatabaseTest {
 protected:
  TestDatabaseOptions Options() const override {
    TestDatabaseOptions options;
    options.pool_size = 8;
    return options;
  }

  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    backend_ = QaBackend::Sql(database().pool());
    reports_ = std::make_unique<db::SociReportRepository>(database().pool());
    for (const char* team : {"billing", "tech"}) {
      ASSERT_THAT(backend_->teams->Create(MakeTeam(team, team), TestStamp(), TestNow()), IsOk());
    }
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "billing"}, {"A2", "billing"}, {"B1", "tech"}, {"X", ""}, {"Q1", "tech"}}) {
      ASSERT_THAT(backend_->people->Create(MakePerson(id, team), TestStamp(), TestNow()), IsOk());
    }
    absl::StatusOr<v1::Scorecard> card =
        backend_->scorecards->Create(GreetingSolutionCard("contact"), TestStamp(), TestNow());
    ASSERT_THAT(card, IsOk());
    ASSERT_THAT(
        backend_->scorecards->Publish("contact", std::stoll(card->etag()), TestStamp(), TestNow(1)),
        IsOk());
  }

  db::InteractionRepository& interactions() { return *backend_->interactions; }
  db::EvaluationRepository& evaluations() { return *backend_->evaluations; }
  db::ReportRepository& reports() { return *reports_; }

  // The KPI counters of one scope on day kSummaryDay + offset (all zero when there is no row).
  std::vector<int64_t> Kpi(const std::string& scope, const std::string& id, int offset = 0) {
    absl::StatusOr<db::CountersByDay> rows =
        reports().KpiByDay(scope, id, kSummaryDay + offset, kSummaryDay + offset + 1);
    EXPECT_THAT(rows, IsOk());
    if (!rows.ok() || rows->empty()) return std::vector<int64_t>(db::kKpiCounterCount, 0);
    return rows->begin()->second;
  }
  std::vector<int64_t> Qa(const std::string& scope, const std::string& id, int offset = 0) {
    absl::StatusOr<db::CountersByDay> rows =
        reports().QaByDay(scope, id, "contact", kSummaryDay + offset, kSummaryDay + offset + 1);
    EXPECT_THAT(rows, IsOk());
    if (!rows.ok() || rows->empty()) return std::vector<int64_t>(db::kQaCounterCount, 0);
    return rows->begin()->second;
  }

  // Named, because a bare std::pair<int64_t, int64_t> splits into two arguments of EXPECT_EQ.
  using ScoredFailed = std::pair<int64_t, int64_t>;

  // (scored, failed) of one criterion of "contact" for one scope on day kSummaryDay + offset.
  ScoredFailed Criterion(const std::string& scope, const std::string& id, const std::string& key,
                         int offset = 0) {
    absl::StatusOr<std::vector<db::CriterionCounts>> rows = reports().QaByCriterion(
        scope, id, "contact", kSummaryDay + offset, kSummaryDay + offset + 1);
    EXPECT_THAT(rows, IsOk());
    if (!rows.ok()) return {0, 0};
    for (const db::CriterionCounts& c : *rows) {
      if (c.scorecard_id == "contact" && c.criterion_key == key) return {c.scored, c.failed};
    }
    return {0, 0};
  }

  // Differences a dry recompute of a wide range finds.
  std::vector<db::SummaryDifference> Differences() {
    absl::StatusOr<db::RecomputeResult> result =
        reports().Recompute(kSummaryDay - 30, kSummaryDay + 30, false, TestStamp(), TestNow());
    EXPECT_THAT(result, IsOk());
    return result.ok() ? result->differences : std::vector<db::SummaryDifference>{};
  }

  v1::Evaluation Submitted(int64_t interaction_id, const std::string& evaluator, double score,
                           v1::QualityBand band, int64_t submit_ms) {
    v1::Evaluation e;
    e.set_interaction_id(interaction_id);
    e.set_evaluator_employee_id(evaluator);
    e.set_scorecard_id("contact");
    e.set_scorecard_version(1);
    e.set_state(v1::EVALUATION_STATE_SUBMITTED);
    e.set_score(score);
    e.set_band(band);
    *e.mutable_submit_time() = At(submit_ms);
    return e;
  }

  std::unique_ptr<QaBackend> backend_;
  std::unique_ptr<db::SociReportRepository> reports_;
};

std::string Describe(const std::vector<db::SummaryDifference>& differences) {
  std::string text;
  for (const db::SummaryDifference& d : differences) {
    absl::StrAppend(&text, d.table, " ", d.key.scope, "/", d.key.scope_id, "/", d.key.day, "#",
                    d.key.shard, "/", d.key.scorecard_id, "/", d.key.criterion_key, " ", d.column,
                    ": ", d.stored, " vs ", d.recomputed, "\n");
  }
  return text;
}

TEST_P(ReportSummariesContract, CreatesCountInEveryScopeOfTheirDay) {
  ASSERT_THAT(
      interactions().Create(AnsweredCall("A1", kSummaryBase + 1000), "", TestStamp(), TestNow()),
      IsOk());
  ASSERT_THAT(
      interactions().Create(AbandonedCall("A1", kSummaryBase + 2000), "", TestStamp(), TestNow()),
      IsOk());
  ASSERT_THAT(
      interactions().Create(EscalatedEmail("A1", kSummaryBase + 3000), "", TestStamp(), TestNow()),
      IsOk());
  EXPECT_EQ(Kpi("agent", "A1"), ThreeContacts());
  EXPECT_EQ(Kpi("team", "billing"), ThreeContacts());
  EXPECT_EQ(Kpi("department", ""), ThreeContacts());
  EXPECT_EQ(Kpi("team", "tech")[db::kKpiContacts], 0);
  EXPECT_EQ(Kpi("agent", "A1", 1)[db::kKpiContacts], 0);
  EXPECT_EQ(Kpi("channel", "1")[db::kKpiContacts], 2);
  EXPECT_EQ(Kpi("channel", "2")[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("queue", "billing-q")[db::kKpiAbandoned], 1);
  EXPECT_EQ(Kpi("queue", "billing-q")[db::kKpiContacts], 2);
  EXPECT_THAT(Differences(), IsEmpty());
}

// Creates written together (one transaction on MariaDB) count exactly as written alone; the one
// refused counts nowhere, and neither does a batch undone by a taken key.
TEST_P(ReportSummariesContract, CreatesOfOneBatchCountAsIfWrittenAlone) {
  v1::Interaction keyed = AnsweredCall("B1", kSummaryBase + 4000);
  keyed.set_source_system("crm");
  keyed.set_source_id("k-1");
  std::vector<absl::StatusOr<v1::Interaction>> results = interactions().CreateMany({
      {AnsweredCall("A1", kSummaryBase + 1000), "", TestStamp(), TestNow()},
      {AbandonedCall("nobody", kSummaryBase + 1500), "", TestStamp(), TestNow()},
      {AbandonedCall("A1", kSummaryBase + 2000), "", TestStamp(), TestNow()},
      {EscalatedEmail("A1", kSummaryBase + 3000), "", TestStamp(), TestNow()},
      {keyed, "", TestStamp(), TestNow()},
  });
  ASSERT_EQ(results.size(), 5u);
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(Kpi("agent", "A1"), ThreeContacts());
  EXPECT_EQ(Kpi("team", "billing"), ThreeContacts());
  EXPECT_EQ(Kpi("team", "tech")[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("department", "")[db::kKpiContacts], 4);
  // A batch with a taken key falls back to one by one: only its other record counts.
  std::vector<absl::StatusOr<v1::Interaction>> again = interactions().CreateMany({
      {AnsweredCall("X", kSummaryBase + 5000), "", TestStamp(), TestNow()},
      {keyed, "", TestStamp(), TestNow()},
  });
  ASSERT_EQ(again.size(), 2u);
  EXPECT_THAT(again[0], IsOk());
  EXPECT_THAT(again[1], StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Kpi("department", "")[db::kKpiContacts], 5);
  EXPECT_EQ(Kpi("team", "tech")[db::kKpiContacts], 1);
  EXPECT_THAT(Differences(), IsEmpty()) << Describe(Differences());
}

TEST_P(ReportSummariesContract, AnAgentWithoutATeamCountsForNoTeam) {
  ASSERT_THAT(interactions().Create(AnsweredCall("X", kSummaryBase), "", TestStamp(), TestNow()),
              IsOk());
  EXPECT_EQ(Kpi("agent", "X")[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("department", "")[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("team", "")[db::kKpiContacts], 0);
  EXPECT_THAT(Differences(), IsEmpty());
}

TEST_P(ReportSummariesContract, AnUpdateMovesItsContributionToAnotherDayAndAgent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(AnsweredCall("A1", kSummaryBase + 1000), "", TestStamp(), TestNow()));
  v1::Interaction moved = created;
  moved.set_agent_employee_id("B1");
  *moved.mutable_start_time() = At(kSummaryBase + kSummaryDayMs + 1000);
  *moved.mutable_answer_time() = At(kSummaryBase + kSummaryDayMs + 6000);
  *moved.mutable_resolve_time() = At(kSummaryBase + kSummaryDayMs + 61'000);
  moved.set_csat(2);
  ASSERT_THAT(interactions().Update(moved, 1, TestStamp(), TestNow(1)), IsOk());
  EXPECT_EQ(Kpi("agent", "A1"), std::vector<int64_t>(db::kKpiCounterCount, 0));
  EXPECT_EQ(Kpi("team", "billing")[db::kKpiContacts], 0);
  const std::vector<int64_t> b1 = Kpi("agent", "B1", 1);
  EXPECT_EQ(b1[db::kKpiContacts], 1);
  EXPECT_EQ(b1[db::kKpiResolutionMs], 60'000);
  EXPECT_EQ(b1[db::kKpiCsatSum], 2);
  EXPECT_EQ(b1[db::kKpiCsatTop2], 0);
  EXPECT_EQ(Kpi("team", "tech", 1)[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("department", "", 0)[db::kKpiContacts], 0);
  EXPECT_EQ(Kpi("department", "", 1)[db::kKpiContacts], 1);
  EXPECT_THAT(Differences(), IsEmpty());
}

TEST_P(ReportSummariesContract, MovingAnAgentToAnotherTeamDoesNotRewriteHistory) {
  ASSERT_THAT(interactions().Create(AnsweredCall("A1", kSummaryBase), "", TestStamp(), TestNow()),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person a1, backend_->people->Get("A1"));
  a1.set_team_id("tech");
  ASSERT_THAT(backend_->people->Update(a1, std::stoll(a1.etag()), TestStamp(), TestNow(1)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction later,
      interactions().Create(AnsweredCall("A1", kSummaryBase + 1000), "", TestStamp(), TestNow(2)));
  EXPECT_EQ(Kpi("team", "billing")[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("team", "tech")[db::kKpiContacts], 1);
  // An update that keeps the agent keeps the team the record was counted for.
  later.set_csat(4);
  ASSERT_THAT(interactions().Update(later, 1, TestStamp(), TestNow(3)), IsOk());
  EXPECT_EQ(Kpi("team", "tech")[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("team", "tech")[db::kKpiCsatSum], 4);
  EXPECT_THAT(Differences(), IsEmpty());
}

TEST_P(ReportSummariesContract, AFailedCreateLeavesTheSummariesAsTheyWere) {
  v1::Interaction call = AnsweredCall("A1", kSummaryBase);
  call.set_source_system("pbx");
  call.set_source_id("dup-1");
  ASSERT_THAT(interactions().Create(call, "", TestStamp(), TestNow()), IsOk());
  const std::vector<int64_t> before = Kpi("agent", "A1");
  EXPECT_THAT(interactions().Create(call, "", TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Kpi("agent", "A1"), before);
  EXPECT_EQ(Kpi("department", "")[db::kKpiContacts], 1);
  EXPECT_THAT(Differences(), IsEmpty());
}

// Makes every audit INSERT fail: the last statement of each write, after its summary upsert.
void InjectAuditFailure(TestDatabase& database) {
  if (database.dialect() == db::Dialect::kMysql) {
    ASSERT_THAT(database.Execute("CREATE TRIGGER injected_failure BEFORE INSERT ON audit_events "
                                 "FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = "
                                 "'injected failure'"),
                IsOk());
  } else {
    ASSERT_THAT(database.Execute("CREATE TRIGGER injected_failure BEFORE INSERT ON audit_events "
                                 "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"),
                IsOk());
  }
}

TEST_P(ReportSummariesContract, AWriteThatFailsAfterItsSummaryUpsertLeavesNoDelta) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(AnsweredCall("A1", kSummaryBase), "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation evaluation,
                              evaluations().Create(
                                  [&] {
                                    v1::Evaluation e;
                                    e.set_interaction_id(created.id());
                                    e.set_evaluator_employee_id("Q1");
                                    e.set_scorecard_id("contact");
                                    e.set_scorecard_version(1);
                                    e.set_state(v1::EVALUATION_STATE_SUBMITTED);
                                    e.set_score(70);
                                    e.set_band(v1::QUALITY_BAND_GOOD);
                                    *e.mutable_submit_time() = At(kSummaryBase + 10);
                                    return e;
                                  }(),
                                  "", kAdmitAll, TestStamp(), TestNow()));
  const std::vector<int64_t> kpi = Kpi("agent", "A1");
  const std::vector<int64_t> qa = Qa("agent", "A1");
  InjectAuditFailure(database());
  if (HasFatalFailure()) return;
  EXPECT_THAT(
      interactions().Create(AnsweredCall("A1", kSummaryBase + 5), "", TestStamp(), TestNow(1)),
      Not(IsOk()));
  v1::Interaction moved = created;
  *moved.mutable_start_time() = At(kSummaryBase + kSummaryDayMs);
  EXPECT_THAT(interactions().Update(moved, 1, TestStamp(), TestNow(1)), Not(IsOk()));
  std::vector<v1::Interaction> batch = {AnsweredCall("A1", kSummaryBase + 7)};
  batch[0].set_source_system("pbx");
  batch[0].set_source_id("injected");
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->Insert({&batch[0]}, TestNow()), IsOk());
    EXPECT_THAT(import->Commit(), Not(IsOk()));
  }
  EXPECT_THAT(evaluations().Change(
                  evaluation.id(),
                  [](v1::Evaluation next) -> absl::StatusOr<v1::Evaluation> {
                    next.set_score(10);
                    return next;
                  },
                  TestStamp(), TestNow(1)),
              Not(IsOk()));
  EXPECT_EQ(Kpi("agent", "A1"), kpi);
  EXPECT_EQ(Kpi("agent", "A1", 1)[db::kKpiContacts], 0);
  EXPECT_EQ(Qa("agent", "A1"), qa);
  ASSERT_THAT(database().Execute("DROP TRIGGER injected_failure"), IsOk());
  EXPECT_THAT(Differences(), IsEmpty()) << Describe(Differences());
}

TEST_P(ReportSummariesContract, ATransactionAbortedMidwayLeavesNoDelta) {
  {
    absl::StatusOr<db::SessionPool::Lease> lease = database().pool().Acquire();
    ASSERT_THAT(lease, IsOk());
    db::Transaction transaction(lease->session(), lease->dialect());
    db::SummaryRows delta;
    db::AddInteraction(delta, AnsweredCall("A1", kSummaryBase), "billing", 1);
    db::ApplySummaryDelta(lease->session(), lease->dialect(), db::KpiSummaryTable(), delta);
    // The writer dies here: the transaction is never committed.
  }
  EXPECT_EQ(Kpi("agent", "A1")[db::kKpiContacts], 0);
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM kpi_summaries"), 0);
}

TEST_P(ReportSummariesContract, AnImportAddsOneBatchAndAFailedInsertAddsNothing) {
  std::vector<v1::Interaction> records = {
      AnsweredCall("A1", kSummaryBase), AbandonedCall("A1", kSummaryBase + 1),
      EscalatedEmail("A1", kSummaryBase + 2), AnsweredCall("B1", kSummaryBase + kSummaryDayMs)};
  for (std::size_t i = 0; i < records.size(); ++i) {
    records[i].set_source_system("pbx");
    records[i].set_source_id(absl::StrCat("imp-", i));
  }
  std::vector<const v1::Interaction*> pointers;
  for (const v1::Interaction& r : records) pointers.push_back(&r);
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->Insert(pointers, TestNow()), IsOk());
    // Again: the source keys are stored, the insert fails and takes its summary change back.
    EXPECT_THAT(import->Insert({pointers[0]}, TestNow()),
                StatusIs(absl::StatusCode::kAlreadyExists));
    ASSERT_THAT(import->Commit(), IsOk());
  }
  EXPECT_EQ(Kpi("agent", "A1"), ThreeContacts());
  EXPECT_EQ(Kpi("team", "billing"), ThreeContacts());
  EXPECT_EQ(Kpi("agent", "B1", 1)[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("team", "tech", 1)[db::kKpiContacts], 1);
  EXPECT_THAT(Differences(), IsEmpty());
  {
    // A rolled-back import leaves nothing either.
    std::vector<v1::Interaction> more = {AnsweredCall("A2", kSummaryBase)};
    more[0].set_source_system("pbx");
    more[0].set_source_id("rolled-back");
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->Insert({&more[0]}, TestNow()), IsOk());
    import->Rollback();
  }
  EXPECT_EQ(Kpi("agent", "A2")[db::kKpiContacts], 0);
  EXPECT_THAT(Differences(), IsEmpty());
}

TEST_P(ReportSummariesContract, SubmitsAndDisputeResolutionsKeepTheQaSummaries) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction first,
      interactions().Create(AnsweredCall("A1", kSummaryBase), "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction second,
      interactions().Create(AnsweredCall("A1", kSummaryBase + 1), "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Evaluation a, evaluations().Create(Submitted(first.id(), "Q1", 80, v1::QUALITY_BAND_GOOD,
                                                       kSummaryBase + 10),
                                             "", kAdmitAll, TestStamp(), TestNow()));
  v1::Evaluation failing =
      Submitted(second.id(), "Q1", 0, v1::QUALITY_BAND_UNACCEPTABLE, kSummaryBase + 20);
  failing.set_zeroed_by_critical(true);
  failing.add_failed_critical_keys("greeting");
  ASSERT_THAT(evaluations().Create(failing, "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  // A draft counts for nothing.
  v1::Evaluation draft = Submitted(second.id(), "B1", 50, v1::QUALITY_BAND_BASIC, kSummaryBase);
  draft.set_state(v1::EVALUATION_STATE_DRAFT);
  draft.clear_submit_time();
  draft.clear_score();
  ASSERT_THAT(evaluations().Create(draft, "", kAdmitAll, TestStamp(), TestNow()), IsOk());

  std::vector<int64_t> expected(db::kQaCounterCount, 0);
  expected[db::kQaEvaluations] = 2;
  expected[db::kQaScoreMilliSum] = 80'000;
  expected[db::kQaScoreMilliSqSum] = 80'000LL * 80'000LL;
  expected[db::kQaBand1 + 0] = 1;  // unacceptable
  expected[db::kQaBand1 + 2] = 1;  // good
  expected[db::kQaCriticalFailures] = 1;
  EXPECT_EQ(Qa("agent", "A1"), expected);
  EXPECT_EQ(Qa("team", "billing"), expected);
  EXPECT_EQ(Qa("department", ""), expected);

  // A dispute resolved with an adjusted score: the old score out, the new one in.
  ASSERT_THAT(evaluations().Change(
                  a.id(),
                  [](v1::Evaluation next) -> absl::StatusOr<v1::Evaluation> {
                    next.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
                    next.set_score(92.5);
                    next.set_band(v1::QUALITY_BAND_EXCELLENT);
                    return next;
                  },
                  TestStamp(), TestNow(1)),
              IsOk());
  expected[db::kQaScoreMilliSum] = 92'500;
  expected[db::kQaScoreMilliSqSum] = 92'500LL * 92'500LL;
  expected[db::kQaBand1 + 2] = 0;
  expected[db::kQaBand1 + 3] = 1;
  EXPECT_EQ(Qa("agent", "A1"), expected);
  // An acknowledgement changes nothing the summaries count.
  ASSERT_THAT(evaluations().Change(
                  a.id(),
                  [](v1::Evaluation next) -> absl::StatusOr<v1::Evaluation> {
                    next.set_state(v1::EVALUATION_STATE_ACKNOWLEDGED);
                    *next.mutable_acknowledge_time() = At(kSummaryBase + 99);
                    return next;
                  },
                  TestStamp(), TestNow(2)),
              IsOk());
  EXPECT_EQ(Qa("agent", "A1"), expected);
  EXPECT_THAT(Differences(), IsEmpty()) << Describe(Differences());
}

TEST_P(ReportSummariesContract, PerAgentReadsSumTheirRangeForEveryAgentAtOnce) {
  // A1: three contacts today and one evaluation of 80 today, a critical failure two days ago;
  // A2: one contact yesterday; B1: nothing.
  for (const v1::Interaction& contact :
       {AnsweredCall("A1", kSummaryBase), AbandonedCall("A1", kSummaryBase + 1),
        EscalatedEmail("A1", kSummaryBase + 2)}) {
    ASSERT_THAT(interactions().Create(contact, "", TestStamp(), TestNow()), IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction early,
      interactions().Create(AnsweredCall("A1", kSummaryBase - 2 * kSummaryDayMs), "", TestStamp(),
                            TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction yesterday,
      interactions().Create(AnsweredCall("A2", kSummaryBase - kSummaryDayMs), "", TestStamp(),
                            TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction today,
      interactions().Create(AnsweredCall("A1", kSummaryBase + 3), "", TestStamp(), TestNow()));
  ASSERT_THAT(evaluations().Create(
                  Submitted(today.id(), "Q1", 80, v1::QUALITY_BAND_GOOD, kSummaryBase + 10), "",
                  kAdmitAll, TestStamp(), TestNow()),
              IsOk());
  v1::Evaluation failing = Submitted(early.id(), "Q1", 0, v1::QUALITY_BAND_UNACCEPTABLE,
                                     kSummaryBase - 2 * kSummaryDayMs + 10);
  failing.set_zeroed_by_critical(true);
  ASSERT_THAT(evaluations().Create(failing, "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  (void)yesterday;

  const std::vector<std::string> agents = {"A1", "A2", "B1"};
  ESCALA_ASSERT_OK_AND_ASSIGN(auto kpi,
                              reports().KpiByAgent(agents, kSummaryDay - 5, kSummaryDay + 1, {}));
  ASSERT_EQ(kpi.size(), 2u);  // B1 had no contact
  EXPECT_EQ(kpi["A1"][db::kKpiContacts], 5);
  EXPECT_EQ(kpi["A2"][db::kKpiContacts], 1);
  // Today only: A1's four contacts of today.
  ESCALA_ASSERT_OK_AND_ASSIGN(auto today_kpi,
                              reports().KpiByAgent(agents, kSummaryDay, kSummaryDay + 1, {}));
  EXPECT_EQ(today_kpi["A1"][db::kKpiContacts], 4);
  EXPECT_FALSE(today_kpi.contains("A2"));
  // Only the counters asked for are summed; the others read 0.
  ESCALA_ASSERT_OK_AND_ASSIGN(auto some, reports().KpiByAgent(agents, kSummaryDay, kSummaryDay + 1,
                                                              {db::kKpiResolved, db::kKpiFcr}));
  ASSERT_EQ(some["A1"].size(), static_cast<std::size_t>(db::kKpiCounterCount));
  EXPECT_EQ(some["A1"][db::kKpiContacts], 0);
  EXPECT_EQ(some["A1"][db::kKpiResolved], today_kpi["A1"][db::kKpiResolved]);
  EXPECT_EQ(some["A1"][db::kKpiFcr], today_kpi["A1"][db::kKpiFcr]);
  EXPECT_GT(some["A1"][db::kKpiResolved], 0);

  ESCALA_ASSERT_OK_AND_ASSIGN(auto qa,
                              reports().QaByAgent(agents, {}, kSummaryDay - 5, kSummaryDay + 1));
  ASSERT_EQ(qa.size(), 1u);
  EXPECT_EQ(qa["A1"].counters[db::kQaEvaluations], 2);
  EXPECT_EQ(qa["A1"].counters[db::kQaScoreMilliSum], 80'000);
  EXPECT_EQ(qa["A1"].counters[db::kQaCriticalFailures], 1);
  EXPECT_EQ(qa["A1"].last_critical_failure_day, kSummaryDay - 2);
  // Of another scorecard: nothing. Without the failure's day: no last failure.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto other, reports().QaByAgent(agents, {"other"}, kSummaryDay - 5, kSummaryDay + 1));
  EXPECT_TRUE(other.empty());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      auto recent, reports().QaByAgent(agents, {"contact"}, kSummaryDay, kSummaryDay + 1));
  EXPECT_EQ(recent["A1"].counters[db::kQaEvaluations], 1);
  EXPECT_EQ(recent["A1"].last_critical_failure_day, std::nullopt);
}

// An answer to each criterion of "contact" (1–5): `greeting`, and `solution` (0: N/A); the
// failed ones listed as the scoring engine lists them.
void Answer(v1::Evaluation& e, int greeting, int solution) {
  v1::CriterionAnswer* g = e.add_answers();
  g->set_criterion_key("greeting");
  g->set_value(greeting);
  if (greeting == 1) e.add_failed_criterion_keys("greeting");
  v1::CriterionAnswer* s = e.add_answers();
  s->set_criterion_key("solution");
  if (solution == 0) {
    s->set_not_applicable(true);
  } else {
    s->set_value(solution);
    if (solution == 1) e.add_failed_criterion_keys("solution");
  }
}

TEST_P(ReportSummariesContract, SubmitsAndDisputeResolutionsKeepTheCriterionSummaries) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 3; ++i) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        v1::Interaction created,
        interactions().Create(AnsweredCall(i < 2 ? "A1" : "B1", kSummaryBase + i), "", TestStamp(),
                              TestNow()));
    ids.push_back(created.id());
  }
  // A1: greeting failed, solution 4; greeting 5, solution N/A. B1: both failed.
  v1::Evaluation first =
      Submitted(ids[0], "Q1", 37.5, v1::QUALITY_BAND_UNACCEPTABLE, kSummaryBase + 10);
  Answer(first, 1, 4);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Evaluation stored_first,
                              evaluations().Create(first, "", kAdmitAll, TestStamp(), TestNow()));
  v1::Evaluation second =
      Submitted(ids[1], "Q1", 100, v1::QUALITY_BAND_ABOVE_EXPECTATIONS, kSummaryBase + 20);
  Answer(second, 5, 0);
  ASSERT_THAT(evaluations().Create(second, "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  v1::Evaluation third =
      Submitted(ids[2], "Q1", 0, v1::QUALITY_BAND_UNACCEPTABLE, kSummaryBase + 30);
  Answer(third, 1, 1);
  ASSERT_THAT(evaluations().Create(third, "", kAdmitAll, TestStamp(), TestNow()), IsOk());
  // A draft counts for nothing.
  v1::Evaluation draft = Submitted(ids[2], "B1", 50, v1::QUALITY_BAND_BASIC, kSummaryBase);
  draft.set_state(v1::EVALUATION_STATE_DRAFT);
  draft.clear_submit_time();
  draft.clear_score();
  Answer(draft, 1, 1);
  ASSERT_THAT(evaluations().Create(draft, "", kAdmitAll, TestStamp(), TestNow()), IsOk());

  EXPECT_EQ(Criterion("agent", "A1", "greeting"), ScoredFailed(2, 1));
  EXPECT_EQ(Criterion("agent", "A1", "solution"), ScoredFailed(1, 0));
  EXPECT_EQ(Criterion("team", "billing", "greeting"), ScoredFailed(2, 1));
  EXPECT_EQ(Criterion("team", "tech", "solution"), ScoredFailed(1, 1));
  EXPECT_EQ(Criterion("department", "", "greeting"), ScoredFailed(3, 2));
  EXPECT_EQ(Criterion("department", "", "solution"), ScoredFailed(2, 1));
  EXPECT_EQ(Criterion("department", "", "greeting", 1), ScoredFailed(0, 0));

  // A dispute resolved in the agent's favour: the greeting no longer fails.
  ASSERT_THAT(evaluations().Change(
                  stored_first.id(),
                  [](v1::Evaluation next) -> absl::StatusOr<v1::Evaluation> {
                    next.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
                    next.mutable_answers(0)->set_value(3);
                    next.clear_failed_criterion_keys();
                    next.set_score(62.5);
                    next.set_band(v1::QUALITY_BAND_BASIC);
                    return next;
                  },
                  TestStamp(), TestNow(1)),
              IsOk());
  EXPECT_EQ(Criterion("agent", "A1", "greeting"), ScoredFailed(2, 0));
  EXPECT_EQ(Criterion("department", "", "greeting"), ScoredFailed(3, 1));
  EXPECT_THAT(Differences(), IsEmpty()) << Describe(Differences());

  // A planted wrong count is reported with its criterion, and fixed.
  ASSERT_THAT(database().Execute("UPDATE qa_criterion_summaries SET failed = 5 WHERE scope = "
                                 "'agent' AND scope_id = 'B1' AND criterion_key = 'solution'"),
              IsOk());
  std::vector<db::SummaryDifference> differences = Differences();
  ASSERT_THAT(differences, SizeIs(1)) << Describe(differences);
  EXPECT_EQ(differences[0].table, "qa_criterion_summaries");
  EXPECT_EQ(differences[0].key.criterion_key, "solution");
  EXPECT_EQ(differences[0].key.scorecard_id, "contact");
  EXPECT_EQ(differences[0].column, "failed");
  EXPECT_EQ(differences[0].stored, 5);
  EXPECT_EQ(differences[0].recomputed, 1);
  ASSERT_THAT(
      reports().Recompute(kSummaryDay - 30, kSummaryDay + 30, true, TestStamp(), TestNow(2)),
      IsOk());
  EXPECT_EQ(Criterion("agent", "B1", "solution"), ScoredFailed(1, 1));
  EXPECT_THAT(Differences(), IsEmpty());
}

TEST_P(ReportSummariesContract, APlantedWrongRowIsReportedThenFixed) {
  ASSERT_THAT(interactions().Create(AnsweredCall("A1", kSummaryBase), "", TestStamp(), TestNow()),
              IsOk());
  ASSERT_THAT(database().Execute("UPDATE kpi_summaries SET contacts = 7 WHERE scope = 'agent' "
                                 "AND scope_id = 'A1'"),
              IsOk());
  std::vector<db::SummaryDifference> differences = Differences();
  ASSERT_THAT(differences, SizeIs(1)) << Describe(differences);
  EXPECT_EQ(differences[0].table, "kpi_summaries");
  EXPECT_EQ(differences[0].key.scope, "agent");
  EXPECT_EQ(differences[0].key.scope_id, "A1");
  EXPECT_EQ(differences[0].key.day, kSummaryDay);
  EXPECT_EQ(differences[0].column, "contacts");
  EXPECT_EQ(differences[0].stored, 7);
  EXPECT_EQ(differences[0].recomputed, 1);

  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RecomputeResult fixed,
      reports().Recompute(kSummaryDay - 30, kSummaryDay + 30, true, TestStamp(), TestNow(1)));
  EXPECT_TRUE(fixed.fixed);
  EXPECT_THAT(fixed.differences, SizeIs(1));
  EXPECT_EQ(Kpi("agent", "A1")[db::kKpiContacts], 1);
  EXPECT_THAT(Differences(), IsEmpty());
  EXPECT_EQ(*database().QueryInt(
                "SELECT COUNT(*) FROM audit_events WHERE resource_type = 'report_summary'"),
            1);
}

// The lines of `text`, sorted.
std::vector<std::string> Sorted(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n', absl::SkipEmpty());
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST_P(ReportSummariesContract, ARecomputeInChunksFindsAndFixesWhatOneChunkWould) {
  for (int offset : {0, 1, 5}) {
    ASSERT_THAT(interactions().Create(AnsweredCall("A1", kSummaryBase + offset * kSummaryDayMs), "",
                                      TestStamp(), TestNow()),
                IsOk());
  }
  // Wrong counts on two days with facts, and a stray row on a day without any.
  ASSERT_THAT(database().Execute(absl::StrCat("UPDATE kpi_summaries SET contacts = 9 WHERE scope "
                                              "= 'team' AND day IN (",
                                              kSummaryDay, ", ", kSummaryDay + 5, ")")),
              IsOk());
  ASSERT_THAT(
      database().Execute(absl::StrCat("UPDATE kpi_summaries SET day = ", kSummaryDay + 9,
                                      " WHERE scope = 'agent' AND day = ", kSummaryDay + 1)),
      IsOk());
  // Chunks of one day (the default), of four days (chunks that end inside the range and one cut
  // short by its end), and the whole range at once find the same differences.
  db::SociReportRepository whole(database().pool(), 60);
  db::SociReportRepository by_four(database().pool(), 4);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RecomputeResult expected,
      whole.Recompute(kSummaryDay - 30, kSummaryDay + 30, false, TestStamp(), TestNow()));
  // Two team counters, and every counter A1's call made on the day its row left and the day it
  // went to.
  ASSERT_GT(expected.differences.size(), 2u) << Describe(expected.differences);
  EXPECT_EQ(expected.difference_count, static_cast<int64_t>(expected.differences.size()));
  for (db::ReportRepository* repository :
       {&reports(), static_cast<db::ReportRepository*>(&by_four)}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        db::RecomputeResult chunked,
        repository->Recompute(kSummaryDay - 30, kSummaryDay + 30, false, TestStamp(), TestNow()));
    // The order follows the chunks (day by day, each in key order); the set is the same.
    EXPECT_EQ(Sorted(Describe(chunked.differences)), Sorted(Describe(expected.differences)));
    EXPECT_EQ(chunked.difference_count, expected.difference_count);
    EXPECT_EQ(chunked.recomputed_rows, expected.recomputed_rows);
  }
  // Fixed a day at a time: one audit event per day that differed (kSummaryDay, kSummaryDay + 1,
  // kSummaryDay + 5 and kSummaryDay + 9), none for the days that agreed.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RecomputeResult fixed,
      reports().Recompute(kSummaryDay - 30, kSummaryDay + 30, true, TestStamp(), TestNow(1)));
  EXPECT_TRUE(fixed.fixed);
  EXPECT_EQ(fixed.difference_count, expected.difference_count);
  EXPECT_THAT(Differences(), IsEmpty());
  EXPECT_EQ(Kpi("team", "billing", 5)[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("agent", "A1", 1)[db::kKpiContacts], 1);
  EXPECT_EQ(Kpi("agent", "A1", 9)[db::kKpiContacts], 0);
  EXPECT_EQ(*database().QueryInt(
                "SELECT COUNT(*) FROM audit_events WHERE resource_type = 'report_summary'"),
            4);
}

TEST_P(ReportSummariesContract, ARecomputeListsTheFirstDifferencesAndCountsThemAll) {
  // 60 stray agent rows over three days: 60 × 22 counters, more differences than are listed.
  for (int i = 0; i < 60; ++i) {
    std::string sql = absl::StrCat("INSERT INTO kpi_summaries VALUES ('agent', 'Z", 100 + i, "', ",
                                   kSummaryDay + i % 3, ", 0");
    for (int c = 0; c < db::kKpiCounterCount; ++c) sql += ", 1";
    ASSERT_THAT(database().Execute(sql + ")"), IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RecomputeResult result,
      reports().Recompute(kSummaryDay - 30, kSummaryDay + 30, false, TestStamp(), TestNow()));
  EXPECT_EQ(result.difference_count, 60 * db::kKpiCounterCount);
  ASSERT_THAT(result.differences, SizeIs(db::kListedSummaryDifferences));
  // The listed ones come first in day order (one chunk per day), then key order.
  EXPECT_EQ(result.differences.front().key.day, kSummaryDay);
  EXPECT_EQ(result.differences.back().key.day, kSummaryDay + 2);
}

// A fix running beside writers of the same days: the summary rows are locked before the facts
// are read, so a write is either in the rebuilt rows or added on top of them, never lost or
// counted twice.
TEST_P(ReportSummariesContract, AFixBesideConcurrentWritersLosesNoWrite) {
  std::atomic<bool> go{false}, done{false};
  std::atomic<int> created{0}, fixes{0};
  std::thread writer([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < 40; ++i) {
      if (interactions()
              .Create(EscalatedEmail(i % 2 == 0 ? "A1" : "B1",
                                     kSummaryBase + (i % 3) * kSummaryDayMs + i),
                      "", TestStamp(), TestNow())
              .ok()) {
        ++created;
      }
    }
    done = true;
  });
  go = true;
  while (!done.load()) {
    // A planted error gives every fix something to replace (the plant itself may lose a lock
    // conflict to the writer; then the fix has only the writer's rows to compare).
    (void)database().Execute(
        "UPDATE kpi_summaries SET contacts = contacts + 5 WHERE scope = 'department'");
    // A fix may lose a lock conflict to a writer (ABORTED): it runs again until it succeeds.
    bool fixed = false;
    for (int attempt = 0; attempt < 50 && !fixed; ++attempt) {
      fixed =
          reports().Recompute(kSummaryDay - 1, kSummaryDay + 4, true, TestStamp(), TestNow(1)).ok();
    }
    if (!fixed) {
      ADD_FAILURE() << "no fix succeeded in 50 attempts";
      break;
    }
    ++fixes;
  }
  writer.join();
  // No fix after the writer: a write a fix had lost would show here.
  EXPECT_THAT(Differences(), IsEmpty()) << Describe(Differences());
  EXPECT_GT(fixes.load(), 0);
  absl::StatusOr<db::CountersByDay> department =
      reports().KpiByDay("department", "", kSummaryDay - 1, kSummaryDay + 4);
  ASSERT_THAT(department, IsOk());
  int64_t contacts = 0;
  for (const auto& [day, counters] : *department) contacts += counters[db::kKpiContacts];
  EXPECT_EQ(contacts, created.load());
  EXPECT_GT(created.load(), 0);
}

TEST_P(ReportSummariesContract, ConcurrentWritersLeaveSummariesARecomputeAgreesWith) {
  constexpr int kPerThread = 12;
  std::vector<int64_t> ids;
  for (int i = 0; i < 8; ++i) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        v1::Interaction created,
        interactions().Create(AnsweredCall(i % 2 == 0 ? "A1" : "B1", kSummaryBase + i), "",
                              TestStamp(), TestNow()));
    ids.push_back(created.id());
  }
  std::atomic<bool> go{false};
  std::atomic<int> created{0}, imported{0};
  std::vector<std::thread> threads;
  // Creates of several agents.
  threads.emplace_back([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < kPerThread; ++i) {
      // A writer may lose a lock conflict (ABORTED): what counts is that its summary change
      // went with it.
      if (interactions()
              .Create(EscalatedEmail(i % 2 == 0 ? "A2" : "X", kSummaryBase + 100 + i), "",
                      TestStamp(), TestNow())
              .ok()) {
        ++created;
      }
    }
  });
  // Updates that move records between days and agents.
  threads.emplace_back([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < kPerThread; ++i) {
      absl::StatusOr<v1::Interaction> current = interactions().Get(ids[i % ids.size()]);
      if (!current.ok()) continue;
      v1::Interaction next = *current;
      next.set_agent_employee_id(i % 3 == 0 ? "A2" : "B1");
      *next.mutable_start_time() = At(kSummaryBase + (i % 2) * kSummaryDayMs + i);
      next.clear_answer_time();
      next.clear_resolve_time();
      next.set_csat(1 + i % 5);
      // A concurrent update of the same record fails with ABORTED; that is fine here.
      (void)interactions().Update(next, std::stoll(current->etag()), TestStamp(), TestNow(1));
    }
  });
  // Imports.
  threads.emplace_back([&] {
    while (!go.load()) std::this_thread::yield();
    for (int batch = 0; batch < 3; ++batch) {
      std::vector<v1::Interaction> records;
      for (int i = 0; i < 5; ++i) {
        records.push_back(AbandonedCall(i % 2 == 0 ? "A1" : "Q1", kSummaryBase + 200 + i));
        records.back().set_source_system("bulk");
        records.back().set_source_id(absl::StrCat(batch, "-", i));
      }
      std::vector<const v1::Interaction*> pointers;
      for (const v1::Interaction& r : records) pointers.push_back(&r);
      absl::StatusOr<std::unique_ptr<db::InteractionImportTransaction>> import =
          interactions().BeginImport(TestStamp());
      if (!import.ok()) continue;
      if ((*import)->Insert(pointers, TestNow()).ok() && (*import)->Commit().ok()) {
        imported += 5;
      }
    }
  });
  // Evaluation submits.
  threads.emplace_back([&] {
    while (!go.load()) std::this_thread::yield();
    for (int i = 0; i < 6; ++i) {
      (void)evaluations().Create(
          Submitted(ids[i], "Q1", 10.0 * i + 0.125, v1::QUALITY_BAND_BASIC, kSummaryBase + 300 + i),
          "", kAdmitAll, TestStamp(), TestNow());
    }
  });
  go = true;
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(Differences(), IsEmpty()) << Describe(Differences());
  absl::StatusOr<db::CountersByDay> department =
      reports().KpiByDay("department", "", kSummaryDay - 1, kSummaryDay + 3);
  ASSERT_THAT(department, IsOk());
  int64_t contacts = 0;
  for (const auto& [day, counters] : *department) contacts += counters[db::kKpiContacts];
  EXPECT_EQ(contacts, 8 + created.load() + imported.load());
  EXPECT_GT(created.load(), 0);
  EXPECT_GT(imported.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportSummariesContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
