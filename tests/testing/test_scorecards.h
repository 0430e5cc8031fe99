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

}  // namespace escala::testing
