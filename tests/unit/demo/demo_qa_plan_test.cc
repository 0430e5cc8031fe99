#include "tools/demo/demo_qa_plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "client/qa/scorecard_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/qa/scoring/scorecard_coverage.h"
#include "tools/demo/demo_scorecard_files.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;
using ::testing::ElementsAre;
using ::testing::Ge;
using ::testing::Le;

const absl::TimeZone kQaPlanUtc = absl::UTCTimeZone();

DemoOptions Options(uint64_t seed) {
  DemoOptions options;
  options.seed = seed;
  options.days = 30;
  options.interactions_per_day = 200;
  // A Wednesday: the plan's weeks are 2026-11-16 and 2026-11-23.
  options.end = absl::FromCivil(absl::CivilDay(2026, 11, 25), kQaPlanUtc);
  return options;
}

v1::Scorecard DemoCard() {
  const DemoScorecardFile& file = DemoScorecardFiles().front();
  absl::StatusOr<v1::Scorecard> card = client::ParseScorecardJson(file.json, file.name);
  EXPECT_TRUE(card.ok()) << card.status();
  return *card;
}

struct Fixture {
  DemoOptions options;
  DemoData data;
  DemoQaPlan plan;
};

const Fixture& Seeded(uint64_t seed) {
  static std::map<uint64_t, Fixture>* cache = new std::map<uint64_t, Fixture>();
  auto found = cache->find(seed);
  if (found == cache->end()) {
    Fixture f;
    f.options = Options(seed);
    f.data = GenerateDemoData(f.options);
    f.plan = PlanDemoQa(f.data, f.options, DemoCard());
    found = cache->emplace(seed, std::move(f)).first;
  }
  return found->second;
}

std::string Holder(const DemoData& data, const std::string& role) {
  for (const DemoTokenHolder& h : PickDemoTokenHolders(data)) {
    if (h.role == role) return h.employee_id;
  }
  return "";
}

const v1::Criterion* CriterionOf(const v1::Scorecard& card, const std::string& key) {
  for (const v1::ScorecardSection& s : card.sections()) {
    for (const v1::Criterion& c : s.criteria()) {
      if (c.key() == key) return &c;
    }
  }
  return nullptr;
}

// 0..1 per answer, N/A left out.
double MeanLevel(const v1::Scorecard& card, const std::vector<v1::CriterionAnswer>& answers) {
  double sum = 0;
  int n = 0;
  for (const v1::CriterionAnswer& a : answers) {
    if (a.not_applicable()) continue;
    const v1::Criterion* c = CriterionOf(card, a.criterion_key());
    const int lo = c->scale().kind() == v1::SCALE_KIND_RANGE ? c->scale().min() : 0;
    const int hi = c->scale().kind() == v1::SCALE_KIND_YES_NO ? 1 : c->scale().max();
    sum += static_cast<double>(a.value() - lo) / (hi - lo);
    ++n;
  }
  return n == 0 ? 0 : sum / n;
}

std::string Fingerprint(const DemoQaPlan& plan) {
  std::string out;
  for (const DemoEvaluation& e : plan.evaluations) {
    out += e.contact.source_id + e.evaluator_employee_id +
           std::to_string(static_cast<int>(e.response));
    for (const v1::CriterionAnswer& a : e.answers) out += a.SerializeAsString();
  }
  for (const DemoCalibration& c : plan.calibrations) {
    for (const DemoContactRef& r : c.contacts) out += r.source_id;
    for (const DemoCalibrationScore& s : c.scores) {
      for (const v1::CriterionAnswer& a : s.answers) out += a.SerializeAsString();
    }
  }
  return out;
}

TEST(WeekStartUtcTest, IsTheMondayOfTheWeek) {
  const auto at = [](int y, int m, int d, int h) {
    return absl::FromCivil(absl::CivilHour(y, m, d, h), kQaPlanUtc);
  };
  const absl::Time monday = at(2026, 11, 23, 0);
  EXPECT_EQ(WeekStartUtc(at(2026, 11, 25, 13)), monday);
  EXPECT_EQ(WeekStartUtc(monday), monday);
  EXPECT_EQ(WeekStartUtc(at(2026, 11, 29, 23)), monday);
  EXPECT_EQ(WeekStartUtc(at(2026, 11, 22, 23)), at(2026, 11, 16, 0));
}

TEST(PlanDemoQaTest, IsDeterministicForASeedAndDiffersAcrossSeeds) {
  const Fixture& a = Seeded(1);
  const DemoQaPlan again = PlanDemoQa(a.data, a.options, DemoCard());
  EXPECT_EQ(Fingerprint(a.plan), Fingerprint(again));
  EXPECT_NE(Fingerprint(a.plan), Fingerprint(Seeded(2).plan));
}

TEST(PlanDemoQaTest, EveryAgentGetsValidEvaluationsBeforeThePlanWeeks) {
  const Fixture& f = Seeded(1);
  const v1::Scorecard card = DemoCard();
  std::map<std::string, std::string> lead_of_team;
  for (const v1::Team& t : f.data.teams) lead_of_team[t.team_id()] = t.lead_employee_id();
  std::map<std::string, int> per_agent;
  std::set<std::string> seen;
  const std::string analyst = Holder(f.data, "qa_analyst");
  for (const DemoEvaluation& e : f.plan.evaluations) {
    ++per_agent[e.agent_employee_id];
    EXPECT_TRUE(seen.insert(e.contact.source_id).second) << e.contact.source_id;
    EXPECT_EQ(e.contact.agent_employee_id, e.agent_employee_id);
    EXPECT_LT(e.contact.start, f.plan.sampling_plan.period_start);
    EXPECT_TRUE(e.evaluator_employee_id == analyst ||
                e.evaluator_employee_id == lead_of_team[e.team_id])
        << e.evaluator_employee_id;
    ASSERT_EQ(e.answers.size(), 7u);
    for (const v1::CriterionAnswer& a : e.answers) {
      const v1::Criterion* c = CriterionOf(card, a.criterion_key());
      ASSERT_NE(c, nullptr);
      if (a.not_applicable()) {
        EXPECT_TRUE(c->allow_na()) << a.criterion_key();
        continue;
      }
      ASSERT_TRUE(a.has_value());
      const int lo = c->scale().kind() == v1::SCALE_KIND_RANGE ? c->scale().min() : 0;
      const int hi = c->scale().kind() == v1::SCALE_KIND_YES_NO ? 1 : c->scale().max();
      EXPECT_THAT(a.value(), Ge(lo));
      EXPECT_THAT(a.value(), Le(hi));
    }
  }
  int agents = 0;
  for (const v1::Person& p : f.data.people) {
    if (p.active() && p.role() == v1::ROLE_AGENT && p.level() == 1) ++agents;
  }
  EXPECT_EQ(static_cast<int>(per_agent.size()), agents);
  const DemoPromotionCandidates& story = f.data.promotion;
  for (const auto& [agent, n] : per_agent) {
    if (agent == story.nearly_ready) {
      EXPECT_EQ(n, kDemoNearlyReadyEvaluations);
    } else if (story.Contains(agent)) {
      EXPECT_EQ(n, kDemoReadyEvaluations) << agent;
    } else {
      EXPECT_THAT(n, Ge(3)) << agent;
      EXPECT_THAT(n, Le(5)) << agent;
    }
  }
}

// The promotion story: the ready agents are strong on every evaluation; the regressing one is
// strong before their promotion took effect and weak since.
TEST(PlanDemoQaTest, ThePromotionStorysAgentsScoreAsTheStorySays) {
  const Fixture& f = Seeded(1);
  const v1::Scorecard card = DemoCard();
  const DemoPromotionCandidates& story = f.data.promotion;
  ASSERT_EQ(story.ready.size(), static_cast<size_t>(kDemoReadyAgents));
  ASSERT_FALSE(story.regressing.empty());
  const absl::Time promoted = f.options.end - absl::Hours(24) * kDemoRegressionDays;
  std::vector<double> before, since;
  for (const DemoEvaluation& e : f.plan.evaluations) {
    if (e.agent_employee_id == story.regressing) {
      (e.contact.start >= promoted ? since : before).push_back(MeanLevel(card, e.answers));
    } else if (story.Contains(e.agent_employee_id)) {
      EXPECT_GT(MeanLevel(card, e.answers), 0.75) << e.agent_employee_id;
    }
  }
  ASSERT_GE(since.size(), 3u) << "enough evaluations since the promotion to judge it";
  ASSERT_GE(before.size(), 3u);
  for (double level : before) EXPECT_GT(level, 0.75);
  double mean_since = 0;
  for (double level : since) mean_since += level / static_cast<double>(since.size());
  EXPECT_LT(mean_since, 0.6);
}

TEST(PlanDemoQaTest, AgentsDifferSteadilyInQuality) {
  const Fixture& f = Seeded(1);
  const v1::Scorecard card = DemoCard();
  // Split-half: an agent's first evaluations predict their others, so the differences are the
  // agents', not noise.
  std::map<std::string, std::vector<double>> levels;
  for (const DemoEvaluation& e : f.plan.evaluations) {
    levels[e.agent_employee_id].push_back(MeanLevel(card, e.answers));
  }
  std::vector<std::pair<double, double>> halves;
  std::vector<double> means;
  for (const auto& [agent, l] : levels) {
    double first = l[0], rest = 0;
    for (size_t i = 1; i < l.size(); ++i) rest += l[i];
    rest /= static_cast<double>(l.size() - 1);
    halves.emplace_back(first, rest);
    means.push_back((first + rest * static_cast<double>(l.size() - 1)) /
                    static_cast<double>(l.size()));
  }
  std::sort(means.begin(), means.end());
  EXPECT_GT(means.back() - means.front(), 0.25);
  double mx = 0, my = 0;
  for (const auto& [x, y] : halves) mx += x, my += y;
  mx /= static_cast<double>(halves.size());
  my /= static_cast<double>(halves.size());
  double sxy = 0, sxx = 0, syy = 0;
  for (const auto& [x, y] : halves) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) * (x - mx);
    syy += (y - my) * (y - my);
  }
  EXPECT_GT(sxy / std::sqrt(sxx * syy), 0.4);
}

TEST(PlanDemoQaTest, OneOpenAndOneResolvedDisputeInTheDemoTeam) {
  const Fixture& f = Seeded(1);
  const std::string agent = Holder(f.data, "agent");
  const std::string lead = Holder(f.data, "team_lead");
  std::vector<const DemoEvaluation*> open, resolved;
  int acknowledged = 0;
  for (const DemoEvaluation& e : f.plan.evaluations) {
    if (e.response == DemoAgentResponse::kDisputeOpen) open.push_back(&e);
    if (e.response == DemoAgentResponse::kDisputeResolved) resolved.push_back(&e);
    if (e.response == DemoAgentResponse::kAcknowledge) ++acknowledged;
  }
  EXPECT_GT(acknowledged, 0);
  EXPECT_LT(acknowledged, static_cast<int>(f.plan.evaluations.size()) / 2);
  ASSERT_EQ(open.size(), 1u);
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_EQ(open[0]->agent_employee_id, agent);
  EXPECT_NE(resolved[0]->agent_employee_id, agent);
  EXPECT_EQ(resolved[0]->team_id, open[0]->team_id);
  EXPECT_EQ(resolved[0]->resolver_employee_id, lead);
  EXPECT_NE(resolved[0]->evaluator_employee_id, lead);
  const v1::Scorecard card = DemoCard();
  for (const DemoEvaluation* e : {open[0], resolved[0]}) {
    EXPECT_FALSE(e->dispute_reason.empty());
    const v1::Criterion* c = CriterionOf(card, e->disputed_criterion);
    ASSERT_NE(c, nullptr) << e->disputed_criterion;
    EXPECT_NE(c->scale().kind(), v1::SCALE_KIND_YES_NO);
  }
  EXPECT_THAT(resolved[0]->adjusted_value,
              Le(CriterionOf(card, resolved[0]->disputed_criterion)->scale().max()));
}

TEST(PlanDemoQaTest, SamplingPlanCoversTheDemoTeamForTheLastTwoWeeks) {
  const Fixture& f = Seeded(1);
  const DemoSamplingPlan& p = f.plan.sampling_plan;
  EXPECT_EQ(p.per_agent_per_week, 2);
  EXPECT_THAT(p.evaluator_employee_ids,
              ElementsAre(Holder(f.data, "team_lead"), Holder(f.data, "qa_analyst")));
  std::string team;
  for (const v1::Person& person : f.data.people) {
    if (person.employee_id() == Holder(f.data, "agent")) team = person.team_id();
  }
  EXPECT_EQ(p.team_id, team);
  EXPECT_EQ(p.period_start, absl::FromCivil(absl::CivilDay(2026, 11, 16), kQaPlanUtc));
  EXPECT_EQ(p.period_end, absl::FromCivil(absl::CivilDay(2026, 11, 30), kQaPlanUtc));
  EXPECT_EQ(p.seed, 1u);
}

TEST(PlanDemoQaTest, SamplingPlanAndScorecardAgreeOnTheChannels) {
  const Fixture& f = Seeded(1);
  const v1::Scorecard card = DemoCard();
  ASSERT_FALSE(card.channels().empty()) << "the demo card is meant for some channels only";
  // Exactly the channels the card covers: no web-form or social contact reaches a queue.
  EXPECT_THAT(f.plan.sampling_plan.channels,
              ElementsAre(v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT));
  for (v1::Channel channel : f.plan.sampling_plan.channels) {
    EXPECT_TRUE(server::CoversChannel(card, channel)) << v1::Channel_Name(channel);
  }
  // The demo data has contacts on the other channels, which the plan leaves out.
  std::set<int> seen;
  for (const v1::Interaction& ix : f.data.interactions) seen.insert(ix.channel());
  EXPECT_TRUE(seen.contains(v1::CHANNEL_WEB_FORM));
  EXPECT_FALSE(server::CoversChannel(card, v1::CHANNEL_WEB_FORM));
}

TEST(PlanDemoQaTest, OneClosedAndOneOpenCalibrationSession) {
  const Fixture& f = Seeded(1);
  ASSERT_EQ(f.plan.calibrations.size(), 2u);
  const DemoCalibration& closed = f.plan.calibrations[0];
  const DemoCalibration& open = f.plan.calibrations[1];
  EXPECT_TRUE(closed.closed);
  EXPECT_FALSE(open.closed);
  EXPECT_NE(closed.title, open.title);
  EXPECT_EQ(closed.evaluator_employee_ids.size(), 3u);
  EXPECT_FALSE(closed.expert_employee_id.empty());
  EXPECT_EQ(std::count(closed.evaluator_employee_ids.begin(), closed.evaluator_employee_ids.end(),
                       closed.expert_employee_id),
            0);
  ASSERT_EQ(closed.contacts.size(), 2u);
  ASSERT_EQ(open.contacts.size(), 2u);
  std::set<std::string> ids;
  for (const DemoCalibration* c : {&closed, &open}) {
    for (const DemoContactRef& r : c->contacts) ids.insert(r.source_id);
  }
  EXPECT_EQ(ids.size(), 4u);
  // Every evaluator and the expert score both interactions of the closed session.
  EXPECT_EQ(closed.scores.size(), 8u);
  EXPECT_EQ(open.scores.size(), 1u);
}

TEST(PlanDemoQaTest, EmptyWithoutPeople) {
  DemoData data = Seeded(1).data;
  data.people.clear();
  const DemoQaPlan plan = PlanDemoQa(data, Options(1), DemoCard());
  EXPECT_TRUE(plan.evaluations.empty());
  EXPECT_TRUE(plan.calibrations.empty());
}

}  // namespace
}  // namespace escala::demo
