// The ScorecardRepository contract, against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/qa/soci_scorecard_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_scorecard_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// A small valid card: one section with a yes/no critical criterion and a 1–5 range criterion.
v1::Scorecard MakeScorecard(const std::string& scorecard_id, const std::string& title) {
  v1::Scorecard scorecard;
  scorecard.set_scorecard_id(scorecard_id);
  scorecard.set_title(title);
  scorecard.set_description("How we talk to customers");
  v1::ScorecardSection* section = scorecard.add_sections();
  section->set_key("opening");
  section->set_title("Opening");
  v1::Criterion* verify = section->add_criteria();
  verify->set_key("verify-identity");
  verify->set_title("Verified the customer's identity");
  verify->set_weight(2);
  verify->mutable_scale()->set_kind(v1::SCALE_KIND_YES_NO);
  verify->set_critical(true);
  v1::Criterion* greeting = section->add_criteria();
  greeting->set_key("greeting");
  greeting->set_title("Greeting");
  greeting->set_guidance("Name, team, offer to help");
  greeting->set_weight(1.5);
  greeting->mutable_scale()->set_kind(v1::SCALE_KIND_RANGE);
  greeting->mutable_scale()->set_min(1);
  greeting->mutable_scale()->set_max(5);
  greeting->set_allow_na(true);
  greeting->set_critical_threshold(0.5);
  scorecard.mutable_band_cutoffs()->set_basic(40);
  scorecard.mutable_band_cutoffs()->set_good(60);
  scorecard.mutable_band_cutoffs()->set_excellent(80);
  scorecard.mutable_band_cutoffs()->set_above_expectations(90);
  scorecard.add_channels(v1::CHANNEL_PHONE);
  scorecard.add_roles(v1::ROLE_AGENT);
  scorecard.set_dispute_window_days(14);
  return scorecard;
}

v1::Scorecard ScorecardWithoutOutputFields(v1::Scorecard scorecard) {
  scorecard.clear_version();
  scorecard.clear_state();
  scorecard.clear_created_by();
  scorecard.clear_create_time();
  scorecard.clear_update_time();
  scorecard.clear_publish_time();
  scorecard.clear_retire_time();
  scorecard.clear_etag();
  return scorecard;
}

std::vector<std::string> Ids(const std::vector<v1::Scorecard>& scorecards) {
  std::vector<std::string> ids;
  for (const v1::Scorecard& scorecard : scorecards) ids.push_back(scorecard.scorecard_id());
  return ids;
}

std::vector<int> Versions(const std::vector<v1::Scorecard>& scorecards) {
  std::vector<int> versions;
  for (const v1::Scorecard& scorecard : scorecards) versions.push_back(scorecard.version());
  return versions;
}

int64_t Millis(const google::protobuf::Timestamp& timestamp) {
  return db::TimestampToMillis(timestamp);
}

// Runs on SQLite, MariaDB and the fake (FakeScorecardRepository).
class ScorecardRepositoryContract : public DatabaseTest {
 protected:
  db::ScorecardRepository& scorecards() {
    if (!repository_) {
      if (fake()) {
        repository_ = std::make_unique<FakeScorecardRepository>();
      } else {
        repository_ = std::make_unique<db::SociScorecardRepository>(database().pool());
      }
    }
    return *repository_;
  }

  // Creates `id` and publishes version 1.
  v1::Scorecard CreatePublished(const std::string& id) {
    absl::StatusOr<v1::Scorecard> created =
        scorecards().Create(MakeScorecard(id, "Card " + id), TestStamp(), TestNow());
    EXPECT_THAT(created, IsOk());
    absl::StatusOr<v1::Scorecard> published =
        scorecards().Publish(id, std::stoll(created->etag()), TestStamp(), TestNow(10));
    EXPECT_THAT(published, IsOk());
    return *published;
  }

 private:
  std::unique_ptr<db::ScorecardRepository> repository_;
};

// The cases that read the audit log, which the SQL repository writes in the transaction of the
// change and the fake does not keep: SQLite and MariaDB only.
class ScorecardRepositorySqlContract : public ScorecardRepositoryContract {};

TEST_P(ScorecardRepositoryContract, CreateStoresVersionOneAsADraft) {
  const v1::Scorecard card = MakeScorecard("customer-contact", "Customer contact");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard created,
                              scorecards().Create(card, TestStamp(), TestNow()));
  EXPECT_EQ(ProtoDiff(card, ScorecardWithoutOutputFields(created)), "");
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::SCORECARD_STATE_DRAFT);
  EXPECT_EQ(created.created_by(), TestStamp().principal);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(Millis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(Millis(created.update_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_FALSE(created.has_publish_time());
  EXPECT_FALSE(created.has_retire_time());

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard newest, scorecards().Get("customer-contact", 0));
  EXPECT_EQ(ProtoDiff(created, newest), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard first, scorecards().Get("customer-contact", 1));
  EXPECT_EQ(ProtoDiff(created, first), "");
}

TEST_P(ScorecardRepositoryContract, OutputFieldsSentOnCreateAreNotStored) {
  v1::Scorecard card = MakeScorecard("card", "Card");
  card.set_version(9);
  card.set_state(v1::SCORECARD_STATE_PUBLISHED);
  card.set_created_by("people/E1");
  card.set_etag("77");
  *card.mutable_publish_time() = db::MillisToTimestamp(5);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard created,
                              scorecards().Create(card, TestStamp(), TestNow()));
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.state(), v1::SCORECARD_STATE_DRAFT);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_FALSE(created.has_publish_time());
}

TEST_P(ScorecardRepositoryContract, HostileTextSurvivesTheRoundTrip) {
  v1::Scorecard card = MakeScorecard("hostile", "Hostile");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard current,
                              scorecards().Create(card, TestStamp(), TestNow()));
  for (const std::string& text : HostileStrings()) {
    card.set_description(text);
    card.mutable_sections(0)->mutable_criteria(0)->set_guidance(text);
    ESCALA_ASSERT_OK_AND_ASSIGN(
        current, scorecards().Update(card, std::stoll(current.etag()), TestStamp(), TestNow(1)));
    EXPECT_EQ(ProtoDiff(card, ScorecardWithoutOutputFields(current)), "");
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard fetched, scorecards().Get("hostile", 1));
    EXPECT_EQ(ProtoDiff(current, fetched), "");
  }
}

TEST_P(ScorecardRepositoryContract, CreatingATakenIdIsAlreadyExists) {
  ASSERT_THAT(scorecards().Create(MakeScorecard("card", "First"), TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(scorecards().Create(MakeScorecard("card", "Second"), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("'card'")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard stored, scorecards().Get("card", 0));
  EXPECT_EQ(stored.title(), "First");
}

TEST_P(ScorecardRepositoryContract, MissingScorecardOrVersionIsNotFound) {
  EXPECT_THAT(scorecards().Get("nowhere", 0),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("nowhere")));
  EXPECT_THAT(scorecards().GetPublished("nowhere"), StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(scorecards().Create(MakeScorecard("card", "Card"), TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(scorecards().Get("card", 2),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("version 2")));
}

TEST_P(ScorecardRepositoryContract, UpdateOfADraftEditsItInPlace) {
  ASSERT_THAT(scorecards().Create(MakeScorecard("card", "Card"), TestStamp(), TestNow()), IsOk());
  v1::Scorecard changed = MakeScorecard("card", "Card, reworded");
  changed.clear_channels();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard updated,
                              scorecards().Update(changed, 1, TestStamp(), TestNow(500)));
  EXPECT_EQ(updated.version(), 1);
  EXPECT_EQ(updated.state(), v1::SCORECARD_STATE_DRAFT);
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(ProtoDiff(changed, ScorecardWithoutOutputFields(updated)), "");
  EXPECT_EQ(Millis(updated.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(Millis(updated.update_time()), absl::ToUnixMillis(TestNow(500)));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto versions, scorecards().ListVersions("card", 0, 10));
  EXPECT_THAT(Versions(versions), ElementsAre(1));
}

TEST_P(ScorecardRepositoryContract, UpdateWithAStaleEtagIsAbortedAndChangesNothing) {
  ASSERT_THAT(scorecards().Create(MakeScorecard("card", "Card"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(
      scorecards().Update(MakeScorecard("card", "First writer"), 1, TestStamp(), TestNow(1)),
      IsOk());
  EXPECT_THAT(
      scorecards().Update(MakeScorecard("card", "Second writer"), 1, TestStamp(), TestNow(2)),
      StatusIs(absl::StatusCode::kAborted, HasSubstr("card")));
  EXPECT_THAT(scorecards().Publish("card", 1, TestStamp(), TestNow(3)),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard stored, scorecards().Get("card", 0));
  EXPECT_EQ(stored.title(), "First writer");
  EXPECT_EQ(stored.state(), v1::SCORECARD_STATE_DRAFT);
  EXPECT_EQ(stored.etag(), "2");
}

TEST_P(ScorecardRepositoryContract, UpdateOfAPublishedVersionAddsTheNextDraft) {
  const v1::Scorecard published = CreatePublished("card");
  EXPECT_EQ(published.state(), v1::SCORECARD_STATE_PUBLISHED);
  EXPECT_EQ(Millis(published.publish_time()), absl::ToUnixMillis(TestNow(10)));

  const v1::Scorecard changed = MakeScorecard("card", "Card v2");
  const db::AuditStamp editor = TestStamp();
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Scorecard draft,
      scorecards().Update(changed, std::stoll(published.etag()), editor, TestNow(20)));
  EXPECT_EQ(draft.version(), 2);
  EXPECT_EQ(draft.state(), v1::SCORECARD_STATE_DRAFT);
  EXPECT_EQ(ProtoDiff(changed, ScorecardWithoutOutputFields(draft)), "");
  EXPECT_EQ(Millis(draft.create_time()), absl::ToUnixMillis(TestNow(20)));
  EXPECT_FALSE(draft.has_publish_time());
  // The etags of one scorecard only grow, so the etag read from version 1 is stale now.
  EXPECT_GT(std::stoll(draft.etag()), std::stoll(published.etag()));
  EXPECT_THAT(scorecards().Update(changed, std::stoll(published.etag()), editor, TestNow(21)),
              StatusIs(absl::StatusCode::kAborted));

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard first, scorecards().Get("card", 1));
  EXPECT_EQ(ProtoDiff(published, first), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard in_use, scorecards().GetPublished("card"));
  EXPECT_EQ(in_use.version(), 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto versions, scorecards().ListVersions("card", 0, 10));
  EXPECT_THAT(Versions(versions), ElementsAre(2, 1));
}

TEST_P(ScorecardRepositoryContract, PublishSupersedesThePreviousPublishedVersion) {
  const v1::Scorecard first = CreatePublished("card");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Scorecard draft, scorecards().Update(MakeScorecard("card", "Card v2"),
                                               std::stoll(first.etag()), TestStamp(), TestNow(20)));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Scorecard second,
      scorecards().Publish("card", std::stoll(draft.etag()), TestStamp(), TestNow(30)));
  EXPECT_EQ(second.version(), 2);
  EXPECT_EQ(second.state(), v1::SCORECARD_STATE_PUBLISHED);
  EXPECT_EQ(Millis(second.publish_time()), absl::ToUnixMillis(TestNow(30)));
  EXPECT_NE(second.etag(), draft.etag());

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard old, scorecards().Get("card", 1));
  EXPECT_EQ(old.state(), v1::SCORECARD_STATE_SUPERSEDED);
  EXPECT_EQ(Millis(old.publish_time()), absl::ToUnixMillis(TestNow(10)));
  EXPECT_EQ(ProtoDiff(ScorecardWithoutOutputFields(first), ScorecardWithoutOutputFields(old)), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard in_use, scorecards().GetPublished("card"));
  EXPECT_EQ(ProtoDiff(second, in_use), "");
}

TEST_P(ScorecardRepositoryContract, PublishingWithoutADraftIsFailedPrecondition) {
  const v1::Scorecard published = CreatePublished("card");
  EXPECT_THAT(scorecards().Publish("card", std::stoll(published.etag()), TestStamp(), TestNow(40)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no draft")));
  EXPECT_THAT(scorecards().Publish("nowhere", 1, TestStamp(), TestNow(40)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(ScorecardRepositoryContract, GetPublishedOfADraftOnlyCardIsFailedPrecondition) {
  ASSERT_THAT(scorecards().Create(MakeScorecard("card", "Card"), TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(scorecards().GetPublished("card"), StatusIs(absl::StatusCode::kFailedPrecondition,
                                                          HasSubstr("'card' has no published")));
}

TEST_P(ScorecardRepositoryContract, RetireRetiresEveryVersionAndBlocksFurtherChanges) {
  const v1::Scorecard first = CreatePublished("card");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Scorecard draft, scorecards().Update(MakeScorecard("card", "Card v2"),
                                               std::stoll(first.etag()), TestStamp(), TestNow(20)));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Scorecard retired,
      scorecards().Retire("card", "replaced by the new QA policy", TestStamp(), TestNow(50)));
  EXPECT_EQ(retired.version(), 2);
  EXPECT_EQ(retired.state(), v1::SCORECARD_STATE_RETIRED);
  EXPECT_EQ(Millis(retired.retire_time()), absl::ToUnixMillis(TestNow(50)));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto versions, scorecards().ListVersions("card", 0, 10));
  ASSERT_EQ(versions.size(), 2u);
  for (const v1::Scorecard& version : versions) {
    EXPECT_EQ(version.state(), v1::SCORECARD_STATE_RETIRED);
    EXPECT_EQ(Millis(version.retire_time()), absl::ToUnixMillis(TestNow(50)));
  }
  // Version 1 keeps the record of when it was published.
  EXPECT_EQ(Millis(versions[1].publish_time()), absl::ToUnixMillis(TestNow(10)));

  EXPECT_THAT(scorecards().GetPublished("card"),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired")));
  EXPECT_THAT(scorecards().Update(MakeScorecard("card", "Again"), std::stoll(retired.etag()),
                                  TestStamp(), TestNow(60)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired")));
  EXPECT_THAT(scorecards().Publish("card", std::stoll(retired.etag()), TestStamp(), TestNow(60)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired")));
  EXPECT_THAT(scorecards().Retire("card", "again", TestStamp(), TestNow(60)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired already")));
  EXPECT_THAT(scorecards().Retire("nowhere", "why", TestStamp(), TestNow(60)),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(ScorecardRepositoryContract, ListShowsTheNewestVersionOfEachCardInIdOrder) {
  for (const char* id : {"delta", "alpha", "charlie", "bravo"}) {
    ASSERT_THAT(scorecards().Create(MakeScorecard(id, id), TestStamp(), TestNow()), IsOk());
  }
  const v1::Scorecard published = CreatePublished("echo");
  ASSERT_THAT(scorecards().Update(MakeScorecard("echo", "echo v2"), std::stoll(published.etag()),
                                  TestStamp(), TestNow(20)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page1,
                              scorecards().List("", v1::SCORECARD_STATE_UNSPECIFIED, 2));
  EXPECT_THAT(Ids(page1), ElementsAre("alpha", "bravo"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page2,
                              scorecards().List("bravo", v1::SCORECARD_STATE_UNSPECIFIED, 10));
  EXPECT_THAT(Ids(page2), ElementsAre("charlie", "delta", "echo"));
  EXPECT_EQ(page2.back().version(), 2);
  EXPECT_EQ(page2.back().title(), "echo v2");

  ASSERT_THAT(scorecards().Publish("alpha", 1, TestStamp(), TestNow(30)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto published_only,
                              scorecards().List("", v1::SCORECARD_STATE_PUBLISHED, 10));
  // echo's newest version is a draft, so echo is not listed as published.
  EXPECT_THAT(Ids(published_only), ElementsAre("alpha"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto drafts, scorecards().List("", v1::SCORECARD_STATE_DRAFT, 10));
  EXPECT_THAT(Ids(drafts), ElementsAre("bravo", "charlie", "delta", "echo"));
}

TEST_P(ScorecardRepositoryContract, ListVersionsPagesNewestFirst) {
  const v1::Scorecard first = CreatePublished("card");
  std::string etag = first.etag();
  for (int i = 2; i <= 4; ++i) {
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard draft,
                                scorecards().Update(MakeScorecard("card", "v"), std::stoll(etag),
                                                    TestStamp(), TestNow(i * 100)));
    ESCALA_ASSERT_OK_AND_ASSIGN(
        v1::Scorecard published,
        scorecards().Publish("card", std::stoll(draft.etag()), TestStamp(), TestNow(i * 100 + 1)));
    etag = published.etag();
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page1, scorecards().ListVersions("card", 0, 3));
  EXPECT_THAT(Versions(page1), ElementsAre(4, 3, 2));
  EXPECT_EQ(page1[0].state(), v1::SCORECARD_STATE_PUBLISHED);
  EXPECT_EQ(page1[1].state(), v1::SCORECARD_STATE_SUPERSEDED);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page2, scorecards().ListVersions("card", 2, 3));
  EXPECT_THAT(Versions(page2), ElementsAre(1));
  EXPECT_THAT(scorecards().ListVersions("nowhere", 0, 3), IsOkAndHolds(IsEmpty()));
}

// Every writer locks the newest version before it checks the etag, so of concurrent writers with
// the same etag exactly one wins.
TEST_P(ScorecardRepositoryContract, ConcurrentWritersWithTheSameEtagHaveOneWinner) {
  const v1::Scorecard published = CreatePublished("card");
  constexpr int kWriters = 4;
  std::vector<absl::StatusOr<v1::Scorecard>> results(kWriters, absl::UnknownError("not run"));
  {
    std::vector<std::thread> writers;
    for (int i = 0; i < kWriters; ++i) {
      writers.emplace_back([&, i] {
        results[i] =
            scorecards().Update(MakeScorecard("card", absl::StrCat("Writer ", i)),
                                std::stoll(published.etag()), TestStamp(), TestNow(100 + i));
      });
    }
    for (std::thread& writer : writers) writer.join();
  }
  int won = 0;
  for (const auto& result : results) {
    if (result.ok()) {
      ++won;
      EXPECT_EQ(result->version(), 2);
    } else {
      EXPECT_THAT(result, StatusIs(absl::StatusCode::kAborted));
    }
  }
  EXPECT_EQ(won, 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto versions, scorecards().ListVersions("card", 0, 10));
  EXPECT_THAT(Versions(versions), ElementsAre(2, 1));
}

TEST_P(ScorecardRepositorySqlContract, EveryMutationWritesItsAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const db::AuditStamp stamp = TestStamp("escala.v1.ScorecardService/CreateScorecard", "req-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard created,
                              scorecards().Create(MakeScorecard("card", "Card"), stamp, TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "scorecard");
  EXPECT_EQ(events[0].resource_name(), "scorecards/card/versions/1");
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("title":"Card")"));
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("state":"SCORECARD_STATE_DRAFT")"));

  ASSERT_THAT(scorecards().Update(MakeScorecard("card", "Card 2"), 1, TestStamp(), TestNow(1)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(
      ProtoDiff(ExpectedAuditEvent(TestStamp(), "scorecard", "scorecards/card/versions/1",
                                   R"({"title":"Card"})", R"({"title":"Card 2"})", TestNow(1)),
                WithoutId(events[0])),
      "");

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Scorecard first,
                              scorecards().Publish("card", 2, TestStamp(), TestNow(2)));
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_name(), "scorecards/card/versions/1");
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("state":"SCORECARD_STATE_PUBLISHED")"));

  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Scorecard draft, scorecards().Update(MakeScorecard("card", "Card 3"),
                                               std::stoll(first.etag()), TestStamp(), TestNow(3)));
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_name(), "scorecards/card/versions/2");
  EXPECT_EQ(events[0].before_json(), "");

  ASSERT_THAT(scorecards().Publish("card", std::stoll(draft.etag()), TestStamp(), TestNow(4)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].resource_name(), "scorecards/card/versions/2");
  EXPECT_EQ(events[1].resource_name(), "scorecards/card/versions/1");
  EXPECT_THAT(events[1].after_json(), HasSubstr(R"("state":"SCORECARD_STATE_SUPERSEDED")"));

  ASSERT_THAT(scorecards().Retire("card", "policy \"v2\" replaces it", TestStamp(), TestNow(5)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_name(), "scorecards/card/versions/2");
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("state":"SCORECARD_STATE_RETIRED")"));
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("reason":"policy \"v2\" replaces it")"));
}

TEST_P(ScorecardRepositorySqlContract, FailedMutationsWriteNoAuditEvent) {
  ASSERT_THAT(scorecards().Create(MakeScorecard("card", "Card"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  EXPECT_THAT(scorecards().Create(MakeScorecard("card", "Other"), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(scorecards().Update(MakeScorecard("card", "Stale"), 7, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(scorecards().Publish("card", 7, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(scorecards().Update(MakeScorecard("nowhere", "Missing"), 1, TestStamp(), TestNow(3)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(Backends, ScorecardRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, ScorecardRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
