#include "server/qa/scorecard_validation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/testing/status_matchers.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using server::ValidateScorecard;
using ::testing::HasSubstr;

// The validation status of the test card after `change`.
absl::Status After(const std::function<void(v1::Scorecard&)>& change) {
  v1::Scorecard card = ValidTestCard();
  change(card);
  return ValidateScorecard(card);
}

::testing::Matcher<absl::Status> Invalid(const std::string& text) {
  return StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(text));
}

v1::Criterion& Greeting(v1::Scorecard& card) {
  return *card.mutable_sections(0)->mutable_criteria(0);
}
v1::Criterion& Accuracy(v1::Scorecard& card) {
  return *card.mutable_sections(1)->mutable_criteria(0);
}

TEST(ScorecardValidationTest, TheTestCardIsValid) {
  EXPECT_THAT(ValidateScorecard(ValidTestCard()), IsOk());
}

TEST(ScorecardValidationTest, OutputOnlyFieldsAreNotLookedAt) {
  EXPECT_THAT(After([](v1::Scorecard& c) {
                c.set_version(-4);
                c.set_state(static_cast<v1::ScorecardState>(99));
                c.set_etag("anything");
              }),
              IsOk());
}

TEST(ScorecardValidationTest, TheIdIsAKeyOfAtMost64Characters) {
  EXPECT_THAT(After([](v1::Scorecard& c) { c.clear_scorecard_id(); }),
              Invalid("scorecard.scorecard_id: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_scorecard_id("has space"); }),
              Invalid("scorecard.scorecard_id: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_scorecard_id(std::string(65, 'a')); }),
              Invalid("scorecard.scorecard_id: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_scorecard_id(std::string(64, 'a')); }), IsOk());
}

TEST(ScorecardValidationTest, TitlesAreOneTo200CharactersAndLongTextsAtMost4000) {
  EXPECT_THAT(After([](v1::Scorecard& c) { c.clear_title(); }), Invalid("scorecard.title: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_title(std::string(201, 'x')); }),
              Invalid("scorecard.title: "));
  // Characters, not bytes: 200 two-byte letters fit.
  std::string accented;
  for (int i = 0; i < 200; ++i) accented += "é";
  EXPECT_THAT(After([&](v1::Scorecard& c) { c.set_title(accented); }), IsOk());
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_description(std::string(4001, 'x')); }),
              Invalid("scorecard.description: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_description(std::string(4000, 'x')); }), IsOk());
}

TEST(ScorecardValidationTest, SectionRulesNameTheSectionByPositionAndKey) {
  EXPECT_THAT(After([](v1::Scorecard& c) { c.clear_sections(); }),
              Invalid("scorecard.sections: must have at least one section"));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.mutable_sections(1)->set_key("bad key"); }),
              Invalid("scorecard.sections[1].key: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.mutable_sections(1)->clear_title(); }),
              Invalid("scorecard.sections[1].title: section \"resolution\": "));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.mutable_sections(1)->clear_criteria(); }),
              Invalid("section \"resolution\": must have at least one criterion"));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.mutable_sections(1)->set_key("opening"); }),
              Invalid("section \"opening\": key must be unique"));
}

TEST(ScorecardValidationTest, CriterionRulesNameTheCriterionByPositionAndKey) {
  EXPECT_THAT(After([](v1::Scorecard& c) { Greeting(c).set_key("greet/ing"); }),
              Invalid("scorecard.sections[0].criteria[0].key: "));
  EXPECT_THAT(After([](v1::Scorecard& c) { Greeting(c).set_title(std::string(201, 't')); }),
              Invalid("scorecard.sections[0].criteria[0].title: criterion \"greeting\": "));
  EXPECT_THAT(After([](v1::Scorecard& c) { Greeting(c).set_guidance(std::string(4001, 'g')); }),
              Invalid("scorecard.sections[0].criteria[0].guidance: criterion \"greeting\": "));
  EXPECT_THAT(After([](v1::Scorecard& c) { Greeting(c).set_guidance(std::string(4000, 'g')); }),
              IsOk());
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).set_key("greeting"); }),
              Invalid("criterion \"greeting\": key must be unique across the scorecard"));
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).set_weight(0); }),
              Invalid("criterion \"accuracy\": weight must be positive"));
  EXPECT_THAT(After([](v1::Scorecard& c) {
                Accuracy(c).set_critical_scope(static_cast<v1::CriticalScope>(7));
              }),
              Invalid("scorecard.sections[1].criteria[0].critical_scope: criterion \"accuracy\": "
                      "unknown value 7"));
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).set_critical_threshold(1.5); }),
              Invalid("criterion \"accuracy\": critical_threshold must be in (0, 1]"));
}

TEST(ScorecardValidationTest, ScalesStayWithin0To1000) {
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).mutable_scale()->clear_kind(); }),
              Invalid("criterion \"accuracy\": scale.kind is required"));
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).mutable_scale()->set_min(5); }),
              Invalid("criterion \"accuracy\": range scale needs min < max"));
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).mutable_scale()->set_min(-1); }),
              Invalid("scorecard.sections[1].criteria[0].scale: criterion \"accuracy\": range must "
                      "lie within 0..1000"));
  EXPECT_THAT(After([](v1::Scorecard& c) { Accuracy(c).mutable_scale()->set_max(1001); }),
              Invalid("range must lie within 0..1000, got 1..1001"));
  EXPECT_THAT(After([](v1::Scorecard& c) {
                Accuracy(c).mutable_scale()->set_kind(v1::SCALE_KIND_POINTS);
                Accuracy(c).mutable_scale()->set_max(1001);
              }),
              Invalid("scorecard.sections[1].criteria[0].scale.max: criterion \"accuracy\": must "
                      "be at most 1000"));
  EXPECT_THAT(After([](v1::Scorecard& c) {
                Accuracy(c).mutable_scale()->set_kind(v1::SCALE_KIND_POINTS);
                Accuracy(c).mutable_scale()->set_max(1000);
              }),
              IsOk());
}

TEST(ScorecardValidationTest, ChannelsAndRolesAreKnownAndListedOnce) {
  EXPECT_THAT(After([](v1::Scorecard& c) {
                c.add_channels(v1::CHANNEL_PHONE);
                c.add_channels(v1::CHANNEL_CHAT);
                c.add_roles(v1::ROLE_AGENT);
              }),
              IsOk());
  EXPECT_THAT(
      After([](v1::Scorecard& c) { c.add_channels(v1::CHANNEL_UNSPECIFIED); }),
      Invalid("scorecard.channels[0]: must be a known Channel other than UNSPECIFIED, got 0"));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.mutable_channels()->Add(77); }),
              Invalid("scorecard.channels[0]: must be a known Channel"));
  EXPECT_THAT(After([](v1::Scorecard& c) {
                c.add_channels(v1::CHANNEL_PHONE);
                c.add_channels(v1::CHANNEL_PHONE);
              }),
              Invalid("scorecard.channels[1]: CHANNEL_PHONE is listed twice"));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.mutable_roles()->Add(42); }),
              Invalid("scorecard.roles[0]: must be a known Role"));
  EXPECT_THAT(After([](v1::Scorecard& c) {
                c.add_roles(v1::ROLE_AGENT);
                c.add_roles(v1::ROLE_AGENT);
              }),
              Invalid("scorecard.roles[1]: ROLE_AGENT is listed twice"));
}

TEST(ScorecardValidationTest, TheDisputeWindowIs0To90Days) {
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_dispute_window_days(0); }), IsOk());
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_dispute_window_days(90); }), IsOk());
  EXPECT_THAT(
      After([](v1::Scorecard& c) { c.set_dispute_window_days(91); }),
      Invalid("scorecard.dispute_window_days: must be between 0 (the default, 7) and 90, got 91"));
  EXPECT_THAT(After([](v1::Scorecard& c) { c.set_dispute_window_days(-1); }),
              Invalid("scorecard.dispute_window_days: "));
}

TEST(ScorecardValidationTest, CutoffsAreUnsetOrStrictlyAscending) {
  EXPECT_THAT(After([](v1::Scorecard& c) {
                c.mutable_band_cutoffs()->set_basic(40);
                c.mutable_band_cutoffs()->set_good(60);
                c.mutable_band_cutoffs()->set_excellent(80);
                c.mutable_band_cutoffs()->set_above_expectations(90);
              }),
              IsOk());
  EXPECT_THAT(After([](v1::Scorecard& c) {
                c.mutable_band_cutoffs()->set_basic(60);
                c.mutable_band_cutoffs()->set_good(60);
                c.mutable_band_cutoffs()->set_excellent(80);
                c.mutable_band_cutoffs()->set_above_expectations(90);
              }),
              Invalid("scorecard: "));
}

}  // namespace
}  // namespace escala::testing
