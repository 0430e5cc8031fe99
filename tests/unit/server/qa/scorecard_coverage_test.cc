// The coverage rule: which contacts a scorecard version has criteria for.
#include "server/qa/scoring/scorecard_coverage.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/testing/test_scorecards.h"

namespace escala::server {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

v1::Scorecard CoverageCardFor(std::vector<v1::Channel> channels) {
  v1::Scorecard card = ::escala::testing::GreetToneCard("calls");
  for (v1::Channel channel : channels) card.add_channels(channel);
  return card;
}

TEST(ScorecardCoverageTest, ACardWithoutChannelsCoversEveryChannel) {
  const v1::Scorecard card = CoverageCardFor({});
  for (v1::Channel channel : {v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT,
                              v1::CHANNEL_SOCIAL, v1::CHANNEL_WEB_FORM}) {
    EXPECT_TRUE(CoversChannel(card, channel)) << v1::Channel_Name(channel);
  }
  EXPECT_THAT(CoveredChannels(card),
              ElementsAre(v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT,
                          v1::CHANNEL_SOCIAL, v1::CHANNEL_WEB_FORM));
}

TEST(ScorecardCoverageTest, ACardMeantForSomeChannelsCoversThoseOnly) {
  // Listed out of order: the covered channels come back in enum order.
  const v1::Scorecard card =
      CoverageCardFor({v1::CHANNEL_CHAT, v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL});
  EXPECT_TRUE(CoversChannel(card, v1::CHANNEL_PHONE));
  EXPECT_TRUE(CoversChannel(card, v1::CHANNEL_CHAT));
  EXPECT_FALSE(CoversChannel(card, v1::CHANNEL_WEB_FORM));
  EXPECT_FALSE(CoversChannel(card, v1::CHANNEL_SOCIAL));
  EXPECT_THAT(CoveredChannels(card),
              ElementsAre(v1::CHANNEL_PHONE, v1::CHANNEL_EMAIL, v1::CHANNEL_CHAT));
}

TEST(ScorecardCoverageTest, NoChannelAndUnknownValuesAreNeverCovered) {
  const v1::Scorecard card = CoverageCardFor({});
  EXPECT_FALSE(CoversChannel(card, v1::CHANNEL_UNSPECIFIED));
  EXPECT_FALSE(CoversChannel(card, static_cast<v1::Channel>(99)));
}

TEST(ScorecardCoverageTest, ACardWithoutCriteriaCoversNothing) {
  v1::Scorecard card = CoverageCardFor({});
  for (v1::ScorecardSection& section : *card.mutable_sections()) section.clear_criteria();
  EXPECT_FALSE(CoversChannel(card, v1::CHANNEL_PHONE));
  EXPECT_THAT(CoveredChannels(card), IsEmpty());
  EXPECT_THAT(CoveredChannels(v1::Scorecard()), IsEmpty());
}

TEST(ScorecardCoverageTest, ChannelsAreNamedAsTheCliSpellsThem) {
  EXPECT_EQ(ChannelLabel(v1::CHANNEL_WEB_FORM), "web-form");
  EXPECT_EQ(ChannelLabel(v1::CHANNEL_PHONE), "phone");
  EXPECT_EQ(ChannelLabel(static_cast<v1::Channel>(99)), "channel 99");
}

}  // namespace
}  // namespace escala::server
