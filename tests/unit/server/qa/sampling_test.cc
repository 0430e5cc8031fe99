#include "server/qa/sampling.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "absl/time/time.h"

namespace escala::server {
namespace {

constexpr int64_t kHour = 3600 * 1000;

// Monday 2026-11-02 00:00 UTC.
int64_t Monday() {
  return absl::ToUnixMillis(absl::FromCivil(absl::CivilDay(2026, 11, 2), absl::UTCTimeZone()));
}

// `n` interactions spread over the week, one every `step` hours, ids from `first_id`;
// channels cycle through `channels`.
std::vector<Candidate> Week(int n, int64_t step_hours = 1, int64_t first_id = 1,
                            std::vector<int> channels = {1}) {
  std::vector<Candidate> candidates;
  for (int i = 0; i < n; ++i) {
    candidates.push_back(
        Candidate{first_id + i, Monday() + i * step_hours * kHour, channels[i % channels.size()]});
  }
  return candidates;
}

std::vector<int64_t> Ids(const std::vector<Candidate>& candidates) {
  std::vector<int64_t> ids;
  for (const Candidate& c : candidates) ids.push_back(c.interaction_id);
  return ids;
}

TEST(WeekStartTest, IsMondayMidnightUtc) {
  EXPECT_EQ(WeekStartMillis(Monday()), Monday());
  EXPECT_EQ(WeekStartMillis(Monday() + 6 * 24 * kHour + 23 * kHour), Monday());
  EXPECT_EQ(WeekStartMillis(Monday() - 1), Monday() - 7 * 24 * kHour);
  EXPECT_TRUE(IsWeekStart(Monday()));
  EXPECT_FALSE(IsWeekStart(Monday() + kHour));
  // Before the epoch (1969-12-29 was a Monday).
  EXPECT_EQ(WeekStartMillis(-1), -3 * 24 * kHour);
}

TEST(WantedCountTest, FixedOrPercentWithMinimum) {
  EXPECT_EQ(WantedCount(QuotaRule{4, 0, 0, false}, 100), 4);
  EXPECT_EQ(WantedCount(QuotaRule{0, 10, 0, false}, 30), 3);
  EXPECT_EQ(WantedCount(QuotaRule{0, 10, 0, false}, 31), 4);  // ceil
  EXPECT_EQ(WantedCount(QuotaRule{0, 5, 3, false}, 20), 3);   // minimum wins over 1
  EXPECT_EQ(WantedCount(QuotaRule{0, 2.5, 0, false}, 0), 0);
}

TEST(SampleAgentWeekTest, MeetsTheQuotaWithoutDuplicates) {
  const AgentWeek week{"A1", Monday(), 100, 0, Week(100)};
  const AgentWeekSample sample = SampleAgentWeek(QuotaRule{5, 0, 0, false}, week, 42);
  EXPECT_EQ(sample.wanted, 5);
  ASSERT_EQ(sample.drawn.size(), 5u);
  const std::vector<int64_t> ids = Ids(sample.drawn);
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 5u);
}

TEST(SampleAgentWeekTest, DrawsExactlyOnePerStratum) {
  // 100 candidates, quota 4: strata are ids 1–25, 26–50, 51–75, 76–100.
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const AgentWeekSample sample = SampleAgentWeek(
        QuotaRule{4, 0, 0, false}, AgentWeek{"A1", Monday(), 100, 0, Week(100)}, seed);
    ASSERT_EQ(sample.drawn.size(), 4u);
    for (int stratum = 0; stratum < 4; ++stratum) {
      const int64_t id = sample.drawn[stratum].interaction_id;
      EXPECT_GE(id, stratum * 25 + 1) << "seed " << seed;
      EXPECT_LE(id, stratum * 25 + 25) << "seed " << seed;
    }
  }
}

TEST(SampleAgentWeekTest, StrataFollowStartTimeNotInputOrder) {
  std::vector<Candidate> shuffled = Week(12);
  std::reverse(shuffled.begin(), shuffled.end());
  std::swap(shuffled[2], shuffled[9]);
  const AgentWeekSample a =
      SampleAgentWeek(QuotaRule{3, 0, 0, false}, AgentWeek{"A1", Monday(), 12, 0, shuffled}, 7);
  const AgentWeekSample b =
      SampleAgentWeek(QuotaRule{3, 0, 0, false}, AgentWeek{"A1", Monday(), 12, 0, Week(12)}, 7);
  EXPECT_EQ(Ids(a.drawn), Ids(b.drawn));
  ASSERT_EQ(a.drawn.size(), 3u);
  EXPECT_LE(a.drawn[0].interaction_id, 4);
  EXPECT_GE(a.drawn[2].interaction_id, 9);
}

TEST(SampleAgentWeekTest, IsCappedByWhatIsAvailableAndReportsTheWantedCount) {
  const AgentWeekSample sample =
      SampleAgentWeek(QuotaRule{10, 0, 0, false}, AgentWeek{"A1", Monday(), 3, 0, Week(3)}, 1);
  EXPECT_EQ(sample.wanted, 10);
  EXPECT_EQ(Ids(sample.drawn), (std::vector<int64_t>{1, 2, 3}));
}

TEST(SampleAgentWeekTest, CountsEarlierAssignmentsSoASecondRunAddsNothing) {
  const QuotaRule rule{4, 0, 0, false};
  EXPECT_TRUE(SampleAgentWeek(rule, AgentWeek{"A1", Monday(), 50, 4, Week(46)}, 1).drawn.empty());
  EXPECT_EQ(SampleAgentWeek(rule, AgentWeek{"A1", Monday(), 50, 3, Week(47)}, 1).drawn.size(), 1u);
}

TEST(SampleAgentWeekTest, DrawsOnlyFromTheAvailableCandidates) {
  // The caller leaves evaluated and assigned interactions out of `available`: ids 1–10 are gone.
  const std::vector<Candidate> available = Week(30, 1, 11);
  const AgentWeekSample sample =
      SampleAgentWeek(QuotaRule{0, 50, 0, false}, AgentWeek{"A1", Monday(), 40, 0, available}, 3);
  EXPECT_EQ(sample.wanted, 20);
  EXPECT_EQ(sample.drawn.size(), 20u);
  for (const Candidate& c : sample.drawn) EXPECT_GE(c.interaction_id, 11);
}

TEST(SampleAgentWeekTest, SameSeedSameSampleDifferentSeedDifferentSample) {
  const AgentWeek week{"A1", Monday(), 500, 0, Week(500, 0)};
  const QuotaRule rule{20, 0, 0, false};
  EXPECT_EQ(Ids(SampleAgentWeek(rule, week, 99).drawn), Ids(SampleAgentWeek(rule, week, 99).drawn));
  EXPECT_NE(Ids(SampleAgentWeek(rule, week, 99).drawn),
            Ids(SampleAgentWeek(rule, week, 100).drawn));
  // Another agent or week with the same seed draws differently too.
  AgentWeek other = week;
  other.agent_employee_id = "A2";
  EXPECT_NE(Ids(SampleAgentWeek(rule, week, 99).drawn),
            Ids(SampleAgentWeek(rule, other, 99).drawn));
}

TEST(SampleAgentWeekTest, KnownSampleIsStableAcrossPlatforms) {
  // mt19937_64 and FNV-1a are fully specified, so this sample must never change.
  const std::vector<int64_t> first = Ids(
      SampleAgentWeek(QuotaRule{3, 0, 0, false}, AgentWeek{"A1", Monday(), 30, 0, Week(30)}, 2026)
          .drawn);
  // FNV-1a-64 of "A1\0" + "1793577600000", checked independently.
  EXPECT_EQ(AgentWeekSeed(0, "A1", Monday()), 15626362767940780708ULL);
  EXPECT_EQ(first, (std::vector<int64_t>{9, 15, 26}));
  EXPECT_EQ(first, Ids(DrawSpread(Week(30), 3, AgentWeekSeed(2026, "A1", Monday()))));
}

TEST(SampleAgentWeekTest, StratifiesByChannelInProportion) {
  // 60 phone (1), 30 chat (3), 10 email (2) → quota 10 splits 6 / 3 / 1.
  std::vector<Candidate> available = Week(60, 1, 1, {1});
  for (const Candidate& c : Week(30, 2, 101, {3})) available.push_back(c);
  for (const Candidate& c : Week(10, 5, 201, {2})) available.push_back(c);
  const AgentWeekSample sample =
      SampleAgentWeek(QuotaRule{10, 0, 0, true}, AgentWeek{"A1", Monday(), 100, 0, available}, 5);
  std::map<int, int> per_channel;
  for (const Candidate& c : sample.drawn) ++per_channel[c.channel];
  EXPECT_EQ(per_channel[1], 6);
  EXPECT_EQ(per_channel[3], 3);
  EXPECT_EQ(per_channel[2], 1);
}

TEST(AllocateProportionallyTest, UsesLargestRemainders) {
  EXPECT_EQ(AllocateProportionally({60, 30, 10}, 10), (std::vector<int>{6, 3, 1}));
  // 7 × (5, 3, 2) / 10 = 3.5, 2.1, 1.4 → 3, 2, 1 plus one for the largest remainder (0.5).
  EXPECT_EQ(AllocateProportionally({5, 3, 2}, 7), (std::vector<int>{4, 2, 1}));
  // Equal remainders: the earlier group first.
  EXPECT_EQ(AllocateProportionally({1, 1, 1}, 2), (std::vector<int>{1, 1, 0}));
  EXPECT_EQ(AllocateProportionally({4, 0, 2}, 6), (std::vector<int>{4, 0, 2}));
  EXPECT_EQ(AllocateProportionally({}, 3), std::vector<int>{});
}

TEST(BalanceEvaluatorsTest, SpreadsWorkWithinOne) {
  const std::vector<std::string> agents(31, "A1");
  const auto chosen = BalanceEvaluators(agents, {"Q1", "Q2", "Q3", "Q4"}, {}, 8);
  std::map<std::string, int> load;
  for (const auto& evaluator : chosen) {
    ASSERT_TRUE(evaluator.has_value());
    ++load[*evaluator];
  }
  ASSERT_EQ(load.size(), 4u);
  int low = 1000, high = 0;
  for (const auto& [who, count] : load) {
    low = std::min(low, count);
    high = std::max(high, count);
  }
  EXPECT_LE(high - low, 1);
}

TEST(BalanceEvaluatorsTest, CountsOpenWorkAndNeverAssignsAnAgentToThemself) {
  // Q1 already has 3 open assignments: the next three go to Q2.
  const auto chosen = BalanceEvaluators({"A1", "A2", "A3"}, {"Q1", "Q2"}, {{"Q1", 3}}, 1);
  for (const auto& evaluator : chosen) EXPECT_EQ(evaluator, "Q2");
  const auto self = BalanceEvaluators({"Q1", "Q1", "Q2"}, {"Q1", "Q2"}, {}, 1);
  EXPECT_EQ(self[0], "Q2");
  EXPECT_EQ(self[1], "Q2");
  EXPECT_EQ(self[2], "Q1");
  EXPECT_EQ(BalanceEvaluators({"Q1"}, {"Q1"}, {}, 1)[0], std::nullopt);
}

TEST(BalanceEvaluatorsTest, TiesFollowTheSeedNotTheListOrder) {
  const auto a = BalanceEvaluators({"A1"}, {"Q1", "Q2", "Q3"}, {}, 11);
  const auto b = BalanceEvaluators({"A1"}, {"Q3", "Q1", "Q2"}, {}, 11);
  EXPECT_EQ(a, b);
  std::set<std::string> firsts;
  for (uint64_t seed = 0; seed < 40; ++seed)
    firsts.insert(*BalanceEvaluators({"A1"}, {"Q1", "Q2", "Q3"}, {}, seed)[0]);
  EXPECT_EQ(firsts.size(), 3u);
}

TEST(PickReplacementTest, TakesTheNearestInTime) {
  const std::vector<Candidate> candidates = Week(10);  // hours 0..9, ids 1..10
  EXPECT_EQ(PickReplacement(candidates, Monday() + 4 * kHour + kHour / 3)->interaction_id, 5);
  // Equally near on both sides: the earlier.
  EXPECT_EQ(PickReplacement(candidates, Monday() + 4 * kHour + kHour / 2)->interaction_id, 5);
  EXPECT_FALSE(PickReplacement({}, Monday()).has_value());
}

// A card meant for `channels` (empty: every channel), with one criterion.
v1::Scorecard CardFor(std::vector<v1::Channel> channels) {
  v1::Scorecard card;
  card.set_scorecard_id("calls");
  v1::Criterion* criterion = card.add_sections()->add_criteria();
  criterion->set_key("greet");
  for (v1::Channel channel : channels) card.add_channels(channel);
  return card;
}

TEST(ChannelsToDrawTest, NoFilterWhenNeitherPlanNorCardNarrows) {
  const DrawableChannels drawable = ChannelsToDraw({}, CardFor({}));
  EXPECT_TRUE(drawable.every);
  EXPECT_TRUE(drawable.channels.empty());
  EXPECT_FALSE(drawable.none());
}

TEST(ChannelsToDrawTest, APlanOfEveryChannelDrawsFromWhatTheCardCovers) {
  const DrawableChannels drawable =
      ChannelsToDraw({}, CardFor({v1::CHANNEL_CHAT, v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL}));
  EXPECT_FALSE(drawable.every);
  EXPECT_EQ(drawable.channels,
            (std::vector<int>{v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT}));
}

TEST(ChannelsToDrawTest, APlansChannelsAreIntersectedWithTheCovered) {
  const v1::Scorecard card = CardFor({v1::CHANNEL_PHONE, v1::CHANNEL_CHAT});
  EXPECT_EQ(ChannelsToDraw({v1::CHANNEL_WEB_FORM, v1::CHANNEL_CHAT}, card).channels,
            std::vector<int>{v1::CHANNEL_CHAT});
  // A card for every channel keeps the plan's own list.
  const DrawableChannels all_card = ChannelsToDraw({v1::CHANNEL_WEB_FORM}, CardFor({}));
  EXPECT_FALSE(all_card.every);
  EXPECT_EQ(all_card.channels, std::vector<int>{v1::CHANNEL_WEB_FORM});
}

TEST(ChannelsToDrawTest, NothingWhenThePlanListsOnlyUncoveredChannels) {
  const DrawableChannels drawable =
      ChannelsToDraw({v1::CHANNEL_WEB_FORM, v1::CHANNEL_SOCIAL}, CardFor({v1::CHANNEL_PHONE}));
  EXPECT_TRUE(drawable.none());
  // A card without criteria covers nothing, whatever the plan asks.
  v1::Scorecard empty = CardFor({});
  empty.clear_sections();
  EXPECT_TRUE(ChannelsToDraw({}, empty).none());
}

}  // namespace
}  // namespace escala::server
