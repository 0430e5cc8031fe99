#include "server/training/criterion_gap.h"

#include <algorithm>

namespace escala::server {
namespace {

// The results a rule judges: those known at `now`, after the person last completed the course,
// within the rule's window or its last N; newest first.
std::vector<CriterionResult> Evidence(const CriterionGapRule& rule,
                                      const std::vector<CriterionResult>& all,
                                      const CourseHistory* history, absl::Time now) {
  std::vector<CriterionResult> counted;
  for (const CriterionResult& result : all) {
    if (result.submit_time > now) continue;
    if (history != nullptr && history->completed_time.has_value() &&
        result.submit_time <= *history->completed_time) {
      continue;
    }
    if (rule.window > absl::ZeroDuration() && result.submit_time <= now - rule.window) continue;
    counted.push_back(result);
  }
  std::sort(counted.begin(), counted.end(), [](const CriterionResult& a, const CriterionResult& b) {
    if (a.submit_time != b.submit_time) return a.submit_time > b.submit_time;
    return a.evaluation_id > b.evaluation_id;
  });
  if (rule.last_results > 0 && counted.size() > static_cast<size_t>(rule.last_results)) {
    counted.resize(rule.last_results);
  }
  return counted;
}

}  // namespace

std::vector<GapOutcome> EvaluateCriterionGaps(const std::vector<CriterionGapRule>& rules,
                                              const PersonQaRecord& person, absl::Time now) {
  static const std::vector<CriterionResult> kNoResults;
  std::vector<GapOutcome> outcomes;
  std::set<std::string> fired_courses;
  for (size_t i = 0; i < rules.size(); ++i) {
    const CriterionGapRule& rule = rules[i];
    GapOutcome outcome;
    outcome.rule_index = static_cast<int>(i);
    const auto results = person.results.find(rule.criterion_key);
    const auto course = person.courses.find(rule.course_id);
    const CourseHistory* history = course == person.courses.end() ? nullptr : &course->second;
    outcome.evidence = Evidence(
        rule, results == person.results.end() ? kNoResults : results->second, history, now);
    if (!outcome.evidence.empty()) {
      double sum = 0;
      for (const CriterionResult& result : outcome.evidence) sum += result.percent;
      outcome.mean_percent = sum / static_cast<double>(outcome.evidence.size());
    }
    // The reasons that hold whatever the results are come first, then the evidence, and the
    // cool-down last: it only matters for a rule that would fire.
    if (history != nullptr && history->enrolled) {
      outcome.quiet = QuietReason::kEnrolled;
    } else if (history != nullptr && history->open_recommendation) {
      outcome.quiet = QuietReason::kAlreadyOpen;
    } else if (static_cast<int>(outcome.evidence.size()) < std::max(rule.min_results, 1)) {
      outcome.quiet = QuietReason::kNotEnoughResults;
    } else if (*outcome.mean_percent >= rule.below_percent) {
      outcome.quiet = QuietReason::kAtOrAboveThreshold;
    } else if (history != nullptr && history->recommended_time.has_value() &&
               now < *history->recommended_time + rule.cool_down) {
      outcome.quiet = QuietReason::kCoolingDown;
      outcome.quiet_until = *history->recommended_time + rule.cool_down;
    } else if (fired_courses.contains(rule.course_id)) {
      outcome.quiet = QuietReason::kRecommendedByAnEarlierRule;
    } else {
      fired_courses.insert(rule.course_id);
    }
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

const char* QuietReasonName(QuietReason reason) {
  switch (reason) {
    case QuietReason::kNone:
      return "fired";
    case QuietReason::kNotEnoughResults:
      return "not enough results";
    case QuietReason::kAtOrAboveThreshold:
      return "at or above the threshold";
    case QuietReason::kEnrolled:
      return "already enrolled";
    case QuietReason::kAlreadyOpen:
      return "already recommended";
    case QuietReason::kCoolingDown:
      return "cooling down";
    case QuietReason::kRecommendedByAnEarlierRule:
      return "recommended by an earlier rule";
  }
  return "unknown";
}

}  // namespace escala::server
