#include "client/qa/scorecard_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "client/qa/scorecard_view.h"
#include "tests/testing/test_paths.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;

constexpr char kCard[] = R"({
  "scorecard_id": "calls",
  "title": "Calls",
  "channels": ["phone", "CHANNEL_CHAT"],
  "roles": ["team-lead"],
  "sections": [
    {
      "key": "opening",
      "title": "Opening",
      "criteria": [
        {"key": "greet", "title": "Greeting", "weight": 1.5,
         "scale": {"kind": "range", "min": 1, "max": 5},
         "critical": true, "criticalScope": "section", "critical_threshold": 0.5}
      ]
    }
  ]
})";

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(ScorecardFileTest, ReadsProtoJsonWithFullAndShortEnumNamesAndBothFieldSpellings) {
  absl::StatusOr<v1::Scorecard> card = ParseScorecardJson(kCard, "calls.json");
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->scorecard_id(), "calls");
  ASSERT_EQ(card->channels_size(), 2);
  EXPECT_EQ(card->channels(0), v1::CHANNEL_PHONE);
  EXPECT_EQ(card->channels(1), v1::CHANNEL_CHAT);
  EXPECT_EQ(card->roles(0), v1::ROLE_TEAM_LEAD);
  const v1::Criterion& greet = card->sections(0).criteria(0);
  EXPECT_EQ(greet.weight(), 1.5);
  EXPECT_EQ(greet.scale().kind(), v1::SCALE_KIND_RANGE);
  EXPECT_EQ(greet.scale().max(), 5);
  EXPECT_EQ(greet.critical_scope(), v1::CRITICAL_SCOPE_SECTION);
  EXPECT_TRUE(greet.has_critical_threshold());
}

TEST(ScorecardFileTest, AnUnknownEnumNameNamesTheFileLineFieldAndTheChoices) {
  absl::StatusOr<v1::Scorecard> card =
      ParseScorecardJson(Replaced(kCard, R"("kind": "range")", R"("kind": "stars")"), "calls.json");
  EXPECT_EQ(card.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(
      card.status().message(),
      HasSubstr("calls.json: line 12: sections[0].criteria[0].scale.kind: 'stars' is not a valid "
                "ScaleKind (expected one of: yes-no, range, points)"));
}

TEST(ScorecardFileTest, AnUnknownFieldIsRefusedWithItsPath) {
  absl::StatusOr<v1::Scorecard> card =
      ParseScorecardJson(Replaced(kCard, R"("weight": 1.5)", R"("wieght": 1.5)"), "calls.json");
  EXPECT_THAT(
      card.status().message(),
      HasSubstr("calls.json: line 11: sections[0].criteria[0].wieght: unknown field of Criterion"));
  card = ParseScorecardJson(Replaced(kCard, R"("title": "Calls")", R"("tittle": "Calls")"),
                            "calls.json");
  EXPECT_THAT(card.status().message(),
              HasSubstr("calls.json: line 3: tittle: unknown field of Scorecard"));
}

TEST(ScorecardFileTest, AWrongTypeAndBrokenJsonNameTheFile) {
  absl::StatusOr<v1::Scorecard> card =
      ParseScorecardJson(Replaced(kCard, R"("max": 5)", R"("max": "five")"), "calls.json");
  EXPECT_EQ(card.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(card.status().message(), HasSubstr("calls.json: line 12: "));
  EXPECT_THAT(card.status().message(), HasSubstr("max"));
  card = ParseScorecardJson("{\"title\": ", "broken.json");
  EXPECT_THAT(card.status().message(), HasSubstr("broken.json: not valid JSON"));
  card = ParseScorecardJson(Replaced(kCard, R"("title": "Opening",)", R"("title": "Opening")"),
                            "comma.json");
  EXPECT_THAT(std::string(card.status().message()),
              HasSubstr("comma.json: not valid JSON: line 10: expected ',' or '}', found '\"'"));
  card =
      ParseScorecardJson(Replaced(kCard, R"("weight": 1.5,)", R"("weight": 1.5,,)"), "twice.json");
  EXPECT_THAT(card.status().message(),
              HasSubstr("twice.json: not valid JSON: line 11: expected a quoted string"));
  card = ParseScorecardJson("[1, 2]", "list.json");
  EXPECT_THAT(card.status().message(), HasSubstr("list.json: must hold one JSON object"));
}

// The syntax check that locates the error recursed once per level, so a file
// of many '[' exhausted the stack.
TEST(ScorecardFileTest, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  absl::StatusOr<v1::Scorecard> card = ParseScorecardJson(std::string(1000000, '['), "deep.json");
  EXPECT_EQ(card.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(card.status().message(),
              HasSubstr("deep.json: not valid JSON: line 1: objects and arrays nested deeper "
                        "than 100 levels"));
}

TEST(ScorecardFileTest, AMissingFileIsNotFound) {
  absl::StatusOr<v1::Scorecard> card = ReadScorecardFile("/nonexistent/card.json");
  EXPECT_EQ(card.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(card.status().message(), HasSubstr("/nonexistent/card.json"));
}

TEST(ScorecardFileTest, TheDemoScorecardReads) {
  absl::StatusOr<v1::Scorecard> card = ReadScorecardFile(
      ::escala::testing::SourcePath("tools/demo/scorecards/customer-contact.json"));
  ASSERT_TRUE(card.ok()) << card.status();
  EXPECT_EQ(card->scorecard_id(), "customer-contact");
  EXPECT_EQ(card->sections_size(), 3);
}

TEST(ScorecardViewTest, ScalesAndCriticalRulesReadAsPeopleWriteThem) {
  v1::AnswerScale scale;
  scale.set_kind(v1::SCALE_KIND_YES_NO);
  EXPECT_EQ(ScorecardScaleText(scale), "yes/no");
  scale.set_kind(v1::SCALE_KIND_RANGE);
  scale.set_min(1);
  scale.set_max(5);
  EXPECT_EQ(ScorecardScaleText(scale), "1–5");
  scale.set_kind(v1::SCALE_KIND_POINTS);
  scale.set_max(10);
  EXPECT_EQ(ScorecardScaleText(scale), "0–10 points");

  v1::Criterion criterion;
  EXPECT_EQ(CriterionCriticalText(criterion), "");
  criterion.set_critical(true);
  EXPECT_EQ(CriterionCriticalText(criterion), "evaluation");
  criterion.set_critical_scope(v1::CRITICAL_SCOPE_SECTION);
  criterion.set_critical_threshold(0.5);
  EXPECT_EQ(CriterionCriticalText(criterion), "section, fails below 0.5");
}

TEST(ScorecardViewTest, TheCardShowsItsSectionsCriteriaSharesAndCutoffs) {
  absl::StatusOr<v1::Scorecard> card = ParseScorecardJson(kCard, "calls.json");
  ASSERT_TRUE(card.ok()) << card.status();
  const std::string text = RenderScorecard(*card, 120);
  EXPECT_THAT(text, HasSubstr("calls version 0 (): Calls"));
  EXPECT_THAT(text, HasSubstr("channels        phone, chat"));
  EXPECT_THAT(text, HasSubstr("roles           team-lead"));
  EXPECT_THAT(text, HasSubstr("dispute window  7 days (the default)"));
  EXPECT_THAT(
      text,
      HasSubstr(
          "cut-offs        basic 50, good 70, excellent 85, above expectations 95 (the defaults)"));
  EXPECT_THAT(text, HasSubstr("Section opening: Opening"));
  EXPECT_THAT(text, ::testing::ContainsRegex(
                        "greet +Greeting +1.5 +100.0% +1–5 +no +section, fails below 0.5"));
}

}  // namespace
}  // namespace escala::client
