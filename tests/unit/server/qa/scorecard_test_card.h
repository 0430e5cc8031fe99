#pragma once

#include <string>

#include "escala/v1/scorecards.pb.h"

namespace escala::testing {

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
