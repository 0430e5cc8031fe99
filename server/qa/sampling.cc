#include "server/qa/sampling.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <tuple>

#include "server/qa/scoring/scorecard_coverage.h"

namespace escala::server {
namespace {

constexpr int64_t kDayMillis = 24LL * 60 * 60 * 1000;
constexpr int64_t kWeekMillis = 7 * kDayMillis;
// 1970-01-01 was a Thursday: Monday 1969-12-29 00:00 UTC is 3 days before the epoch.
constexpr int64_t kMondayOffsetMillis = 3 * kDayMillis;

uint64_t Fnv1a(const std::string& text) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool EarlierCandidate(const Candidate& a, const Candidate& b) {
  return std::tie(a.start_ms, a.interaction_id) < std::tie(b.start_ms, b.interaction_id);
}

// A uniform index below `size`. The modulo bias is below size / 2^64: nothing a sample of
// interactions could show.
std::size_t Below(std::mt19937_64& rng, std::size_t size) { return rng() % size; }

std::vector<Candidate> DrawSpreadWith(std::vector<Candidate> candidates, int count,
                                      std::mt19937_64& rng) {
  std::sort(candidates.begin(), candidates.end(), EarlierCandidate);
  std::vector<Candidate> drawn;
  const std::size_t n = candidates.size();
  if (count <= 0 || n == 0) return drawn;
  const std::size_t strata = std::min<std::size_t>(count, n);
  for (std::size_t i = 0; i < strata; ++i) {
    const std::size_t begin = i * n / strata;
    const std::size_t end = (i + 1) * n / strata;
    drawn.push_back(candidates[begin + Below(rng, end - begin)]);
  }
  return drawn;
}

}  // namespace

int64_t WeekStartMillis(int64_t millis) {
  const int64_t shifted = millis + kMondayOffsetMillis;
  int64_t weeks = shifted / kWeekMillis;
  if (shifted % kWeekMillis < 0) --weeks;
  return weeks * kWeekMillis - kMondayOffsetMillis;
}

bool IsWeekStart(int64_t millis) { return WeekStartMillis(millis) == millis; }

int WantedCount(const QuotaRule& rule, int week_total) {
  if (rule.per_agent_per_week > 0) return rule.per_agent_per_week;
  // The small epsilon keeps 10 % of 30 at 3 when the product comes out as 3.0000000000000004.
  const double share = rule.percent * week_total / 100.0;
  const int by_percent = static_cast<int>(std::ceil(share - 1e-9));
  return std::max(rule.minimum_per_agent, std::max(0, by_percent));
}

uint64_t AgentWeekSeed(uint64_t seed, const std::string& agent_employee_id, int64_t week_start_ms) {
  std::string key = agent_employee_id;
  key.push_back('\0');
  key += std::to_string(week_start_ms);
  return seed ^ Fnv1a(key);
}

std::vector<Candidate> DrawSpread(std::vector<Candidate> candidates, int count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  return DrawSpreadWith(std::move(candidates), count, rng);
}

std::vector<int> AllocateProportionally(const std::vector<int>& sizes, int total) {
  std::vector<int> shares(sizes.size(), 0);
  const long long sum = std::accumulate(sizes.begin(), sizes.end(), 0LL);
  if (sum <= 0 || total <= 0) return shares;
  // Integer arithmetic: quotas and remainders of total × size / sum, exact.
  std::vector<long long> remainders(sizes.size());
  int given = 0;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    const long long product = static_cast<long long>(total) * sizes[i];
    shares[i] = static_cast<int>(product / sum);
    remainders[i] = product % sum;
    given += shares[i];
  }
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainders[a] > remainders[b]; });
  for (std::size_t k = 0; given < total && k < order.size(); ++k) {
    if (remainders[order[k]] == 0) break;
    ++shares[order[k]];
    ++given;
  }
  return shares;
}

AgentWeekSample SampleAgentWeek(const QuotaRule& rule, const AgentWeek& week, uint64_t seed) {
  AgentWeekSample sample;
  sample.wanted = WantedCount(rule, week.week_total);
  const int need = std::max(0, sample.wanted - week.already_assigned);
  const int count = std::min<int>(need, static_cast<int>(week.available.size()));
  std::mt19937_64 rng(AgentWeekSeed(seed, week.agent_employee_id, week.week_start_ms));
  if (!rule.stratify_by_channel) {
    sample.drawn = DrawSpreadWith(week.available, count, rng);
    return sample;
  }
  std::map<int, std::vector<Candidate>> by_channel;
  for (const Candidate& candidate : week.available)
    by_channel[candidate.channel].push_back(candidate);
  std::vector<int> sizes;
  for (const auto& [channel, candidates] : by_channel)
    sizes.push_back(static_cast<int>(candidates.size()));
  const std::vector<int> shares = AllocateProportionally(sizes, count);
  std::size_t index = 0;
  for (auto& [channel, candidates] : by_channel) {
    std::vector<Candidate> drawn = DrawSpreadWith(std::move(candidates), shares[index++], rng);
    sample.drawn.insert(sample.drawn.end(), drawn.begin(), drawn.end());
  }
  return sample;
}

std::vector<std::optional<std::string>> BalanceEvaluators(
    const std::vector<std::string>& agents, const std::vector<std::string>& evaluators,
    const std::map<std::string, int>& open_counts, uint64_t seed) {
  // The tie order: the evaluators sorted (so the caller's order does not matter), then shuffled
  // by Fisher–Yates with the seeded generator.
  std::vector<std::string> order = evaluators;
  std::sort(order.begin(), order.end());
  order.erase(std::unique(order.begin(), order.end()), order.end());
  std::mt19937_64 rng(seed);
  for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[Below(rng, i)]);
  std::vector<int> load(order.size(), 0);
  for (std::size_t i = 0; i < order.size(); ++i) {
    auto found = open_counts.find(order[i]);
    if (found != open_counts.end()) load[i] = found->second;
  }
  std::vector<std::optional<std::string>> chosen;
  chosen.reserve(agents.size());
  for (const std::string& agent : agents) {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (order[i] == agent) continue;
      if (!best || load[i] < load[*best]) best = i;
    }
    if (!best) {
      chosen.push_back(std::nullopt);
      continue;
    }
    ++load[*best];
    chosen.push_back(order[*best]);
  }
  return chosen;
}

std::optional<Candidate> PickReplacement(const std::vector<Candidate>& candidates,
                                         int64_t skipped_start_ms) {
  std::optional<Candidate> best;
  auto distance = [skipped_start_ms](const Candidate& c) {
    return c.start_ms > skipped_start_ms ? c.start_ms - skipped_start_ms
                                         : skipped_start_ms - c.start_ms;
  };
  for (const Candidate& candidate : candidates) {
    if (!best ||
        std::make_tuple(distance(candidate), candidate.start_ms, candidate.interaction_id) <
            std::make_tuple(distance(*best), best->start_ms, best->interaction_id)) {
      best = candidate;
    }
  }
  return best;
}

DrawableChannels ChannelsToDraw(const std::vector<int>& plan_channels,
                                const v1::Scorecard& published) {
  const std::vector<v1::Channel> covered = CoveredChannels(published);
  DrawableChannels drawable;
  if (plan_channels.empty()) {
    // A card that covers every known channel narrows nothing: no channel filter at all.
    int known = 0;
    for (int value = v1::Channel_MIN; value <= v1::Channel_MAX; ++value) {
      if (v1::Channel_IsValid(value) && value != v1::CHANNEL_UNSPECIFIED) ++known;
    }
    if (static_cast<int>(covered.size()) == known) {
      drawable.every = true;
      return drawable;
    }
    drawable.channels.assign(covered.begin(), covered.end());
    return drawable;
  }
  for (v1::Channel channel : covered) {
    if (std::find(plan_channels.begin(), plan_channels.end(), channel) != plan_channels.end()) {
      drawable.channels.push_back(channel);
    }
  }
  return drawable;
}

}  // namespace escala::server
