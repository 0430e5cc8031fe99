#pragma once

// Small scorecards that tests of several levels (unit, repository contract, end-to-end) score
// with, so that a test's arithmetic can be checked by hand.

#include <string>

#include "escala/v1/scorecards.pb.h"

namespace escala::testing {

// One section "call" with "greet" (yes/no) and "tone" (1–5, N/A allowed), weight 1 each, so
// score = 100 × (greet + (tone - 1) / 4) / 2. Titles "Greeted the customer" and "Tone".
inline v1::Scorecard GreetToneCard(const std::string& scorecard_id) {
  v1::Scorecard card;
  card.set_scorecard_id(scorecard_id);
  card.set_title("Calls (calibration)");
  v1::ScorecardSection* section = card.add_sections();
  section->set_key("call");
  section->set_title("Call");
  v1::Criterion* greet = section->add_criteria();
  greet->set_key("greet");
  greet->set_title("Greeted the customer");
  greet->set_weight(1);
  greet->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  v1::Criterion* tone = section->add_criteria();
  tone->set_key("tone");
  tone->set_title("Tone");
  tone->set_weight(1);
  tone->mutable_scale()->set_kind(v1::SCALE_KIND_RANGE);
  tone->mutable_scale()->set_min(1);
  tone->mutable_scale()->set_max(5);
  tone->set_allow_na(true);
  return card;
}

// One section "call" with "greeting" and "solution", both 1–5 and weight 1.
inline v1::Scorecard GreetingSolutionCard(const std::string& scorecard_id) {
  v1::Scorecard card;
  card.set_scorecard_id(scorecard_id);
  card.set_title("Contact");
  v1::ScorecardSection* section = card.add_sections();
  section->set_key("call");
  section->set_title("Call");
  for (const char* key : {"greeting", "solution"}) {
    v1::Criterion* criterion = section->add_criteria();
    criterion->set_key(key);
    criterion->set_title(key);
    criterion->set_weight(1);
    criterion->mutable_scale()->set_kind(v1::SCALE_KIND_RANGE);
    criterion->mutable_scale()->set_min(1);
    criterion->mutable_scale()->set_max(5);
  }
  return card;
}

// A valid card to break one rule at a time: sections "opening" (criteria "greeting", yes/no,
// and "verify", yes/no critical) and "resolution" (criterion "accuracy", range 1–5).
inline v1::Scorecard ValidTestCard(const std::string& scorecard_id = "contact") {
  v1::Scorecard card;
  card.set_scorecard_id(scorecard_id);
  card.set_title("Customer contact");
  v1::ScorecardSection* opening = card.add_sections();
  opening->set_key("opening");
  opening->set_title("Opening");
  v1::Criterion* greeting = opening->add_criteria();
  greeting->set_key("greeting");
  greeting->set_title("Greeting");
  greeting->set_weight(1);
  greeting->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  v1::Criterion* verify = opening->add_criteria();
  verify->set_key("verify");
  verify->set_title("Verified identity");
  verify->set_weight(2);
  verify->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  verify->set_critical(true);
  v1::ScorecardSection* resolution = card.add_sections();
  resolution->set_key("resolution");
  resolution->set_title("Resolution");
  v1::Criterion* accuracy = resolution->add_criteria();
  accuracy->set_key("accuracy");
  accuracy->set_title("Accurate answer");
  accuracy->set_weight(3);
  accuracy->mutable_scale()->set_kind(v1::SCALE_KIND_RANGE);
  accuracy->mutable_scale()->set_min(1);
  accuracy->mutable_scale()->set_max(5);
  return card;
}

}  // namespace escala::testing
