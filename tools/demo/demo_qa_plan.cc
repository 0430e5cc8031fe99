#include "tools/demo/demo_qa_plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/qa/scoring/scorecard_coverage.h"
#include "tools/demo/demo_random.h"
#include "tools/demo/demo_tokens.h"

namespace escala::demo {
namespace {

namespace v1 = escala::v1;

// Streams of their own (demo_data.cc uses 1 and 2), so QA draws never shift people or contacts.
constexpr uint64_t kQaStream = 3;
constexpr uint64_t kCalibrationStream = 4;

constexpr int kMinEvaluationsPerAgent = 3;
constexpr int kMaxEvaluationsPerAgent = 5;
// Share of agents who acknowledge the evaluations they were given.
constexpr double kAcknowledgingAgents = 0.3;

int64_t ToMillis(const google::protobuf::Timestamp& ts) {
  return ts.seconds() * 1000 + ts.nanos() / 1000000;
}

absl::Time ToTime(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixMillis(ToMillis(ts));
}

double Clamp01(double x) { return std::min(1.0, std::max(0.0, x)); }

// An answer on `criterion`'s scale for a contact of quality `q` (0 poor … 1 excellent).
// `critical_failures`: whether a critical criterion may fail at all (it zeroes a score or section,
// which in a calibration would swamp the evaluators' leanings).
v1::CriterionAnswer Answer(const v1::Criterion& criterion, double q, double noise,
                           bool critical_failures, DemoRandom& rng) {
  v1::CriterionAnswer answer;
  answer.set_criterion_key(criterion.key());
  // Identity checks do not apply to contacts without account data now and then.
  if (criterion.allow_na() && rng.Chance(0.15)) {
    answer.set_not_applicable(true);
    return answer;
  }
  double level = Clamp01(q + noise * rng.Normal());
  // Critical scaled criteria sit at or above their threshold (0.5 when unset) but for the rare
  // failure, rarer for good agents.
  if (criterion.critical() && criterion.scale().kind() != v1::SCALE_KIND_YES_NO) {
    const double floor = criterion.has_critical_threshold() ? criterion.critical_threshold() : 0.5;
    const bool fails = critical_failures && rng.Chance(0.08 - 0.07 * q);
    level = fails ? floor * level : floor + (1 - floor) * level;
  }
  switch (criterion.scale().kind()) {
    case v1::SCALE_KIND_YES_NO:
      // A failed critical criterion zeroes a score: rare, and rarer for good agents.
      answer.set_value(
          (criterion.critical() && !critical_failures) ||
                  rng.Chance(criterion.critical() ? 0.92 + 0.07 * q : 0.45 + 0.5 * level)
              ? 1
              : 0);
      break;
    case v1::SCALE_KIND_POINTS: {
      const int32_t max = criterion.scale().max();
      answer.set_value(static_cast<int32_t>(std::lround(level * max)));
      break;
    }
    default: {
      const int32_t lo = criterion.scale().min();
      const int32_t hi = criterion.scale().max();
      answer.set_value(lo + static_cast<int32_t>(std::lround(level * (hi - lo))));
      break;
    }
  }
  return answer;
}

std::vector<v1::CriterionAnswer> Answers(const v1::Scorecard& card, double q, double noise,
                                         bool critical_failures, DemoRandom& rng) {
  std::vector<v1::CriterionAnswer> answers;
  for (const v1::ScorecardSection& section : card.sections()) {
    for (const v1::Criterion& criterion : section.criteria()) {
      answers.push_back(Answer(criterion, q, noise, critical_failures, rng));
    }
  }
  return answers;
}

const v1::Criterion* FindCriterion(const v1::Scorecard& card, const std::string& key) {
  for (const v1::ScorecardSection& section : card.sections()) {
    for (const v1::Criterion& criterion : section.criteria()) {
      if (criterion.key() == key) return &criterion;
    }
  }
  return nullptr;
}

// Makes `e` contested on a scaled criterion the agent did not get full marks on (lowering one when
// every answer is perfect: nobody disputes a perfect score), resolved one point up.
void Contest(const v1::Scorecard& card, DemoEvaluation& e, DemoAgentResponse response,
             const std::string& lead) {
  v1::CriterionAnswer* pick = nullptr;
  v1::CriterionAnswer* fallback = nullptr;
  for (v1::CriterionAnswer& answer : e.answers) {
    const v1::Criterion* c = FindCriterion(card, answer.criterion_key());
    if (c == nullptr || c->scale().kind() == v1::SCALE_KIND_YES_NO || !answer.has_value()) {
      continue;
    }
    if (fallback == nullptr) fallback = &answer;
    if (answer.value() < c->scale().max()) {
      pick = &answer;
      break;
    }
  }
  if (pick == nullptr) {
    if (fallback == nullptr) return;
    pick = fallback;
    pick->set_value(pick->value() - 1);
  }
  e.response = response;
  e.disputed_criterion = pick->criterion_key();
  e.dispute_reason = "The customer thanked me for this part; the recording shows it.";
  if (response == DemoAgentResponse::kDisputeResolved) {
    e.resolver_employee_id = lead;
    e.adjusted_value = pick->value() + 1;
  }
}

std::map<std::string, std::string> LeadsByTeam(const DemoData& data) {
  std::set<std::string> active;
  for (const v1::Person& p : data.people) {
    if (p.active()) active.insert(p.employee_id());
  }
  std::map<std::string, std::string> leads;
  for (const v1::Team& team : data.teams) {
    if (active.contains(team.lead_employee_id())) leads[team.team_id()] = team.lead_employee_id();
  }
  return leads;
}

std::vector<std::string> ActiveOfRole(const DemoData& data, v1::Role role) {
  std::vector<std::string> ids;
  for (const v1::Person& p : data.people) {
    if (p.active() && p.role() == role) ids.push_back(p.employee_id());
  }
  return ids;
}

DemoContactRef RefOf(const v1::Interaction& ix) {
  return {ix.source_system(), ix.source_id(), ix.agent_employee_id(), ToTime(ix.start_time())};
}

}  // namespace

absl::Time WeekStartUtc(absl::Time t) {
  const absl::TimeZone utc = absl::UTCTimeZone();
  const absl::CivilDay day = absl::ToCivilDay(t, utc);
  const absl::CivilDay monday = absl::PrevWeekday(day + 1, absl::Weekday::monday);
  return absl::FromCivil(monday, utc);
}

DemoQaPlan PlanDemoQa(const DemoData& data, const DemoOptions& options, const v1::Scorecard& card) {
  DemoQaPlan plan;
  plan.scorecard_id = card.scorecard_id();
  std::string demo_agent, demo_lead, analyst;
  for (const DemoTokenHolder& holder : PickDemoTokenHolders(data)) {
    if (holder.role == "agent") demo_agent = holder.employee_id;
    if (holder.role == "team_lead") demo_lead = holder.employee_id;
    if (holder.role == "qa_analyst") analyst = holder.employee_id;
  }
  if (demo_agent.empty() || demo_lead.empty() || analyst.empty()) return plan;
  const std::map<std::string, std::string> leads = LeadsByTeam(data);
  std::string demo_team;
  for (const v1::Person& p : data.people) {
    if (p.employee_id() == demo_agent) demo_team = p.team_id();
  }

  // The sampling plan's weeks; evaluations come from before them, so the plan finds its weeks
  // untouched.
  DemoSamplingPlan& sampling = plan.sampling_plan;
  sampling.name = absl::StrCat("Demo weekly review: ", demo_team);
  sampling.team_id = demo_team;
  sampling.evaluator_employee_ids = {demo_lead, analyst};
  const absl::Time last_contact = options.end - absl::Milliseconds(1);
  sampling.period_start = WeekStartUtc(last_contact) - absl::Hours(24 * 7);
  sampling.period_end = WeekStartUtc(last_contact) + absl::Hours(24 * 7);
  sampling.seed = options.seed;
  // The card is meant for some channels only (phone, chat and email): the plan says so too, so
  // that `escala plans show` tells the same story as the card and the queues.
  if (!card.channels().empty()) sampling.channels = server::CoveredChannels(card);

  std::map<std::string, std::vector<const v1::Interaction*>> by_agent;
  for (const v1::Interaction& ix : data.interactions) {
    if (!ix.has_end_time() || ix.agent_employee_id().empty()) continue;
    if (!server::CoversChannel(card, ix.channel())) continue;
    if (ToTime(ix.start_time()) >= sampling.period_start) continue;
    by_agent[ix.agent_employee_id()].push_back(&ix);
  }

  DemoRandom rng(MixSeed(options.seed, kQaStream));
  std::string resolved_agent;
  for (const v1::Person& agent : data.people) {
    if (!agent.active() || agent.role() != v1::ROLE_AGENT || agent.level() != 1) continue;
    const auto lead = leads.find(agent.team_id());
    if (lead == leads.end()) continue;
    // One quality per agent for all their contacts: the differences between agents are steady,
    // not noise.
    const double quality = Clamp01(0.68 + 0.16 * rng.Normal());
    const bool acknowledges = rng.Chance(kAcknowledgingAgents);
    int count = static_cast<int>(rng.Between(kMinEvaluationsPerAgent, kMaxEvaluationsPerAgent));
    // The promotion story's agents (demo_promotion_candidates.h): steady and strong, enough
    // evaluations for the policy (the nearly ready one has too few), no critical failure; the
    // regressing one weak on the contacts since their promotion.
    const bool candidate = data.promotion.Contains(agent.employee_id());
    if (candidate) {
      count = agent.employee_id() == data.promotion.nearly_ready ? kDemoNearlyReadyEvaluations
                                                                 : kDemoReadyEvaluations;
    }
    const absl::Time slipped_from = options.end - absl::Hours(24) * kDemoRegressionDays;
    const std::vector<const v1::Interaction*>& pool = by_agent[agent.employee_id()];
    if (pool.empty()) continue;
    const int n = std::min<int>(count, static_cast<int>(pool.size()));
    const size_t first = plan.evaluations.size();
    for (int i = 0; i < n; ++i) {
      // One per equal slice of the agent's contacts (ordered by start), so they spread over the
      // window.
      const size_t lo = pool.size() * static_cast<size_t>(i) / static_cast<size_t>(n);
      const size_t hi = pool.size() * static_cast<size_t>(i + 1) / static_cast<size_t>(n);
      const v1::Interaction& ix = *pool[lo + rng.Below(hi - lo)];
      DemoEvaluation e;
      e.contact = RefOf(ix);
      e.agent_employee_id = agent.employee_id();
      e.team_id = agent.team_id();
      e.evaluator_employee_id = i % 2 == 0 ? analyst : lead->second;
      double q = candidate ? 0.93 : quality;
      if (agent.employee_id() == data.promotion.regressing &&
          ToTime(ix.start_time()) >= slipped_from) {
        q = 0.3;
      }
      e.answers = Answers(card, q, candidate ? 0.05 : 0.12, !candidate, rng);
      e.overall_comment = q >= 0.7   ? "Confident, accurate contact."
                          : q >= 0.5 ? "Solid contact; see the coaching points."
                                     : "Several gaps; let's go through the recording.";
      if (acknowledges) e.response = DemoAgentResponse::kAcknowledge;
      plan.evaluations.push_back(std::move(e));
    }
    // The disputes are on the analyst's evaluations (index 0), so the team lead, who is neither the
    // agent nor the evaluator, may decide them.
    if (agent.employee_id() == demo_agent) {
      Contest(card, plan.evaluations[first], DemoAgentResponse::kDisputeOpen, lead->second);
    } else if (resolved_agent.empty() && agent.team_id() == demo_team) {
      resolved_agent = agent.employee_id();
      Contest(card, plan.evaluations[first], DemoAgentResponse::kDisputeResolved, lead->second);
    }
  }

  // Calibration: two QA analysts and the demo team lead score, a manager is the expert. Each
  // evaluator has a steady lean (the lead lenient, the second analyst strict) so the figures show.
  std::vector<std::string> analysts = ActiveOfRole(data, v1::ROLE_QA_ANALYST);
  std::vector<std::string> managers = ActiveOfRole(data, v1::ROLE_MANAGER);
  std::vector<const v1::Interaction*> calib_pool;
  for (const v1::Interaction& ix : data.interactions) {
    if (ix.has_end_time() && !ix.agent_employee_id().empty() &&
        ToTime(ix.start_time()) < sampling.period_start &&
        server::CoversChannel(card, ix.channel())) {
      calib_pool.push_back(&ix);
    }
  }
  if (analysts.size() < 2 || calib_pool.size() < 4) return plan;
  DemoRandom calib_rng(MixSeed(options.seed, kCalibrationStream));
  std::set<size_t> picked;
  while (picked.size() < 4) picked.insert(calib_rng.Below(calib_pool.size()));
  std::vector<DemoContactRef> refs;
  for (size_t i : picked) refs.push_back(RefOf(*calib_pool[i]));
  const std::vector<std::pair<std::string, double>> leans = {
      {analysts[0], 0.0}, {analysts[1], -0.15}, {demo_lead, 0.15}};

  DemoCalibration closed;
  closed.title = "Demo calibration: customer contact, round 1";
  closed.creator_employee_id = analyst;
  for (const auto& [who, lean] : leans) closed.evaluator_employee_ids.push_back(who);
  if (!managers.empty()) closed.expert_employee_id = managers.front();
  closed.contacts = {refs[0], refs[1]};
  closed.closed = true;
  for (size_t id = 0; id < closed.contacts.size(); ++id) {
    const double truth = Clamp01(0.65 + 0.1 * calib_rng.Normal());
    for (const auto& [who, lean] : leans) {
      closed.scores.push_back(
          {who, id, Answers(card, Clamp01(truth + lean), 0.08, false, calib_rng)});
    }
    if (!closed.expert_employee_id.empty()) {
      closed.scores.push_back(
          {closed.expert_employee_id, id, Answers(card, truth, 0.0, false, calib_rng)});
    }
  }

  DemoCalibration open;
  open.title = "Demo calibration: customer contact, round 2";
  open.creator_employee_id = analyst;
  open.evaluator_employee_ids = closed.evaluator_employee_ids;
  open.expert_employee_id = closed.expert_employee_id;
  open.contacts = {refs[2], refs[3]};
  // The analyst has started: the others' scores stay hidden from them until they score too.
  open.scores.push_back({analyst, 0, Answers(card, 0.6, 0.1, false, calib_rng)});
  plan.calibrations = {std::move(closed), std::move(open)};
  return plan;
}

}  // namespace escala::demo
