#include "server/qa/scoring/scorecard_coverage.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace escala::server {
namespace {

bool HasCriterion(const v1::Scorecard& card) {
  return std::any_of(card.sections().begin(), card.sections().end(),
                     [](const v1::ScorecardSection& s) { return !s.criteria().empty(); });
}

// Whether a criterion of `card` applies to `channel`, a known channel: every criterion applies
// to the channels the card is meant for.
bool CriterionAppliesTo(const v1::Scorecard& card, v1::Channel channel) {
  return card.channels().empty() || std::find(card.channels().begin(), card.channels().end(),
                                              channel) != card.channels().end();
}

}  // namespace

bool CoversChannel(const v1::Scorecard& card, v1::Channel channel) {
  if (channel == v1::CHANNEL_UNSPECIFIED || !v1::Channel_IsValid(channel)) return false;
  return HasCriterion(card) && CriterionAppliesTo(card, channel);
}

std::vector<v1::Channel> CoveredChannels(const v1::Scorecard& card) {
  std::vector<v1::Channel> covered;
  for (int value = v1::Channel_MIN; value <= v1::Channel_MAX; ++value) {
    if (!v1::Channel_IsValid(value)) continue;
    const auto channel = static_cast<v1::Channel>(value);
    if (CoversChannel(card, channel)) covered.push_back(channel);
  }
  return covered;
}

std::string ChannelLabel(v1::Channel channel) {
  std::string name = v1::Channel_Name(channel);
  if (name.empty()) return absl::StrCat("channel ", static_cast<int>(channel));
  if (absl::StartsWith(name, "CHANNEL_")) name.erase(0, 8);
  return absl::StrReplaceAll(absl::AsciiStrToLower(name), {{"_", "-"}});
}

}  // namespace escala::server
