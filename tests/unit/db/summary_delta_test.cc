// The arithmetic of the report summaries, counted by hand: which counters one interaction or
// evaluation adds, which rows they land in, and the delta of an update.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "db/common/proto_time.h"
#include "db/summaries/kpi_summary_delta.h"
#include "db/summaries/qa_criterion_delta.h"
#include "db/summaries/qa_summary_delta.h"
#include "db/summaries/summary_rows.h"

namespace escala::db {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Pair;

// 2023-11-14 00:00 UTC, day 19675 since 1970-01-01.
constexpr int64_t kBase = 1'699'920'000'000;

google::protobuf::Duration Seconds(int64_t s) {
  google::protobuf::Duration d;
  d.set_seconds(s);
  return d;
}

v1::Interaction Call() {
  v1::Interaction i;
  i.set_channel(v1::CHANNEL_PHONE);
  i.set_direction(v1::DIRECTION_INBOUND);
  i.set_queue("billing-q");
  i.set_agent_employee_id("A1");
  *i.mutable_start_time() = MillisToTimestamp(kBase + 1000);
  *i.mutable_answer_time() = MillisToTimestamp(kBase + 3000);
  *i.mutable_resolve_time() = MillisToTimestamp(kBase + 61'000);
  *i.mutable_talk_duration() = Seconds(40);
  *i.mutable_after_contact_duration() = Seconds(20);
  i.set_first_contact_resolution(true);
  i.set_csat(4);
  i.set_nps(6);
  i.set_ces(3);
  return i;
}

TEST(UtcDayOf, FloorsAlsoBefore1970) {
  EXPECT_EQ(UtcDayOf(kBase), 19675);
  EXPECT_EQ(UtcDayOf(kBase + 86'399'999), 19675);
  EXPECT_EQ(UtcDayOf(kBase + 86'400'000), 19676);
  EXPECT_EQ(UtcDayOf(0), 0);
  EXPECT_EQ(UtcDayOf(-1), -1);
  EXPECT_EQ(UtcDayStartMs(19675), kBase);
}

TEST(StripeOf, IsStableAndInRange) {
  // FNV-1a (32 bits) of "A1" is 0x9bd5d047, which is 7 modulo 8. Pinned: a recompute must find
  // the rows earlier builds wrote.
  EXPECT_EQ(StripeOf("A1"), 7);
  for (const char* id : {"", "B1", "E1001", "someone-else"}) {
    EXPECT_GE(StripeOf(id), 0);
    EXPECT_LT(StripeOf(id), kSummaryStripes);
  }
}

TEST(KpiCountersOf, AnsweredResolvedCall) {
  const std::vector<int64_t> c = KpiCountersOf(Call());
  EXPECT_EQ(c[kKpiContacts], 1);
  EXPECT_EQ(c[kKpiHandled], 1);
  EXPECT_EQ(c[kKpiOffered], 1);
  EXPECT_EQ(c[kKpiAbandoned], 0);
  EXPECT_EQ(c[kKpiResolved], 1);
  EXPECT_EQ(c[kKpiFcr], 1);
  EXPECT_EQ(c[kKpiResolvedUnescalated], 1);
  EXPECT_EQ(c[kKpiEscalated], 0);
  EXPECT_EQ(c[kKpiHandleN], 1);
  EXPECT_EQ(c[kKpiHandleMs], 60'000);  // talk 40 s + after-contact 20 s, no hold
  EXPECT_EQ(c[kKpiFirstResponseN], 0);
  EXPECT_EQ(c[kKpiResolutionN], 1);
  EXPECT_EQ(c[kKpiResolutionMs], 60'000);
  EXPECT_EQ(c[kKpiCsatN], 1);
  EXPECT_EQ(c[kKpiCsatSum], 4);
  EXPECT_EQ(c[kKpiCsatTop2], 1);
  EXPECT_EQ(c[kKpiNpsN], 1);
  EXPECT_EQ(c[kKpiNpsPromoters], 0);
  EXPECT_EQ(c[kKpiNpsDetractors], 1);  // 6 is a detractor
  EXPECT_EQ(c[kKpiCesN], 1);
  EXPECT_EQ(c[kKpiCesSum], 3);
}

TEST(KpiCountersOf, UnansweredInboundCallIsAbandonedButAnEmailIsNot) {
  v1::Interaction call = Call();
  call.clear_answer_time();
  EXPECT_EQ(KpiCountersOf(call)[kKpiAbandoned], 1);
  EXPECT_EQ(KpiCountersOf(call)[kKpiHandled], 0);
  v1::Interaction email = call;
  email.set_channel(v1::CHANNEL_EMAIL);
  EXPECT_EQ(KpiCountersOf(email)[kKpiAbandoned], 0);
  EXPECT_EQ(KpiCountersOf(email)[kKpiOffered], 0);
  EXPECT_EQ(KpiCountersOf(email)[kKpiHandled], 1);
  v1::Interaction outbound = call;
  outbound.set_direction(v1::DIRECTION_OUTBOUND);
  EXPECT_EQ(KpiCountersOf(outbound)[kKpiAbandoned], 0);
}

TEST(KpiCountersOf, FcrCountsOnlyResolvedAndTimesOutOfOrderCountZero) {
  v1::Interaction call = Call();
  call.clear_resolve_time();
  EXPECT_EQ(KpiCountersOf(call)[kKpiFcr], 0);
  EXPECT_EQ(KpiCountersOf(call)[kKpiResolutionN], 0);
  v1::Interaction early = Call();
  *early.mutable_first_response_time() = MillisToTimestamp(kBase);  // before the start
  EXPECT_EQ(KpiCountersOf(early)[kKpiFirstResponseN], 1);
  EXPECT_EQ(KpiCountersOf(early)[kKpiFirstResponseMs], 0);
}

TEST(AddInteraction, LandsInAgentTeamAndStripedRowsOfItsDay) {
  SummaryRows rows;
  AddInteraction(rows, Call(), "billing", 1);
  std::vector<SummaryKey> keys;
  for (const auto& [key, counters] : rows) keys.push_back(key);
  const int stripe = StripeOf("A1");
  EXPECT_THAT(keys, ElementsAre(SummaryKey{"agent", "A1", 19675, 0, ""},
                                SummaryKey{"channel", "1", 19675, stripe, ""},
                                SummaryKey{"department", "", 19675, stripe, ""},
                                SummaryKey{"queue", "billing-q", 19675, stripe, ""},
                                SummaryKey{"team", "billing", 19675, 0, ""}));
  // No team, no queue: three rows.
  SummaryRows lone;
  v1::Interaction call = Call();
  call.clear_queue();
  AddInteraction(lone, call, "", 1);
  EXPECT_EQ(lone.size(), 3u);
}

TEST(AddInteraction, AnUpdateIsTheOldContributionOutAndTheNewIn) {
  v1::Interaction before = Call();
  v1::Interaction after = Call();
  after.set_csat(2);
  *after.mutable_resolve_time() = MillisToTimestamp(kBase + 121'000);
  SummaryRows delta;
  AddInteraction(delta, before, "billing", -1);
  AddInteraction(delta, after, "billing", 1);
  DropZeroRows(delta);
  ASSERT_EQ(delta.size(), 5u);
  const std::vector<int64_t>& agent = delta.at(SummaryKey{"agent", "A1", 19675, 0, ""});
  std::vector<int64_t> expected(kKpiCounterCount, 0);
  expected[kKpiResolutionMs] = 60'000;  // 120 s − 60 s
  expected[kKpiCsatSum] = -2;           // 2 − 4
  expected[kKpiCsatTop2] = -1;          // 4 was top-2, 2 is not
  EXPECT_EQ(agent, expected);
  // Nothing changed: no row at all.
  SummaryRows same;
  AddInteraction(same, before, "billing", -1);
  AddInteraction(same, before, "billing", 1);
  DropZeroRows(same);
  EXPECT_THAT(same, IsEmpty());
}

TEST(AddInteraction, AMoveToAnotherDayAndAgentMovesEveryRow) {
  v1::Interaction after = Call();
  after.set_agent_employee_id("B1");
  *after.mutable_start_time() = MillisToTimestamp(kBase + 86'400'000);
  *after.mutable_answer_time() = MillisToTimestamp(kBase + 86'401'000);
  *after.mutable_resolve_time() = MillisToTimestamp(kBase + 86'460'000);
  SummaryRows delta;
  AddInteraction(delta, Call(), "billing", -1);
  AddInteraction(delta, after, "tech", 1);
  DropZeroRows(delta);
  EXPECT_EQ(delta.at(SummaryKey{"agent", "A1", 19675, 0, ""})[kKpiContacts], -1);
  EXPECT_EQ(delta.at(SummaryKey{"team", "billing", 19675, 0, ""})[kKpiContacts], -1);
  EXPECT_EQ(delta.at(SummaryKey{"agent", "B1", 19676, 0, ""})[kKpiContacts], 1);
  EXPECT_EQ(delta.at(SummaryKey{"team", "tech", 19676, 0, ""})[kKpiContacts], 1);
  EXPECT_EQ(delta.at(SummaryKey{"department", "", 19676, StripeOf("B1"), ""})[kKpiContacts], 1);
}

v1::Evaluation Scored(double score, v1::QualityBand band) {
  v1::Evaluation e;
  e.set_agent_employee_id("A1");
  e.set_team_id("billing");
  e.set_scorecard_id("contact");
  e.set_state(v1::EVALUATION_STATE_SUBMITTED);
  e.set_score(score);
  e.set_band(band);
  *e.mutable_submit_time() = MillisToTimestamp(kBase + 5000);
  return e;
}

TEST(QaCountersOf, ScoreInThousandthsWithItsSquareBandAndCriticalFailure) {
  v1::Evaluation e = Scored(87.6543, v1::QUALITY_BAND_EXCELLENT);
  e.add_failed_critical_keys("greeting");
  const std::vector<int64_t> c = QaCountersOf(e);
  EXPECT_EQ(c[kQaEvaluations], 1);
  EXPECT_EQ(c[kQaScoreMilliSum], 87'654);
  EXPECT_EQ(c[kQaScoreMilliSqSum], 87'654LL * 87'654LL);
  EXPECT_THAT(std::vector<int64_t>(c.begin() + kQaBand1, c.begin() + kQaBand1 + 5),
              ElementsAre(0, 0, 0, 1, 0));
  EXPECT_EQ(c[kQaCriticalFailures], 1);
}

TEST(QaCountersOf, DraftsAndUnscoredCountNothing) {
  v1::Evaluation draft = Scored(50, v1::QUALITY_BAND_BASIC);
  draft.set_state(v1::EVALUATION_STATE_DRAFT);
  EXPECT_FALSE(CountsInQaSummary(draft));
  v1::Evaluation all_na = Scored(50, v1::QUALITY_BAND_BASIC);
  all_na.clear_score();
  EXPECT_FALSE(CountsInQaSummary(all_na));
  SummaryRows rows;
  AddEvaluation(rows, draft, 1);
  EXPECT_THAT(rows, IsEmpty());
}

TEST(AddEvaluation, ADisputeResolutionReplacesTheScore) {
  v1::Evaluation submitted = Scored(60, v1::QUALITY_BAND_BASIC);
  v1::Evaluation resolved = Scored(75.5, v1::QUALITY_BAND_GOOD);
  resolved.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
  SummaryRows delta;
  AddEvaluation(delta, submitted, -1);
  AddEvaluation(delta, resolved, 1);
  DropZeroRows(delta);
  ASSERT_EQ(delta.size(), 3u);  // agent, team, department
  const std::vector<int64_t>& agent = delta.at(SummaryKey{"agent", "A1", 19675, 0, "contact"});
  EXPECT_EQ(agent[kQaEvaluations], 0);
  EXPECT_EQ(agent[kQaScoreMilliSum], 15'500);
  EXPECT_EQ(agent[kQaScoreMilliSqSum], 75'500LL * 75'500 - 60'000LL * 60'000);
  EXPECT_EQ(agent[kQaBand1 + 1], -1);
  EXPECT_EQ(agent[kQaBand1 + 2], 1);
}

TEST(AddEvaluationCriteria, ScoredAnswersCountAndFailedOnesFailOnEveryScope) {
  v1::Evaluation e = Scored(40, v1::QUALITY_BAND_UNACCEPTABLE);
  for (const char* key : {"greeting", "solution", "extra"}) {
    v1::CriterionAnswer* answer = e.add_answers();
    answer->set_criterion_key(key);
    if (std::string(key) == "extra") {
      answer->set_not_applicable(true);
    } else {
      answer->set_value(1);
    }
  }
  e.add_failed_criterion_keys("solution");
  // An evaluation scored before failed_criterion_keys existed lists its critical failures only.
  e.add_failed_critical_keys("greeting");
  SummaryRows rows;
  AddEvaluationCriteria(rows, e, 1);
  const int stripe = StripeOf("A1");
  EXPECT_THAT(
      rows,
      ElementsAre(
          Pair(SummaryKey{"agent", "A1", 19675, 0, "contact", "greeting"}, ElementsAre(1, 1)),
          Pair(SummaryKey{"agent", "A1", 19675, 0, "contact", "solution"}, ElementsAre(1, 1)),
          Pair(SummaryKey{"department", "", 19675, stripe, "contact", "greeting"},
               ElementsAre(1, 1)),
          Pair(SummaryKey{"department", "", 19675, stripe, "contact", "solution"},
               ElementsAre(1, 1)),
          Pair(SummaryKey{"team", "billing", 19675, 0, "contact", "greeting"}, ElementsAre(1, 1)),
          Pair(SummaryKey{"team", "billing", 19675, 0, "contact", "solution"}, ElementsAre(1, 1))));
}

TEST(AddEvaluationCriteria, ADisputeThatClearsAFailureMovesOnlyTheFailedCount) {
  v1::Evaluation submitted = Scored(0, v1::QUALITY_BAND_UNACCEPTABLE);
  v1::CriterionAnswer* answer = submitted.add_answers();
  answer->set_criterion_key("greeting");
  answer->set_value(1);
  submitted.add_failed_criterion_keys("greeting");
  v1::Evaluation resolved = submitted;
  resolved.set_state(v1::EVALUATION_STATE_DISPUTE_RESOLVED);
  resolved.mutable_answers(0)->set_value(4);
  resolved.clear_failed_criterion_keys();
  SummaryRows delta;
  AddEvaluationCriteria(delta, submitted, -1);
  AddEvaluationCriteria(delta, resolved, 1);
  DropZeroRows(delta);
  ASSERT_EQ(delta.size(), 3u);
  EXPECT_THAT(delta.at(SummaryKey{"agent", "A1", 19675, 0, "contact", "greeting"}),
              ElementsAre(0, -1));
  // A draft contributes nothing.
  v1::Evaluation draft = submitted;
  draft.set_state(v1::EVALUATION_STATE_DRAFT);
  SummaryRows none;
  AddEvaluationCriteria(none, draft, 1);
  EXPECT_THAT(none, IsEmpty());
}

}  // namespace
}  // namespace escala::db
