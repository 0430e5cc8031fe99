// ScorecardHandler over an in-memory repository: what the handler checks before the repository
// is reached (validation, etags, reasons), and how it pages and filters lists.
#include "server/qa/scorecard_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/audited_fakes.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_scorecards.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class ScorecardHandlerTest : public ::testing::Test {
 protected:
  ScorecardHandlerTest()
      : handler_(repository_, audit_, [] { return absl::FromUnixSeconds(1'800'000'000); }) {
    call_.caller.principal = "people/Q1";
    call_.caller.role = v1::ROLE_QA_ANALYST;
  }

  std::vector<std::string> Ids(const v1::ListScorecardsResponse& response) {
    std::vector<std::string> ids;
    for (const v1::Scorecard& s : response.scorecards()) ids.push_back(s.scorecard_id());
    return ids;
  }

  FakeAuditRepository audit_;
  AuditedScorecardRepository repository_{audit_};
  server::ScorecardHandler handler_;
  server::CallContext call_;
};

TEST_F(ScorecardHandlerTest, CreateRefusesAnInvalidCardBeforeStoringIt) {
  v1::CreateScorecardRequest request;
  *request.mutable_scorecard() = ValidTestCard();
  request.mutable_scorecard()->mutable_sections(0)->mutable_criteria(1)->set_weight(-1);
  EXPECT_THAT(
      handler_.CreateScorecard(call_, request),
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
              StatusIs(absl::StatusCode::kInvalidArgument,
                       "scorecard.etag: is required (the etag as read)"));
  request.mutable_scorecard()->set_etag("3");
  const absl::StatusOr<v1::Scorecard> stale = handler_.UpdateScorecard(call_, request);
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted,
                              HasSubstr("scorecard.etag: '3' is stale (current '4')")));
  EXPECT_EQ(Reason(stale), "ETAG_MISMATCH");
  EXPECT_EQ(db::ErrorInfoOf(stale.status())->metadata().at("resource"), "scorecards/contact");
  request.mutable_scorecard()->set_etag("4");
  request.mutable_update_mask()->add_paths("title");
  request.mutable_scorecard()->clear_title();
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("scorecard.title")));
  EXPECT_EQ(repository_.writes, 0);
  request.mutable_scorecard()->set_title("Renamed");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard updated, handler_.UpdateScorecard(call_, request));
  EXPECT_EQ(updated.title(), "Renamed");
}

// The request-level etag from before Scorecard.etag, read where the deprecation is expected.
void SetRequestLevelEtag(v1::UpdateScorecardRequest& request, const std::string& etag) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  request.set_etag(etag);
#pragma GCC diagnostic pop
}

TEST_F(ScorecardHandlerTest, TheDeprecatedRequestLevelEtagStillWorksUnlessItContradicts) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "4");
  v1::UpdateScorecardRequest request;
  request.mutable_scorecard()->set_scorecard_id("contact");
  request.mutable_scorecard()->set_title("Renamed");
  SetRequestLevelEtag(request, "3");
  // A stale request-level etag is named as the caller sent it.
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kAborted, ::testing::StartsWith("etag: '3' is stale")));
  request.mutable_scorecard()->set_etag("4");
  const absl::StatusOr<v1::Scorecard> both = handler_.UpdateScorecard(call_, request);
  EXPECT_THAT(FieldViolations(both),
              ElementsAre("etag: '3' differs from scorecard.etag '4': send the etag once, as "
                          "scorecard.etag (the request-level etag is deprecated)"));
  EXPECT_EQ(repository_.writes, 0);
  request.mutable_scorecard()->clear_etag();
  SetRequestLevelEtag(request, "4");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard updated, handler_.UpdateScorecard(call_, request));
  EXPECT_EQ(updated.title(), "Renamed");
  // The same etag in both places is no contradiction.
  request.mutable_scorecard()->set_etag(updated.etag());
  SetRequestLevelEtag(request, updated.etag());
  EXPECT_THAT(handler_.UpdateScorecard(call_, request), IsOk());
}

TEST_F(ScorecardHandlerTest, AMaskedUpdateKeepsTheRestOfTheNewestVersion) {
  v1::Scorecard stored = ValidTestCard();
  stored.set_description("How we talk to customers");
  stored.add_channels(v1::CHANNEL_PHONE);
  repository_.Put(stored, v1::SCORECARD_STATE_PUBLISHED, "2");
  v1::UpdateScorecardRequest request;
  request.mutable_scorecard()->set_scorecard_id("contact");
  request.mutable_scorecard()->set_etag("2");
  request.mutable_scorecard()->set_title("Customer contact, 2027");
  // Only the title is named: the description sent is ignored, and the sections, description and
  // channels stay as stored (a card without sections is refused, so the merge came before the
  // validation).
  request.mutable_scorecard()->set_description("ignored: not in the mask");
  request.mutable_update_mask()->add_paths("title");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard updated, handler_.UpdateScorecard(call_, request));
  EXPECT_EQ(updated.title(), "Customer contact, 2027");
  EXPECT_EQ(updated.description(), "How we talk to customers");
  EXPECT_THAT(updated.channels(), ElementsAre(v1::CHANNEL_PHONE));
  ASSERT_EQ(updated.sections_size(), 2);
  EXPECT_EQ(updated.sections(1).criteria(0).key(), "accuracy");

  // Without a mask: the populated fields.
  v1::UpdateScorecardRequest unmasked;
  unmasked.mutable_scorecard()->set_scorecard_id("contact");
  unmasked.mutable_scorecard()->set_etag(updated.etag());
  unmasked.mutable_scorecard()->set_dispute_window_days(14);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard widened, handler_.UpdateScorecard(call_, unmasked));
  EXPECT_EQ(widened.dispute_window_days(), 14);
  EXPECT_EQ(widened.title(), "Customer contact, 2027");
  EXPECT_EQ(widened.description(), "How we talk to customers");
}

TEST_F(ScorecardHandlerTest, AStarMaskReplacesTheWholeContent) {
  v1::Scorecard stored = ValidTestCard();
  stored.set_description("How we talk to customers");
  stored.add_channels(v1::CHANNEL_PHONE);
  repository_.Put(stored, v1::SCORECARD_STATE_DRAFT, "1");
  v1::UpdateScorecardRequest request;
  request.mutable_scorecard()->set_scorecard_id("contact");
  request.mutable_scorecard()->set_etag("1");
  request.mutable_scorecard()->set_title("Only a title");
  request.mutable_update_mask()->add_paths("*");
  // Absent sections are cleared too, and a card without sections is refused.
  EXPECT_THAT(handler_.UpdateScorecard(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("sections: must have at least one section")));
  EXPECT_EQ(repository_.writes, 0);
  *request.mutable_scorecard() = ValidTestCard();
  request.mutable_scorecard()->set_etag("1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard replaced, handler_.UpdateScorecard(call_, request));
  EXPECT_EQ(replaced.description(), "");
  EXPECT_THAT(replaced.channels(), IsEmpty());
}

TEST_F(ScorecardHandlerTest, AMaskNamingAnythingButContentIsRefused) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "1");
  for (const char* path : {"version", "state", "scorecard_id", "etag", "title.x", "nope"}) {
    v1::UpdateScorecardRequest request;
    *request.mutable_scorecard() = ValidTestCard();
    request.mutable_scorecard()->set_etag("1");
    request.mutable_update_mask()->add_paths(path);
    const absl::StatusOr<v1::Scorecard> refused = handler_.UpdateScorecard(call_, request);
    EXPECT_THAT(refused, StatusIs(absl::StatusCode::kInvalidArgument)) << path;
    EXPECT_THAT(FieldViolations(refused),
                ElementsAre(AllOf(
                    ::testing::StartsWith(absl::StrCat(
                        "update_mask: '", path, "' is not a field that can be updated; allowed: ")),
                    HasSubstr("band_cutoffs"))))
        << path;
  }
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
      {"a", {v1::CHANNEL_PHONE}},
      {"b", {}},
      {"c", {v1::CHANNEL_CHAT}},
      {"d", {v1::CHANNEL_PHONE, v1::CHANNEL_CHAT}},
      {"e", {v1::CHANNEL_EMAIL}}};
  for (const auto& [id, channels] : cards) {
    v1::Scorecard card = ValidTestCard(id);
    for (v1::Channel channel : channels) card.add_channels(channel);
    repository_.Put(card, v1::SCORECARD_STATE_PUBLISHED);
  }
  v1::ListScorecardsRequest request;
  request.set_channel(v1::CHANNEL_CHAT);
  request.set_page_size(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page1,
                              handler_.ListScorecards(call_, request));
  EXPECT_THAT(Ids(page1), ElementsAre("b", "c"));
  ASSERT_FALSE(page1.next_page_token().empty());
  request.set_page_token(page1.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page2,
                              handler_.ListScorecards(call_, request));
  EXPECT_THAT(Ids(page2), ElementsAre("d"));
  EXPECT_EQ(page2.next_page_token(), "");

  // A token is bound to its filters.
  request.set_channel(v1::CHANNEL_PHONE);
  EXPECT_THAT(handler_.ListScorecards(call_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("page_token")));

  v1::ListScorecardsRequest all;
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse everything,
                              handler_.ListScorecards(call_, all));
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
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page1,
                              handler_.ListScorecardVersions(call_, request));
  ASSERT_EQ(page1.scorecards_size(), 2);
  EXPECT_EQ(page1.scorecards(0).version(), 3);
  EXPECT_EQ(page1.scorecards(1).version(), 2);
  request.set_page_token(page1.next_page_token());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListScorecardsResponse page2,
                              handler_.ListScorecardVersions(call_, request));
  ASSERT_EQ(page2.scorecards_size(), 1);
  EXPECT_EQ(page2.scorecards(0).version(), 1);
  EXPECT_EQ(page2.next_page_token(), "");

  v1::ListScorecardVersionsRequest missing;
  missing.set_scorecard_id("nowhere");
  EXPECT_THAT(handler_.ListScorecardVersions(call_, missing),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("'nowhere'")));
}

// ---- request_id on PublishScorecard and RetireScorecard (AIP-155) ----

TEST_F(ScorecardHandlerTest, APublishReplayAnswersThePublishedVersionWithoutASecondPublish) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "5");
  server::CallContext call = call_;
  call.method = "escala.v1.ScorecardService/PublishScorecard";
  v1::PublishScorecardRequest request;
  request.set_scorecard_id("contact");
  request.set_etag("5");
  request.set_request_id("publish-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard published, handler_.PublishScorecard(call, request));
  const int writes = repository_.writes;
  // The draft's etag is stale now; the replay is answered before it is compared.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard replay, handler_.PublishScorecard(call, request));
  EXPECT_EQ(replay.SerializeAsString(), published.SerializeAsString());
  EXPECT_EQ(repository_.writes, writes);
  EXPECT_EQ(audit_.CountEvents(call.method, "publish-1"), 1);
  // Another caller's request_id is not a replay of this one.
  server::CallContext other = call;
  other.caller.principal = "people/Q2";
  EXPECT_THAT(handler_.PublishScorecard(other, request), ::testing::Not(IsOk()));
  request.clear_request_id();
  EXPECT_THAT(handler_.PublishScorecard(call, request), ::testing::Not(IsOk()));
}

TEST_F(ScorecardHandlerTest, APublishRetryWithTheEtagReadAfterwardsIsAReplayNotAReuse) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_DRAFT, "5");
  server::CallContext call = call_;
  call.method = "escala.v1.ScorecardService/PublishScorecard";
  v1::PublishScorecardRequest request;
  request.set_scorecard_id("contact");
  request.set_etag("5");
  request.set_request_id("publish-2");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard published, handler_.PublishScorecard(call, request));
  ASSERT_NE(published.etag(), "5");
  const int writes = repository_.writes;
  // A client that lost the answer reads the card again before retrying (the CLI without
  // --etag): the retry carries the published version's etag, not the draft's.
  request.set_etag(published.etag());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard replay, handler_.PublishScorecard(call, request));
  EXPECT_EQ(replay.SerializeAsString(), published.SerializeAsString());
  EXPECT_EQ(repository_.writes, writes);
  EXPECT_EQ(audit_.CountEvents(call.method, "publish-2"), 1);
  // The etag is all the fingerprint leaves out: another scorecard is still another request.
  request.set_scorecard_id("other");
  const absl::StatusOr<v1::Scorecard> reused = handler_.PublishScorecard(call, request);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");
}

TEST_F(ScorecardHandlerTest, ARetireReplayAnswersTheRetiredCardAndAnotherReasonIsRefused) {
  repository_.Put(ValidTestCard(), v1::SCORECARD_STATE_PUBLISHED);
  server::CallContext call = call_;
  call.method = "escala.v1.ScorecardService/RetireScorecard";
  v1::RetireScorecardRequest request;
  request.set_scorecard_id("contact");
  request.set_reason("replaced");
  request.set_request_id("retire-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard retired, handler_.RetireScorecard(call, request));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard replay, handler_.RetireScorecard(call, request));
  EXPECT_EQ(replay.state(), v1::SCORECARD_STATE_RETIRED);
  EXPECT_EQ(replay.SerializeAsString(), retired.SerializeAsString());
  EXPECT_EQ(audit_.CountEvents(call.method, "retire-1"), 1);
  request.set_reason("outdated");
  const absl::StatusOr<v1::Scorecard> reused = handler_.RetireScorecard(call, request);
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(Reason(reused), "REQUEST_ID_REUSED");
}

TEST(ScorecardHandlerCacheTest, PublishingAndRetiringTellTheCacheAtOnce) {
  FakeScorecardRepository repository;
  const server::Clock clock = [] { return absl::FromUnixSeconds(1'800'000'000); };
  server::ScorecardCache cache(repository, clock, absl::Hours(1));
  FakeAuditRepository audit;
  server::ScorecardHandler handler(repository, audit, clock, &cache);
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
