// Every field rule of a QA → training rule, one broken at a time, each reported by field name.
#include "server/training/recommendation_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/testing/error_details.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

v1::CriterionTrainingRule ValidRule() {
  v1::CriterionTrainingRule rule;
  rule.set_criterion_key("tone");
  rule.set_course_id("L1-TONE-110");
  rule.set_below_percent(60);
  rule.set_last_results(5);
  rule.set_min_results(3);
  rule.mutable_cool_down_duration()->set_seconds(14 * 24 * 3600);
  rule.set_action(v1::TRAINING_RULE_ACTION_RECOMMEND);
  return rule;
}

struct Case {
  std::string name;
  std::function<void(v1::CriterionTrainingRule&)> brake;
  std::string field;
  std::string rule;
};

TEST(RecommendationValidationTest, AValidRulePasses) {
  EXPECT_TRUE(server::ValidateCriterionTrainingRule(ValidRule()).ok());
  v1::CriterionTrainingRule windowed = ValidRule();
  windowed.mutable_window_duration()->set_seconds(30 * 24 * 3600);
  windowed.set_min_results(50);
  windowed.clear_cool_down_duration();
  windowed.set_action(v1::TRAINING_RULE_ACTION_ENROL);
  windowed.set_below_percent(100);
  EXPECT_TRUE(server::ValidateCriterionTrainingRule(windowed).ok());
}

TEST(RecommendationValidationTest, EachBrokenRuleIsNamed) {
  const Case cases[] = {
      {"no criterion", [](auto& r) { r.clear_criterion_key(); }, "criterion_key", "required"},
      {"bad criterion", [](auto& r) { r.set_criterion_key("x y"); }, "criterion_key", ""},
      {"no course", [](auto& r) { r.clear_course_id(); }, "course_id", "required"},
      {"zero threshold", [](auto& r) { r.set_below_percent(0); }, "below_percent", "above 0"},
      {"threshold over 100", [](auto& r) { r.set_below_percent(100.5); }, "below_percent",
       "at most 100"},
      {"no span", [](auto& r) { r.clear_span(); }, "last_results",
       "one of last_results and window_duration"},
      {"last 0", [](auto& r) { r.set_last_results(0); }, "last_results", "between 1 and 50"},
      {"last 51",
       [](auto& r) {
         r.set_last_results(51);
         r.set_min_results(1);
       },
       "last_results", "between 1 and 50"},
      {"short window", [](auto& r) { r.mutable_window_duration()->set_seconds(3600); },
       "window_duration", "between 1 day and 365 days"},
      {"long window", [](auto& r) { r.mutable_window_duration()->set_seconds(366 * 86400); },
       "window_duration", "between 1 day and 365 days"},
      {"fractional window",
       [](auto& r) {
         r.mutable_window_duration()->set_seconds(86400);
         r.mutable_window_duration()->set_nanos(5);
       },
       "window_duration", "whole number of seconds"},
      {"min 0", [](auto& r) { r.set_min_results(0); }, "min_results", "between 1 and 50"},
      {"min over last", [](auto& r) { r.set_min_results(6); }, "min_results",
       "must not exceed last_results (5)"},
      {"negative cool-down", [](auto& r) { r.mutable_cool_down_duration()->set_seconds(-1); },
       "cool_down_duration", "between 0 and 365 days"},
      {"long cool-down", [](auto& r) { r.mutable_cool_down_duration()->set_seconds(366 * 86400); },
       "cool_down_duration", "between 0 and 365 days"},
      {"no action", [](auto& r) { r.clear_action(); }, "action", "required"},
      {"unknown action", [](auto& r) { r.set_action(static_cast<v1::TrainingRuleAction>(9)); },
       "action", "unknown value 9"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::CriterionTrainingRule rule = ValidRule();
    c.brake(rule);
    const std::optional<FieldViolationText> violation =
        OnlyViolation(server::ValidateCriterionTrainingRule(rule));
    ASSERT_TRUE(violation.has_value());
    EXPECT_EQ(violation->field, c.field);
    EXPECT_THAT(violation->reason, HasSubstr(c.rule));
  }
}

}  // namespace
}  // namespace escala::testing
