#include "server/promotion/eligibility.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "server/stats/confidence_interval.h"

namespace escala::server {
namespace {

constexpr double kDefaultConfidence = 0.95;

const EvaluationTotals kNoEvaluations;

std::string IsoDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

absl::CivilDay UtcDay(absl::Time time) { return absl::ToCivilDay(time, absl::UTCTimeZone()); }

// "76.4": a figure for a sentence, one decimal at most.
std::string OneDecimal(double value) { return absl::StrFormat("%.1f", value); }

// The same day `months` calendar months later, clamped to the end of a shorter month
// (31 January + 1 month = 28 or 29 February).
absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  const absl::CivilDay same(month.year(), month.month(), day.day());
  // CivilDay normalises an overflowing day into the next month; keep the month's last day.
  return absl::CivilMonth(same) == month ? same : last;
}

// Whole calendar months from `from` to `to` (0 when `to` is earlier).
int WholeMonths(absl::CivilDay from, absl::CivilDay to) {
  int months = static_cast<int>((absl::CivilMonth(to) - absl::CivilMonth(from)));
  if (months > 0 && AddMonths(from, months) > to) --months;
  return std::max(months, 0);
}

// The first UTC day of a window of `window_days` whole days.
absl::CivilDay WindowFirstDay(absl::Time as_of, int window_days) {
  return WindowEndDay(as_of) - window_days;
}

bool InWindow(absl::Time at, absl::Time as_of, int window_days) {
  const absl::CivilDay day = UtcDay(at);
  return day >= WindowFirstDay(as_of, window_days) && day < WindowEndDay(as_of);
}

std::string EvaluationName(int64_t id) { return absl::StrCat("evaluations/", id); }

std::string Plural(int64_t count, const std::string& one, const std::string& many) {
  return absl::StrCat(count, " ", count == 1 ? one : many);
}

void Tenure(const v1::TenureRule& rule, const PersonFacts& facts, absl::Time as_of,
            v1::CriterionResult& result) {
  result.set_threshold(rule.min_months());
  if (!facts.level_since) {
    result.set_outcome(v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
    result.set_missing(absl::StrCat("no date on record for reaching level ", facts.level,
                                    " (no level history, no hire date)"));
    return;
  }
  const absl::CivilDay today = UtcDay(as_of);
  const int months = WholeMonths(*facts.level_since, today);
  result.set_value(months);
  const absl::CivilDay met_on = AddMonths(*facts.level_since, rule.min_months());
  if (met_on <= today) {
    result.set_outcome(v1::CRITERION_OUTCOME_MET);
    return;
  }
  result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  result.set_met_on_date(IsoDate(met_on));
  result.set_missing(absl::StrCat(Plural(rule.min_months() - months, "more month", "more months"),
                                  " at level ", facts.level, ": met on ", IsoDate(met_on)));
}

// Σ(x − mean)² in points², from the integer milli-point sums: (n·Σx² − (Σx)²) / n. The 64-bit
// mantissa of long double holds both products exactly while they stay below 1.8e19 (40,000
// evaluations of 100 points), so the subtraction loses nothing to cancellation.
double SquaredDeviations(const EvaluationTotals& totals) {
  if (totals.evaluations == 0) return 0.0;
  const long double n = static_cast<long double>(totals.evaluations);
  const long double sum = static_cast<long double>(totals.score_milli_sum);
  const long double numerator = n * static_cast<long double>(totals.score_milli_sq_sum) - sum * sum;
  return static_cast<double>(numerator / n / 1e6L);
}

void Quality(const v1::QualityRule& rule, const EvaluationTotals& totals, const PersonFacts& facts,
             absl::Time as_of, v1::CriterionResult& result) {
  if (facts.evaluation_evidence) {
    const std::set<std::string> cards(rule.scorecard_ids().begin(), rule.scorecard_ids().end());
    for (const EvaluationFact& evaluation : facts.evaluations) {
      if (!evaluation.score || !InWindow(evaluation.submit_time, as_of, rule.window_days())) {
        continue;
      }
      if (!cards.empty() && !cards.contains(evaluation.scorecard_id)) continue;
      result.add_evidence(EvaluationName(evaluation.evaluation_id));
    }
  }
  result.set_n(totals.evaluations);
  result.set_threshold(rule.min_score());
  const bool lower_bound = rule.judgement() == v1::QUALITY_JUDGEMENT_LOWER_BOUND;
  const MeanEstimate estimate = EstimateMeanFromMoments(
      totals.evaluations, static_cast<double>(totals.score_milli_sum) / 1000.0,
      SquaredDeviations(totals),
      lower_bound && rule.confidence() != 0 ? rule.confidence() : kDefaultConfidence);
  const std::optional<double> value = lower_bound ? estimate.low : estimate.mean;
  if (value) result.set_value(*value);
  const int64_t short_by = rule.min_evaluations() - result.n();
  if (short_by > 0) {
    result.set_outcome(v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
    result.set_missing(absl::StrCat(Plural(short_by, "more evaluation", "more evaluations"),
                                    " in the last ", rule.window_days(), " days"));
    return;
  }
  if (!value) {
    // A lower bound needs two scores; min_evaluations of 1 with one score lands here.
    result.set_outcome(v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
    result.set_missing("1 more evaluation: a confidence bound needs two scores");
    return;
  }
  if (*value >= rule.min_score()) {
    result.set_outcome(v1::CRITERION_OUTCOME_MET);
    return;
  }
  result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  result.set_missing(absl::StrCat(lower_bound ? "the lower bound of the mean " : "the mean ",
                                  OneDecimal(*value), " is below ", OneDecimal(rule.min_score())));
}

// Criteria met once certain events (critical failures, lost disputes) have left the window:
// `count` events inside it, the latest on `latest_day`, and their evidence when known.
void NoEventsInWindow(int64_t count, std::optional<absl::CivilDay> latest_day,
                      const std::vector<std::string>& evidence, int window_days,
                      const std::string& what, v1::CriterionResult& result) {
  result.set_threshold(0);
  result.set_value(static_cast<double>(count));
  if (count == 0) {
    result.set_outcome(v1::CRITERION_OUTCOME_MET);
    return;
  }
  for (const std::string& name : evidence) result.add_evidence(name);
  result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  std::string met;
  if (latest_day) {
    // The last event leaves the window the day after it is window_days old.
    const absl::CivilDay met_on = *latest_day + window_days + 1;
    result.set_met_on_date(IsoDate(met_on));
    met = absl::StrCat(": met on ", IsoDate(met_on));
  }
  result.set_missing(absl::StrCat(Plural(count, what, absl::StrCat(what, "s")), " in the last ",
                                  window_days, " days", met));
}

void NoCriticalFailure(const v1::NoCriticalFailureRule& rule, const EvaluationTotals& totals,
                       const PersonFacts& facts, absl::Time as_of, v1::CriterionResult& result) {
  std::vector<std::string> evidence;
  if (facts.evaluation_evidence) {
    for (const EvaluationFact& evaluation : facts.evaluations) {
      if (evaluation.critical_failure && evaluation.score &&
          InWindow(evaluation.submit_time, as_of, rule.window_days())) {
        evidence.push_back(EvaluationName(evaluation.evaluation_id));
      }
    }
  }
  NoEventsInWindow(totals.critical_failures, totals.last_critical_failure_day, evidence,
                   rule.window_days(), "critical failure", result);
}

void NoLostDisputes(const v1::NoLostDisputesRule& rule, const PersonFacts& facts, absl::Time as_of,
                    v1::CriterionResult& result) {
  std::vector<std::string> evidence;
  std::optional<absl::CivilDay> latest;
  for (const EvaluationFact& evaluation : facts.evaluations) {
    if (evaluation.dispute_lost && evaluation.dispute_resolve_time &&
        InWindow(*evaluation.dispute_resolve_time, as_of, rule.window_days())) {
      evidence.push_back(EvaluationName(evaluation.evaluation_id));
      latest = std::max(latest.value_or(absl::CivilDay::min()),
                        UtcDay(*evaluation.dispute_resolve_time));
    }
  }
  NoEventsInWindow(static_cast<int64_t>(evidence.size()), latest, evidence, rule.window_days(),
                   "lost dispute", result);
}

void Courses(const v1::CoursesRule& rule, const PersonFacts& facts, absl::Time as_of,
             v1::CriterionResult& result) {
  std::set<std::string> completed;
  for (const CompletionFact& completion : facts.completions) {
    if (completion.completion_time <= as_of) completed.insert(completion.course_id);
  }
  std::vector<std::string> missing;
  for (const std::string& course : rule.course_ids()) {
    if (completed.contains(course)) {
      result.add_evidence(absl::StrCat("courses/", course));
    } else {
      missing.push_back(course);
    }
  }
  result.set_threshold(rule.course_ids_size());
  result.set_value(result.evidence_size());
  if (missing.empty()) {
    result.set_outcome(v1::CRITERION_OUTCOME_MET);
    return;
  }
  result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  result.set_missing(absl::StrCat(missing.size() == 1 ? "course " : "courses ",
                                  absl::StrJoin(missing, ", "), " not completed"));
}

void Certifications(const v1::CertificationsRule& rule, const PersonFacts& facts,
                    v1::CriterionResult& result) {
  std::vector<std::string> missing;
  for (const std::string& id : rule.certification_ids()) {
    auto held =
        std::find_if(facts.certifications.begin(), facts.certifications.end(),
                     [&id](const CertificationFact& c) { return c.certification_id == id; });
    if (held == facts.certifications.end()) {
      missing.push_back(id);
    } else {
      result.add_evidence(absl::StrCat("certifications/", id));
    }
  }
  result.set_threshold(rule.certification_ids_size());
  result.set_value(result.evidence_size());
  if (missing.empty()) {
    result.set_outcome(v1::CRITERION_OUTCOME_MET);
    return;
  }
  result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  result.set_missing(absl::StrCat(missing.size() == 1 ? "certification " : "certifications ",
                                  absl::StrJoin(missing, ", "), " not held or expired"));
}

void Kpi(const v1::KpiRule& rule, const PersonFacts& facts, v1::CriterionResult& result) {
  result.set_threshold(rule.threshold());
  const KpiFigure figure = facts.kpis ? facts.kpis(rule.metric(), rule.window_days()) : KpiFigure{};
  result.set_n(figure.n);
  if (figure.value) result.set_value(*figure.value);
  if (figure.n < rule.min_n() || !figure.value) {
    result.set_outcome(v1::CRITERION_OUTCOME_INSUFFICIENT_EVIDENCE);
    result.set_missing(absl::StrCat(rule.min_n() - std::min(figure.n, rule.min_n()),
                                    " more contacts or answers in the last ", rule.window_days(),
                                    " days (the figure rests on ", figure.n, ", needs ",
                                    rule.min_n(), ")"));
    return;
  }
  const bool at_most = rule.direction() == v1::THRESHOLD_DIRECTION_AT_MOST;
  if (at_most ? *figure.value <= rule.threshold() : *figure.value >= rule.threshold()) {
    result.set_outcome(v1::CRITERION_OUTCOME_MET);
    return;
  }
  result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  result.set_missing(absl::StrCat(OneDecimal(*figure.value), at_most ? " is above " : " is below ",
                                  OneDecimal(rule.threshold())));
}

}  // namespace

absl::CivilDay WindowEndDay(absl::Time as_of) {
  const absl::CivilDay day = UtcDay(as_of);
  return absl::FromCivil(day, absl::UTCTimeZone()) == as_of ? day : day + 1;
}

v1::PersonEligibility EvaluateEligibility(const v1::PromotionPolicy& policy,
                                          const PersonFacts& facts, absl::Time as_of) {
  v1::PersonEligibility eligibility;
  eligibility.set_employee_id(facts.person.employee_id());
  eligibility.set_display_name(facts.person.display_name());
  eligibility.set_level(facts.level);
  if (facts.level != policy.from_level()) {
    eligibility.set_outcome(v1::ELIGIBILITY_OUTCOME_NOT_ON_STEP);
    return eligibility;
  }
  bool all_met = true;
  bool only_time = true;
  std::string eligible_on;
  for (int index = 0; index < policy.criteria_size(); ++index) {
    const v1::PromotionCriterion& criterion = policy.criteria(index);
    auto totals = facts.evaluation_totals.find(index);
    const EvaluationTotals& evaluation_totals =
        totals == facts.evaluation_totals.end() ? kNoEvaluations : totals->second;
    v1::CriterionResult& result = *eligibility.add_criteria();
    result.set_key(criterion.key());
    result.set_title(criterion.title());
    switch (criterion.rule_case()) {
      case v1::PromotionCriterion::kTenure:
        Tenure(criterion.tenure(), facts, as_of, result);
        break;
      case v1::PromotionCriterion::kQuality:
        Quality(criterion.quality(), evaluation_totals, facts, as_of, result);
        break;
      case v1::PromotionCriterion::kNoCriticalFailure:
        NoCriticalFailure(criterion.no_critical_failure(), evaluation_totals, facts, as_of, result);
        break;
      case v1::PromotionCriterion::kCourses:
        Courses(criterion.courses(), facts, as_of, result);
        break;
      case v1::PromotionCriterion::kCertifications:
        Certifications(criterion.certifications(), facts, result);
        break;
      case v1::PromotionCriterion::kKpi:
        Kpi(criterion.kpi(), facts, result);
        break;
      case v1::PromotionCriterion::kNoLostDisputes:
        NoLostDisputes(criterion.no_lost_disputes(), facts, as_of, result);
        break;
      case v1::PromotionCriterion::kAttestation:
        result.set_outcome(v1::CRITERION_OUTCOME_TO_ATTEST);
        result.set_missing("the team lead attests it when nominating");
        break;
      case v1::PromotionCriterion::RULE_NOT_SET:
        result.set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
        result.set_missing("the criterion has no rule");
        break;
    }
    if (result.outcome() == v1::CRITERION_OUTCOME_MET ||
        result.outcome() == v1::CRITERION_OUTCOME_TO_ATTEST) {
      continue;
    }
    all_met = false;
    if (result.met_on_date().empty()) {
      only_time = false;
    } else {
      // ISO dates order as text.
      eligible_on = std::max(eligible_on, result.met_on_date());
    }
  }
  eligibility.set_outcome(all_met ? v1::ELIGIBILITY_OUTCOME_ELIGIBLE
                                  : v1::ELIGIBILITY_OUTCOME_NOT_ELIGIBLE);
  if (!all_met && only_time) eligibility.set_eligible_on_date(eligible_on);
  return eligibility;
}

}  // namespace escala::server
