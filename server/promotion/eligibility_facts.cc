#include "server/promotion/eligibility_facts.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/time/civil_time.h"
#include "db/common/proto_time.h"
#include "server/kpi/kpi_metrics.h"
#include "server/training/certification_status.h"

namespace escala::server {
namespace {

// Evaluations read per page.
constexpr int kEvaluationPage = 500;

// The widest window (days) of the rules that read evaluations; 0 when none does.
int EvaluationWindowDays(const v1::PromotionPolicy& policy) {
  int days = 0;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    switch (criterion.rule_case()) {
      case v1::PromotionCriterion::kQuality:
        days = std::max(days, criterion.quality().window_days());
        break;
      case v1::PromotionCriterion::kNoCriticalFailure:
        days = std::max(days, criterion.no_critical_failure().window_days());
        break;
      case v1::PromotionCriterion::kNoLostDisputes:
        days = std::max(days, criterion.no_lost_disputes().window_days());
        break;
      default:
        break;
    }
  }
  return days;
}

// A dispute is lost when the reviewer upheld every contested answer.
bool DisputeLost(const v1::Dispute& dispute) {
  if (dispute.items().empty()) return false;
  return std::all_of(
      dispute.items().begin(), dispute.items().end(),
      [](const v1::ContestedCriterion& c) { return c.outcome() == v1::DISPUTE_OUTCOME_UPHELD; });
}

EvaluationFact FactOf(const v1::Evaluation& evaluation, absl::Time as_of) {
  EvaluationFact fact;
  fact.evaluation_id = evaluation.id();
  fact.scorecard_id = evaluation.scorecard_id();
  fact.submit_time = absl::FromUnixMillis(db::TimestampToMillis(evaluation.submit_time()));
  if (evaluation.has_score()) fact.score = evaluation.score();
  fact.critical_failure =
      evaluation.zeroed_by_critical() || !evaluation.failed_critical_keys().empty();
  if (evaluation.dispute().has_resolve_time()) {
    const absl::Time resolved =
        absl::FromUnixMillis(db::TimestampToMillis(evaluation.dispute().resolve_time()));
    // A decision taken after the as-of time was not known then.
    if (resolved <= as_of) {
      fact.dispute_resolve_time = resolved;
      fact.dispute_lost = DisputeLost(evaluation.dispute());
    }
  }
  return fact;
}

std::optional<absl::CivilDay> HireDay(const v1::Person& person) {
  absl::CivilDay day;
  if (person.hire_date().empty() || !absl::ParseCivilTime(person.hire_date(), &day)) {
    return std::nullopt;
  }
  return day;
}

int UtcDayNumber(absl::Time time) {
  return static_cast<int>(absl::ToCivilDay(time, absl::UTCTimeZone()) - absl::CivilDay(1970, 1, 1));
}

}  // namespace

absl::StatusOr<KpiFigure> EligibilityFactsReader::ReadKpi(v1::KpiMetric metric,
                                                          const std::string& employee_id,
                                                          absl::Time start, absl::Time end) {
  absl::StatusOr<db::CountersByDay> days =
      reports_.KpiByDay("agent", employee_id, UtcDayNumber(start), UtcDayNumber(end));
  if (!days.ok()) return days.status();
  std::vector<int64_t> sums;
  for (const auto& [day, counters] : *days) {
    if (sums.size() < counters.size()) sums.resize(counters.size(), 0);
    for (std::size_t i = 0; i < counters.size(); ++i) sums[i] += counters[i];
  }
  if (sums.empty()) return KpiFigure{};
  const v1::KpiValue value = ComputeKpi(metric, sums);
  KpiFigure figure;
  if (value.has_value()) figure.value = value.value();
  figure.n = value.n();
  return figure;
}

absl::Status EligibilityFactsReader::ReadLevel(const v1::Person& person, absl::Time as_of,
                                               PersonFacts& facts) {
  absl::StatusOr<std::vector<db::LevelChange>> changes = people_.LevelChanges(person.employee_id());
  if (!changes.ok()) return changes.status();
  // The level then: walking back the changes made after the as-of time.
  int32_t level = person.level();
  for (auto it = changes->rbegin(); it != changes->rend() && it->change_time > as_of; ++it) {
    level = it->from_level;
  }
  facts.level = level;
  facts.level_since = HireDay(person);
  for (const db::LevelChange& change : *changes) {
    if (change.change_time > as_of) break;
    if (change.to_level == level) {
      facts.level_since = absl::ToCivilDay(change.change_time, absl::UTCTimeZone());
    }
  }
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadEvaluations(const v1::PromotionPolicy& policy,
                                                     const v1::Person& person, absl::Time as_of,
                                                     PersonFacts& facts) {
  const int window_days = EvaluationWindowDays(policy);
  if (window_days == 0) return absl::OkStatus();
  db::EvaluationFilter filter;
  filter.agent_employee_id = person.employee_id();
  filter.exclude_drafts = true;
  filter.submitted_from_ms = absl::ToUnixMillis(as_of - absl::Hours(24) * window_days);
  filter.submitted_to_ms = absl::ToUnixMillis(as_of) + 1;
  std::optional<int64_t> before;
  while (true) {
    absl::StatusOr<std::vector<v1::Evaluation>> page =
        evaluations_.List(filter, before, kEvaluationPage);
    if (!page.ok()) return page.status();
    for (const v1::Evaluation& evaluation : *page) {
      facts.evaluations.push_back(FactOf(evaluation, as_of));
    }
    if (static_cast<int>(page->size()) < kEvaluationPage) break;
    before = page->back().id();
  }
  // Oldest first, so that evidence reads in the order things happened.
  std::sort(facts.evaluations.begin(), facts.evaluations.end(),
            [](const EvaluationFact& a, const EvaluationFact& b) {
              return a.evaluation_id < b.evaluation_id;
            });
  return absl::OkStatus();
}

absl::Status EligibilityFactsReader::ReadCertifications(
    const v1::PromotionPolicy& policy, const v1::Person& person,
    const std::vector<v1::TrainingCompletion>& completions, absl::Time as_of, PersonFacts& facts) {
  std::set<std::string> named;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    if (criterion.has_certifications()) {
      named.insert(criterion.certifications().certification_ids().begin(),
                   criterion.certifications().certification_ids().end());
    }
  }
  const absl::CivilDay day = absl::ToCivilDay(as_of, absl::UTCTimeZone());
  for (const std::string& id : named) {
    absl::StatusOr<v1::Certification> certification = certifications_.Get(id);
    // A certification that does not exist is simply not held.
    if (absl::IsNotFound(certification.status())) continue;
    if (!certification.ok()) return certification.status();
    absl::StatusOr<CertificationWalk> walk = WalkCompletions(*certification, completions);
    if (!walk.ok()) return walk.status();
    const v1::CertificationStatus status = StatusOf(*certification, person, *walk, day);
    if (status.state() == v1::CERTIFICATION_STATE_CERTIFIED ||
        status.state() == v1::CERTIFICATION_STATE_RENEWAL_OPEN) {
      facts.certifications.push_back({id, status.expiry_date()});
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<PersonFacts> EligibilityFactsReader::Read(const v1::PromotionPolicy& policy,
                                                         const v1::Person& person,
                                                         absl::Time as_of) {
  PersonFacts facts;
  facts.person = person;
  if (absl::Status s = ReadLevel(person, as_of, facts); !s.ok()) return s;
  if (absl::Status s = ReadEvaluations(policy, person, as_of, facts); !s.ok()) return s;
  absl::StatusOr<std::vector<v1::TrainingCompletion>> completions =
      completions_.CompletionsOf({person.employee_id()}, as_of);
  if (!completions.ok()) return completions.status();
  for (const v1::TrainingCompletion& completion : *completions) {
    facts.completions.push_back({completion.course_id(), absl::FromUnixMillis(db::TimestampToMillis(
                                                             completion.completion_time()))});
  }
  if (absl::Status s = ReadCertifications(policy, person, *completions, as_of, facts); !s.ok()) {
    return s;
  }
  // Each KPI rule's figure is read here, so that a failed read is an error of the call; the
  // evaluation looks the figures up by metric and window.
  std::map<std::tuple<int, absl::Time, absl::Time>, KpiFigure> figures;
  for (const v1::PromotionCriterion& criterion : policy.criteria()) {
    if (!criterion.has_kpi()) continue;
    const v1::KpiRule& rule = criterion.kpi();
    const absl::Time start = as_of - absl::Hours(24) * rule.window_days();
    absl::StatusOr<KpiFigure> figure = ReadKpi(rule.metric(), person.employee_id(), start, as_of);
    if (!figure.ok()) return figure.status();
    figures[{rule.metric(), start, as_of}] = *figure;
  }
  facts.kpis = [figures = std::move(figures)](v1::KpiMetric metric, absl::Time start,
                                              absl::Time end) -> KpiFigure {
    auto found = figures.find({metric, start, end});
    return found == figures.end() ? KpiFigure{} : found->second;
  };
  return facts;
}

}  // namespace escala::server
