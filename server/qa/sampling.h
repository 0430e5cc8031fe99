#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "escala/v1/scorecards.pb.h"

namespace escala::server {

// Which interactions a sampling plan sends to review and to whom: pure and deterministic, so
// the same seed and data always give the same sample on every platform. Randomness comes only
// from std::mt19937_64 (whose output sequence the standard fixes) reduced with `%`, never from
// std::uniform_int_distribution (whose algorithm differs between standard libraries).

// Monday 00:00 UTC of the week holding `millis` (epoch milliseconds, UTC).
int64_t WeekStartMillis(int64_t millis);
// Whether `millis` is a Monday 00:00 UTC.
bool IsWeekStart(int64_t millis);

// An interaction the plan may draw.
struct Candidate {
  int64_t interaction_id = 0;
  int64_t start_ms = 0;
  int channel = 0;
};

// The channels a plan draws from: the plan's own (empty: every channel) that its scorecard's
// published version covers (CoversChannel, server/qa/scoring/scorecard_coverage.h), so that no
// assignment lands on a contact the card has no criterion for.
struct DrawableChannels {
  // Neither the plan nor the card narrows the channels: every interaction qualifies.
  bool every = false;
  // Otherwise exactly these, ascending; empty means no interaction qualifies.
  std::vector<int> channels;

  bool none() const { return !every && channels.empty(); }
};
DrawableChannels ChannelsToDraw(const std::vector<int>& plan_channels,
                                const v1::Scorecard& published);

// How many interactions a week of one agent should get.
struct QuotaRule {
  // Exactly one of the two is set (> 0).
  int per_agent_per_week = 0;
  double percent = 0;
  // With percent: the least per week.
  int minimum_per_agent = 0;
  bool stratify_by_channel = false;
};

// The wanted count for a week in which the agent had `week_total` interactions (in the drawable
// channels): per_agent_per_week, or max(minimum_per_agent, ⌈percent × week_total / 100⌉).
// Not capped: the caller compares it with what is available, so a shortfall stays visible.
int WantedCount(const QuotaRule& rule, int week_total);

// The seed of one agent-week: `seed` XOR FNV-1a-64 of "<agent>\0<week_start_ms>", so that each
// agent-week draws the same sample whatever else is generated with it, in whatever order.
uint64_t AgentWeekSeed(uint64_t seed, const std::string& agent_employee_id, int64_t week_start_ms);

// Spreads `count` (<= candidates.size()) draws over the candidates' time span: sorted by
// (start_ms, interaction_id), the candidates are cut into `count` consecutive strata of equal
// size (±1) and one is drawn from each. Returns the draws in time order.
std::vector<Candidate> DrawSpread(std::vector<Candidate> candidates, int count, uint64_t seed);

// Splits `total` over groups of the given sizes in proportion to the sizes, by largest
// remainder (ties go to the earlier group); no group gets more than its size when total does
// not exceed the sum of sizes.
std::vector<int> AllocateProportionally(const std::vector<int>& sizes, int total);

// One agent-week to sample.
struct AgentWeek {
  std::string agent_employee_id;
  int64_t week_start_ms = 0;
  // The agent's interactions of the week in the drawable channels, evaluated or not.
  int week_total = 0;
  // This plan's assignments of the agent-week from earlier runs (skipped ones not counted).
  int already_assigned = 0;
  // Interactions of the week neither evaluated nor assigned in this plan.
  std::vector<Candidate> available;
};

struct AgentWeekSample {
  int wanted = 0;
  // Drawn now, in time order (per channel when stratified, channels ascending).
  std::vector<Candidate> drawn;
};

// Draws what the agent-week still needs: wanted − already_assigned, capped by what is
// available. With stratify_by_channel the draws are allocated across channels in proportion to
// the available interactions of each, then spread within each channel.
AgentWeekSample SampleAgentWeek(const QuotaRule& rule, const AgentWeek& week, uint64_t seed);

// Hands each draw to an evaluator: the one with the fewest open assignments so far (counting
// `open_counts` and the draws handed out before), never the interaction's own agent; ties are
// broken by an order of the evaluators shuffled with `seed`. `agents[i]` is the agent of draw i.
// nullopt for a draw no evaluator may take (the agent is the only evaluator).
std::vector<std::optional<std::string>> BalanceEvaluators(
    const std::vector<std::string>& agents, const std::vector<std::string>& evaluators,
    const std::map<std::string, int>& open_counts, uint64_t seed);

// The replacement for a skipped interaction: the candidate closest in start time to it (ties:
// the earlier, then the lower id), so the week's sample stays spread. nullopt when there is none.
std::optional<Candidate> PickReplacement(const std::vector<Candidate>& candidates,
                                         int64_t skipped_start_ms);

}  // namespace escala::server
