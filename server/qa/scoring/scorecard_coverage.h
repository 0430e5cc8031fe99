#pragma once

#include <string>
#include <vector>

#include "escala/v1/interactions.pb.h"
#include "escala/v1/scorecards.pb.h"

namespace escala::server {

// Which contacts a scorecard version can score. Review queues hold only interactions the plan's
// published card covers, so that an evaluator who opens one finds criteria to answer.
//
// A card covers a channel when at least one of its criteria applies to that channel. Criteria
// carry no channel list of their own: each applies to the channels its card is meant for
// (Scorecard.channels; empty means every channel). CHANNEL_UNSPECIFIED and unknown values are no
// channel and are never covered; neither is anything by a card without criteria.

// Whether `card` covers contacts on `channel`.
bool CoversChannel(const v1::Scorecard& card, v1::Channel channel);

// Every known channel `card` covers, in ascending enum order.
std::vector<v1::Channel> CoveredChannels(const v1::Scorecard& card);

// How messages name a channel: "web-form" for CHANNEL_WEB_FORM, as the CLI spells it.
std::string ChannelLabel(v1::Channel channel);

}  // namespace escala::server
