// ScorecardHandler over an in-memory repository: what the handler checks before the repository
// is reached (validation, etags, reasons), and how it pages and filters lists.
#include "server/qa/scorecard_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;


class ScorecardHandlerTest : public ::testing::Test {
 protected:
  ScorecardHandlerTest() : handler_(repository_, [] { return absl::FromUnixSeconds(1'800'000'000); }) {
    call_.caller.principal = "people/Q1";
    call_.caller.role = v1::ROLE_QA_ANALYST;
  }

  std::vector<std::string> Ids(const v1::ListScorecardsResponse& response) {
    std::vector<std::string> ids;
    for (const v1::Scorecard& s : response.scorecards()) ids.push_back(s.scorecard_id());
    return ids;
  }

  FakeScorecardRepository repository_;
  server::ScorecardHandler handler_;
  server::CallContext call_;
};

TEST_F(ScorecardHandlerTest, CreateRefusesAnInvalidCardBeforeStoringIt) {
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = ValidTestCard();
  request.mutable_scorecard()->mutable_sections(0)->mutable_criteria(1)->set_weight(-1);
  EXPECT_THAT(handler_.CreateScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("criterion \"verify\": weight")));
  EXPECT_EQ(repository_.writes, 0);
  *request.mutable_scorecard() = ValidTestCard();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard created, handler_.CreateScorecard(call_, request));
  EXPECT_EQ(created.version(), 1);
}

TEST_F(ScorecardHandlerTest, GetChecksTheIdAndVersion) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT);
  v1::GetScorecardRequest request;
  EXPECT_THAT(handler_.GetScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scorecard_id")));
  request.set_scorecard_id("contact");
  request.set_version(-1);
  EXPECT_THAT(handler_.GetScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("version: must be 0")));
  request.set_version(0);
  EXPECT_THAT(handler_.GetScorecard(call_, request), IsOk());
}

TEST_F(ScorecardHandlerTest, UpdateNeedsTheCurrentEtagAndAValidCard) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "4");
  v1::UpdateScorecardRequest request;
  *request.mutable_scorecard() = ValidTestCard();
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("etag: is required")));
  request.set_etag("3");
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag: '3' is stale (current '4')")));
  request.set_etag("4");
  request.mutable_scorecard()->clear_title();
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scorecard.title")));
  EXPECT_EQ(repository_.writes, 0);
  request.mutable_scorecard()->set_title("Renamed");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard updated, handler_.UpdateScorecard(call_, request));
  EXPECT_EQ(updated.title(), "Renamed");
}

TEST_F(ScorecardHandlerTest, UpdateOfARetiredCardIsFailedPrecondition) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_RETIRED, "2");
  v1::UpdateScorecardRequest request;
  *request.mutable_scorecard() = ValidTestCard();
  request.set_etag("2");
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("'contact' is retired")));
  EXPECT_EQ(repository_.writes, 0);
}

TEST_F(ScorecardHandlerTest, PublishRevalidatesTheStoredDraft) {
  v1::Scorecard broken = ValidTestCard();
  broken.mutable_sections(1)->mutable_criteria(0)->mutable_scale()->set_max(0);
  repository_.Put(broken, v1::SCORECARD_STATE_DRAFT, "1");
  v1::PublishScorecardRequest request;
  request.set_scorecard_id("contact");
  request.set_etag("1");
  EXPECT_THAT(handler_.PublishScorecard(call_, request),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("'contact' version 1 cannot be published until it is fixed: "
                                 "scorecard: criterion \"accuracy\"")));
  EXPECT_EQ(repository_.writes, 0);
}

TEST_F(ScorecardHandlerTest, PublishNeedsTheDraftsEtag) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "5");
  v1::PublishScorecardRequest request;
  request.set_scorecard_id("contact");
  EXPECT_THAT(handler_.PublishScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("etag: is required")));
  request.set_etag("4");
  EXPECT_THAT(handler_.PublishScorecard(call_, request), StatusIs(absl::StatusCode::kAborted));
  request.set_etag("5");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard published, handler_.PublishScorecard(call_, request));
  EXPECT_EQ(published.state(), v1::SCORECARD_STATE_PUBLISHED);
}

TEST_F(ScorecardHandlerTest, RetireNeedsAReasonOfAtMost1000Characters) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_PUBLISHED);
  v1::RetireScorecardRequest request;
  request.set_scorecard_id("contact");
  EXPECT_THAT(handler_.RetireScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason: ")));
  request.set_reason(std::string(1001, 'r'));
  EXPECT_THAT(handler_.RetireScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reason: ")));
  EXPECT_EQ(repository_.writes, 0);
  request.set_reason("replaced");
  EXPECT_THAT(handler_.RetireScorecard(call_, request), IsOk());
  EXPECT_EQ(repository_.last_reason, "replaced");
}

TEST_F(ScorecardHandlerTest, ListFiltersByChannelAfterReadingAndPagesByScorecardId) {
  // a: phone; b: every channel; c: chat; d: phone and chat; e: email.
  const std::vector<std::pair<std::string, std::vector<v1::Channel>>> cards = {
      {"a", {v1::CHANNEL_PHONE}}, {"b", {}}, {"c", {v1::CHANNEL_CHAT}},
      {"d", {v1::CHANNEL_PHONE, v1::CHANNEL_CHAT}}, {"e", {v1::CHANNEL_EMAIL}}};
  for (const auto& [id, channels] : cards) {
    v1::Scorecard card = ValidTestCard(id);
    for (v1::Channel channel : channels) card.add_channels(channel);
    repository_.Put(card, v1::SCORECARD_STATE_PUBLISHED);
  }
  v1::ListScorecardsRequest request;
  request.set_channel(v1::CHANNEL_CHAT);
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page1, handler_.ListScorecards(call_, request));
  EXPECT_THAT(Ids(page1), ElementsAre("b", "c"));
  ASSERT_FALSE(page1.next_page_token().empty());
  request.set_page_token(page1.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page2, handler_.ListScorecards(call_, request));
  EXPECT_THAT(Ids(page2), ElementsAre("d"));
  EXPECT_EQ(page2.next_page_token(), "");

  // A token is bound to its filters.
  request.set_channel(v1::CHANNEL_PHONE);
  EXPECT_THAT(handler_.ListScorecards(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));

  v1::ListScorecardsRequest all;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse everything, handler_.ListScorecards(call_, all));
  EXPECT_THAT(Ids(everything), ElementsAre("a", "b", "c", "d", "e"));
  all.set_channel(static_cast<v1::Channel>(99));
  EXPECT_THAT(handler_.ListScorecards(call_, all),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("channel: unknown value 99")));
}

TEST_F(ScorecardHandlerTest, ListVersionsPagesNewestFirstAndAMissingCardIsNotFound) {
  for (int i = 0; i < 3; ++i) repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_SUPERSEDED);
  v1::ListScorecardVersionsRequest request;
  request.set_scorecard_id("contact");
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page1, handler_.ListScorecardVersions(call_, request));
  ASSERT_EQ(page1.scorecards_size(), 2);
  EXPECT_EQ(page1.scorecards(0).version(), 3);
  EXPECT_EQ(page1.scorecards(1).version(), 2);
  request.set_page_token(page1.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page2, handler_.ListScorecardVersions(call_, request));
  ASSERT_EQ(page2.scorecards_size(), 1);
  EXPECT_EQ(page2.scorecards(0).version(), 1);
  EXPECT_EQ(page2.next_page_token(), "");

  v1::ListScorecardVersionsRequest missing;
  missing.set_scorecard_id("nowhere");
  EXPECT_THAT(handler_.ListScorecardVersions(call_, missing),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'nowhere'")));
}

TEST(ScorecardHandlerCacheTest, PublishingAndRetiringTellTheCacheAtOnce) {
  FakeScorecardRepository repository;
  const server::Clock clock = [] { return absl::FromUnixSeconds(1'800'000'000); };
  server::ScorecardCache cache(repository, clock, absl::Hours(1));
  server::ScorecardHandler handler(repository, clock, &cache);
  server::CallContext call;
  repository.Put(ValidTestCard(), v1::SCORECARD_STATE_PUBLISHED, "2");
  repository.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "3");
  ESCALA_ASSERT_OK_AND_ASSIGN(auto before, cache.NewestPublished("contact"));
  EXPECT_EQ(before->scorecard.version(), 1);

  v1::PublishScorecardRequest publish;
  publish.set_scorecard_id("contact");
  publish.set_etag("3");
  ASSERT_THAT(handler.PublishScorecard(call, publish), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto after, cache.NewestPublished("contact"));
  EXPECT_EQ(after->scorecard.version(), 2);

  v1::RetireScorecardRequest retire;
  retire.set_scorecard_id("contact");
  retire.set_reason("replaced");
  ASSERT_THAT(handler.RetireScorecard(call, retire), IsOk());
  EXPECT_THAT(cache.NewestPublished("contact"), StatusIs(absl::StatusCode::kFailedPrecondition));
}

}  // namespace
}  // namespace escala::testing
