// The InteractionRepository contract (single records, listing, updates and import
// transactions), against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_interaction_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

constexpr int64_t kDay = 86'400'000;
// Start times of the records, around 2023-11-14.
constexpr int64_t kBase = 1'699'920'000'000;

std::vector<int64_t> Ids(const std::vector<v1::Interaction>& interactions) {
  std::vector<int64_t> ids;
  for (const v1::Interaction& interaction : interactions) ids.push_back(interaction.id());
  return ids;
}

// Newest start first, ties broken by the higher id: the order List promises.
void SortNewestFirst(std::vector<v1::Interaction>& interactions) {
  std::sort(interactions.begin(), interactions.end(),
            [](const v1::Interaction& a, const v1::Interaction& b) {
              const int64_t a_ms = db::TimestampToMillis(a.start_time());
              const int64_t b_ms = db::TimestampToMillis(b.start_time());
              if (a_ms != b_ms) return a_ms > b_ms;
              return a.id() > b.id();
            });
}

// Runs on SQLite, MariaDB and the fake (FakeInteractionRepository over FakePeopleRepository and
// FakeTeamRepository).
class InteractionRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (fake()) {
      auto teams = std::make_unique<FakeTeamRepository>();
      people_ = std::make_unique<FakePeopleRepository>(teams.get());
      auto interactions = std::make_unique<FakeInteractionRepository>(people_.get());
      fake_interactions_ = interactions.get();
      teams_ = std::move(teams);
      interactions_ = std::move(interactions);
    } else {
      teams_ = std::make_unique<db::SociTeamRepository>(database().pool());
      people_ = std::make_unique<db::SociPeopleRepository>(database().pool());
      interactions_ = std::make_unique<db::SociInteractionRepository>(database().pool());
    }
    for (const char* team : {"billing", "tech"}) {
      ASSERT_THAT(teams_->Create(MakeTeam(team, team), TestStamp(), TestNow()), IsOk());
    }
    // A1, A2 in billing; B1 in tech; X in no team.
    for (const auto& [id, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "billing"}, {"A2", "billing"}, {"B1", "tech"}, {"X", ""}}) {
      ASSERT_THAT(people_->Create(MakePerson(id, team), TestStamp(), TestNow()), IsOk());
    }
  }

  db::PeopleRepository& people() { return *people_; }
  db::InteractionRepository& interactions() { return *interactions_; }

  long long StoredCount() {
    if (fake()) return static_cast<long long>(fake_interactions_->size());
    absl::StatusOr<long long> count = database().QueryInt("SELECT COUNT(*) FROM interactions");
    EXPECT_THAT(count, IsOk());
    return count.ok() ? *count : -1;
  }

  // Every page of List(filter) with `page_size`, following the cursor of each page's last record.
  std::vector<int64_t> ListAllPages(const db::InteractionFilter& filter, int page_size) {
    std::vector<int64_t> ids;
    std::optional<db::InteractionCursor> after;
    for (int pages = 0; pages < 1000; ++pages) {
      absl::StatusOr<std::vector<v1::Interaction>> page =
          interactions().List(filter, after, page_size);
      EXPECT_THAT(page, IsOk());
      if (!page.ok() || page->empty()) break;
      EXPECT_LE(page->size(), static_cast<std::size_t>(page_size));
      for (const v1::Interaction& interaction : *page) ids.push_back(interaction.id());
      after = db::InteractionCursor{db::TimestampToMillis(page->back().start_time()),
                                    page->back().id()};
    }
    return ids;
  }

 private:
  std::unique_ptr<db::TeamRepository> teams_;
  std::unique_ptr<db::PeopleRepository> people_;
  std::unique_ptr<db::InteractionRepository> interactions_;
  FakeInteractionRepository* fake_interactions_ = nullptr;
};

// The cases that read the audit log, which the SQL repository writes in the transaction of the
// change (imports: on commit) and the fake does not keep: SQLite and MariaDB only.
class InteractionRepositorySqlContract : public InteractionRepositoryContract {};

TEST_P(InteractionRepositoryContract, CreateRoundTripsEveryField) {
  const v1::Interaction full = MakeFullInteraction("A1", kBase + 123, "src-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                              interactions().Create(full, "req-1", TestStamp(), TestNow()));
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(created.update_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(ProtoDiff(full, WithoutOutputFields(created)), "");

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction fetched, interactions().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, fetched), "");
}

TEST_P(InteractionRepositoryContract, CreateAnswersExactlyWhatIsStoredWhenTimesHaveNanoseconds) {
  v1::Interaction precise = MakeFullInteraction("A1", kBase, "nanos-1");
  precise.mutable_start_time()->set_nanos(123456789);
  precise.mutable_talk_duration()->set_nanos(987654321);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                              interactions().Create(precise, "", TestStamp(), TestNow()));
  EXPECT_EQ(created.start_time().nanos(), 123000000);
  EXPECT_EQ(created.talk_duration().nanos(), 987000000);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction fetched, interactions().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, fetched), "");
}

TEST_P(InteractionRepositoryContract, AbsentOptionalPartsStayAbsent) {
  v1::Interaction sparse = MakeInteraction("A1", kBase);
  sparse.set_csat(1);  // present; nps and ces absent
  v1::MediaReference& transcript = *sparse.mutable_transcript();
  transcript.set_uri("s3://transcripts/x.txt");  // a transcript with nothing but its uri
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                              interactions().Create(sparse, "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction fetched, interactions().Get(created.id()));
  EXPECT_EQ(ProtoDiff(sparse, WithoutOutputFields(fetched)), "");
  EXPECT_FALSE(fetched.has_recording());
  EXPECT_TRUE(fetched.has_transcript());
  EXPECT_FALSE(fetched.transcript().has_retain_until());
  EXPECT_TRUE(fetched.has_csat());
  EXPECT_FALSE(fetched.has_nps());
  EXPECT_FALSE(fetched.has_ces());
  EXPECT_FALSE(fetched.has_end_time());
  EXPECT_FALSE(fetched.has_talk_duration());
  EXPECT_THAT(fetched.tags(), IsEmpty());
}

TEST_P(InteractionRepositoryContract, CreateWithAnUnknownAgentIsFailedPreconditionNamingTheField) {
  EXPECT_THAT(interactions().Create(MakeInteraction("nobody", kBase), "", TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("agent_employee_id"), HasSubstr("nobody"))));
  EXPECT_EQ(StoredCount(), 0);
}

TEST_P(InteractionRepositoryContract, CreateWithAStoredSourceKeyIsAlreadyExistsNamingTheSourceKey) {
  ASSERT_THAT(interactions().Create(MakeFullInteraction("A1", kBase, "src-1"), "req-1", TestStamp(),
                                    TestNow()),
              IsOk());
  EXPECT_THAT(
      interactions().Create(MakeFullInteraction("A2", kBase + 1, "src-1"), "req-2", TestStamp(),
                            TestNow()),
      StatusIs(absl::StatusCode::kAlreadyExists,
               AllOf(HasSubstr("source_id"), HasSubstr("src-1"), Not(HasSubstr("request_id")))));
  // Without a request id as well.
  EXPECT_THAT(interactions().Create(MakeFullInteraction("A2", kBase + 1, "src-1"), "", TestStamp(),
                                    TestNow()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("source_id")));
  EXPECT_EQ(StoredCount(), 1);

  // The key is the pair: the same source_id from another system is a different record.
  v1::Interaction other_system = MakeFullInteraction("A2", kBase + 1, "src-1");
  other_system.set_source_system("crm-west");
  EXPECT_THAT(interactions().Create(other_system, "", TestStamp(), TestNow()), IsOk());
}

TEST_P(InteractionRepositoryContract, RecordsWithoutSourceKeyAreAllAccepted) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction first,
      interactions().Create(MakeInteraction("A1", kBase), "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction second,
      interactions().Create(MakeInteraction("A1", kBase), "", TestStamp(), TestNow()));
  EXPECT_NE(first.id(), second.id());
  EXPECT_EQ(first.source_id(), "");
  EXPECT_EQ(StoredCount(), 2);
}

TEST_P(InteractionRepositoryContract, ReusedRequestIdIsAlreadyExistsAndFindsTheOriginal) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction original,
                              interactions().Create(MakeFullInteraction("A1", kBase, "src-1"),
                                                    "req-7", TestStamp(), TestNow()));
  EXPECT_THAT(interactions().Create(MakeFullInteraction("A2", kBase, "src-2"), "req-7", TestStamp(),
                                    TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists,
                       AllOf(HasSubstr("request_id"), HasSubstr("req-7"))));
  EXPECT_EQ(StoredCount(), 1);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::Interaction> found,
                              interactions().FindByRequestId("req-7"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(ProtoDiff(original, *found), "");
  EXPECT_THAT(interactions().FindByRequestId("req-8"),
              IsOkAndHolds(Not(::testing::Optional(::testing::_))));
}

// Each create of a batch gets what Create alone would have answered, whether the batch is
// written in one transaction or one by one.
TEST_P(InteractionRepositoryContract, CreateManyGivesEachCreateItsOwnAnswer) {
  const std::vector<db::InteractionCreate> creates = {
      {MakeFullInteraction("A1", kBase, "src-1"), "req-1", TestStamp(), TestNow()},
      {MakeInteraction("nobody", kBase), "", TestStamp(), TestNow()},
      {MakeInteraction("X", kBase + 1), "", TestStamp(), TestNow(1)},
      {MakeFullInteraction("B1", kBase + 2, "src-2"), "", TestStamp(), TestNow(2)},
  };
  std::vector<absl::StatusOr<v1::Interaction>> results = interactions().CreateMany(creates);
  ASSERT_EQ(results.size(), 4u);
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kFailedPrecondition,
                                   AllOf(HasSubstr("agent_employee_id"), HasSubstr("nobody"))));
  for (std::size_t i : {0u, 2u, 3u}) {
    ASSERT_THAT(results[i], IsOk()) << i;
    EXPECT_EQ(results[i]->etag(), "1");
    EXPECT_EQ(db::TimestampToMillis(results[i]->create_time()), absl::ToUnixMillis(creates[i].now));
    EXPECT_EQ(ProtoDiff(creates[i].interaction, WithoutOutputFields(*results[i])), "") << i;
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction fetched, interactions().Get(results[i]->id()));
    EXPECT_EQ(ProtoDiff(*results[i], fetched), "") << i;
  }
  EXPECT_NE(results[0]->id(), results[2]->id());
  EXPECT_NE(results[2]->id(), results[3]->id());
  EXPECT_EQ(StoredCount(), 3);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::optional<v1::Interaction> found,
                              interactions().FindByRequestId("req-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id(), results[0]->id());
}

// A taken key fails only the create that reuses it; its neighbours are stored.
TEST_P(InteractionRepositoryContract, CreateManyWithTakenKeysFailsOnlyThoseCreates) {
  ASSERT_THAT(interactions().Create(MakeFullInteraction("A1", kBase, "src-1"), "req-1", TestStamp(),
                                    TestNow()),
              IsOk());
  const std::vector<db::InteractionCreate> creates = {
      {MakeFullInteraction("A2", kBase, "src-2"), "", TestStamp(), TestNow()},
      {MakeFullInteraction("A2", kBase, "src-1"), "", TestStamp(), TestNow()},
      {MakeFullInteraction("A2", kBase, "src-3"), "req-1", TestStamp(), TestNow()},
      // Two creates of one batch with the same source key: the first one wins.
      {MakeFullInteraction("B1", kBase, "src-4"), "", TestStamp(), TestNow()},
      {MakeFullInteraction("B1", kBase, "src-4"), "", TestStamp(), TestNow()},
  };
  std::vector<absl::StatusOr<v1::Interaction>> results = interactions().CreateMany(creates);
  ASSERT_EQ(results.size(), 5u);
  EXPECT_THAT(results[0], IsOk());
  EXPECT_THAT(results[1], StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("source_id")));
  EXPECT_THAT(results[2], StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("request_id")));
  EXPECT_THAT(results[3], IsOk());
  EXPECT_THAT(results[4], StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("src-4")));
  EXPECT_EQ(StoredCount(), 3);
}

TEST_P(InteractionRepositoryContract, GettingAMissingIdIsNotFound) {
  EXPECT_THAT(interactions().Get(424242),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("424242")));
}

TEST_P(InteractionRepositoryContract, ListReturnsNewestFirstAndAppliesEachFilter) {
  struct Spec {
    const char* agent;
    int64_t start_ms;
    v1::Channel channel;
    v1::Priority priority;
    bool recording;
    bool escalated;
  };
  const std::vector<Spec> specs = {
      {"A1", kBase, v1::CHANNEL_PHONE, v1::PRIORITY_HIGH, true, false},
      {"A1", kBase + kDay, v1::CHANNEL_EMAIL, v1::PRIORITY_LOW, false, true},
      {"A2", kBase + 2 * kDay, v1::CHANNEL_PHONE, v1::PRIORITY_URGENT, true, true},
      {"A2", kBase + kDay, v1::CHANNEL_CHAT, v1::PRIORITY_HIGH, false, false},
      {"B1", kBase - kDay, v1::CHANNEL_PHONE, v1::PRIORITY_HIGH, true, false},
      {"B1", kBase + 3 * kDay, v1::CHANNEL_SOCIAL, v1::PRIORITY_MEDIUM, false, false},
      {"B1", kBase + kDay, v1::CHANNEL_EMAIL, v1::PRIORITY_HIGH, true, true},
      {"X", kBase + 2 * kDay - 1, v1::CHANNEL_WEB_FORM, v1::PRIORITY_LOW, false, false},
      {"X", kBase + 4 * kDay, v1::CHANNEL_PHONE, v1::PRIORITY_URGENT, true, true},
      {"A1", kBase + kDay, v1::CHANNEL_PHONE, v1::PRIORITY_HIGH, true, false},
  };
  std::vector<v1::Interaction> stored;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const Spec& spec = specs[i];
    v1::Interaction interaction =
        MakeFullInteraction(spec.agent, spec.start_ms, absl::StrCat("s", i));
    interaction.set_channel(spec.channel);
    interaction.set_priority(spec.priority);
    if (!spec.recording) interaction.clear_recording();
    interaction.set_escalated(spec.escalated);
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                                interactions().Create(interaction, "", TestStamp(), TestNow()));
    stored.push_back(created);
  }
  SortNewestFirst(stored);

  using Predicate = std::function<bool(const v1::Interaction&)>;
  auto start = [](const v1::Interaction& i) { return db::TimestampToMillis(i.start_time()); };
  auto in_billing = [](const v1::Interaction& i) {
    return i.agent_employee_id() == "A1" || i.agent_employee_id() == "A2";
  };
  struct Case {
    const char* name;
    db::InteractionFilter filter;
    Predicate expected;
  };
  std::vector<Case> cases;
  cases.push_back({"no filter", {}, [](const v1::Interaction&) { return true; }});
  {
    db::InteractionFilter f;
    f.agent_employee_id = "A1";
    cases.push_back(
        {"agent", f, [](const v1::Interaction& i) { return i.agent_employee_id() == "A1"; }});
  }
  {
    db::InteractionFilter f;
    f.team_id = "billing";
    cases.push_back({"team billing", f, in_billing});
    f.team_id = "tech";
    cases.push_back(
        {"team tech", f, [](const v1::Interaction& i) { return i.agent_employee_id() == "B1"; }});
    f.team_id = "no-such-team";
    cases.push_back({"unknown team", f, [](const v1::Interaction&) { return false; }});
  }
  {
    db::InteractionFilter f;
    f.channel = v1::CHANNEL_PHONE;
    cases.push_back(
        {"channel", f, [](const v1::Interaction& i) { return i.channel() == v1::CHANNEL_PHONE; }});
  }
  {
    db::InteractionFilter f;
    f.priority = v1::PRIORITY_HIGH;
    cases.push_back({"priority", f,
                     [](const v1::Interaction& i) { return i.priority() == v1::PRIORITY_HIGH; }});
  }
  {
    // [from, to): a record exactly at `from` is in, one exactly at `to` is out.
    db::InteractionFilter f;
    f.start_from_ms = kBase + kDay;
    f.start_to_ms = kBase + 2 * kDay;
    cases.push_back({"time range", f, [start](const v1::Interaction& i) {
                       return start(i) >= kBase + kDay && start(i) < kBase + 2 * kDay;
                     }});
    db::InteractionFilter from_only;
    from_only.start_from_ms = kBase + 2 * kDay;
    cases.push_back({"from only", from_only,
                     [start](const v1::Interaction& i) { return start(i) >= kBase + 2 * kDay; }});
    db::InteractionFilter to_only;
    to_only.start_to_ms = kBase;
    cases.push_back(
        {"to only", to_only, [start](const v1::Interaction& i) { return start(i) < kBase; }});
  }
  {
    db::InteractionFilter f;
    f.has_recording = true;
    cases.push_back(
        {"with recording", f, [](const v1::Interaction& i) { return i.has_recording(); }});
    f.has_recording = false;
    cases.push_back(
        {"without recording", f, [](const v1::Interaction& i) { return !i.has_recording(); }});
  }
  {
    db::InteractionFilter f;
    f.escalated = true;
    cases.push_back({"escalated", f, [](const v1::Interaction& i) { return i.escalated(); }});
    f.escalated = false;
    cases.push_back({"not escalated", f, [](const v1::Interaction& i) { return !i.escalated(); }});
  }
  {
    db::InteractionFilter f;
    f.team_id = "billing";
    f.channel = v1::CHANNEL_PHONE;
    f.has_recording = true;
    f.start_from_ms = kBase + 1;
    cases.push_back({"combined", f, [in_billing, start](const v1::Interaction& i) {
                       return in_billing(i) && i.channel() == v1::CHANNEL_PHONE &&
                              i.has_recording() && start(i) >= kBase + 1;
                     }});
  }

  for (const Case& c : cases) {
    std::vector<int64_t> expected;
    for (const v1::Interaction& interaction : stored) {
      if (c.expected(interaction)) expected.push_back(interaction.id());
    }
    ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Interaction> listed,
                                interactions().List(c.filter, std::nullopt, 100));
    EXPECT_THAT(Ids(listed), ElementsAreArray(expected)) << c.name;
  }
  // Listed records carry every field, like Get.
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Interaction> all,
                              interactions().List({}, std::nullopt, 100));
  ASSERT_EQ(all.size(), stored.size());
  for (std::size_t i = 0; i < all.size(); ++i) EXPECT_EQ(ProtoDiff(stored[i], all[i]), "");
}

TEST_P(InteractionRepositoryContract, TeamFilterFollowsTheAgentsCurrentTeam) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction by_b1,
      interactions().Create(MakeInteraction("B1", kBase), "", TestStamp(), TestNow()));
  db::InteractionFilter billing;
  billing.team_id = "billing";
  EXPECT_THAT(interactions().List(billing, std::nullopt, 10), IsOkAndHolds(IsEmpty()));

  ASSERT_THAT(people().Update(MakePerson("B1", "billing"), 1, TestStamp(), TestNow(1)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Interaction> listed,
                              interactions().List(billing, std::nullopt, 10));
  EXPECT_THAT(Ids(listed), ElementsAreArray({by_b1.id()}));
}

TEST_P(InteractionRepositoryContract, ListPagesOverEqualStartTimesWithoutDuplicatesOrGaps) {
  std::vector<v1::Interaction> stored;
  for (int i = 0; i < 25; ++i) {
    // Three distinct start times: long runs of ties that only the id can order.
    v1::Interaction interaction = MakeInteraction(i % 2 ? "A1" : "B1", kBase + (i % 3) * 60'000);
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                                interactions().Create(interaction, "", TestStamp(), TestNow()));
    stored.push_back(created);
  }
  SortNewestFirst(stored);
  const std::vector<int64_t> expected = Ids(stored);

  for (int page_size : {1, 4, 7, 25, 100}) {
    EXPECT_THAT(ListAllPages({}, page_size), ElementsAreArray(expected)) << page_size;
  }
  db::InteractionFilter agent;
  agent.agent_employee_id = "A1";
  std::vector<int64_t> expected_a1;
  for (const v1::Interaction& interaction : stored) {
    if (interaction.agent_employee_id() == "A1") expected_a1.push_back(interaction.id());
  }
  EXPECT_THAT(ListAllPages(agent, 3), ElementsAreArray(expected_a1));

  // A cursor in the middle of a run of ties continues with the next lower id of that start.
  const v1::Interaction& middle = stored[3];
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<v1::Interaction> rest,
      interactions().List(
          {}, db::InteractionCursor{db::TimestampToMillis(middle.start_time()), middle.id()}, 100));
  EXPECT_THAT(Ids(rest), ElementsAreArray(expected.begin() + 4, expected.end()));
}

TEST_P(InteractionRepositoryContract, UpdateWithTheCurrentVersionPersistsEveryChange) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                              interactions().Create(MakeFullInteraction("A1", kBase, "src-1"),
                                                    "req-1", TestStamp(), TestNow()));

  v1::Interaction changed = MakeFullInteraction("A2", kBase + 5'555, "src-1b");
  changed.set_id(created.id());
  changed.set_source_system("crm-west");
  changed.set_channel(v1::CHANNEL_EMAIL);
  changed.set_direction(v1::DIRECTION_INBOUND);
  changed.set_queue("complaints");
  changed.set_priority(v1::PRIORITY_LOW);
  changed.clear_end_time();
  changed.clear_hold_duration();
  changed.set_first_contact_resolution(false);
  changed.set_escalated(false);
  changed.set_escalated_to_level(0);
  changed.clear_csat();
  changed.set_nps(9);
  changed.clear_recording();
  changed.mutable_transcript()->set_uri("s3://transcripts/replaced.vtt");
  changed.mutable_transcript()->clear_retain_until();
  changed.clear_tags();
  changed.add_tags("reopened");
  changed.set_language("fr");

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction updated,
                              interactions().Update(changed, 1, TestStamp(), TestNow(60'000)));
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(db::TimestampToMillis(updated.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(updated.update_time()), absl::ToUnixMillis(TestNow(60'000)));
  EXPECT_EQ(ProtoDiff(WithoutOutputFields(changed), WithoutOutputFields(updated)), "");

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction fetched, interactions().Get(created.id()));
  EXPECT_EQ(ProtoDiff(updated, fetched), "");
  // The request id stays with the record.
  EXPECT_THAT(
      interactions().FindByRequestId("req-1"),
      IsOkAndHolds(::testing::Optional(::testing::Property(&v1::Interaction::id, created.id()))));
}

TEST_P(InteractionRepositoryContract, UpdateWithAStaleVersionIsAbortedAndChangesNothing) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(MakeFullInteraction("A1", kBase, "src-1"), "", TestStamp(), TestNow()));
  v1::Interaction first = created;
  first.set_queue("first-writer");
  ASSERT_THAT(interactions().Update(first, 1, TestStamp(), TestNow(1)), IsOk());

  v1::Interaction second = created;
  second.set_queue("second-writer");
  EXPECT_THAT(interactions().Update(second, 1, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr(absl::StrCat(created.id()))));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction stored, interactions().Get(created.id()));
  EXPECT_EQ(stored.queue(), "first-writer");
  EXPECT_EQ(stored.etag(), "2");
}

TEST_P(InteractionRepositoryContract, UpdateToAnUnknownAgentIsFailedPreconditionAndChangesNothing) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(MakeInteraction("A1", kBase), "", TestStamp(), TestNow()));
  v1::Interaction changed = created;
  changed.set_agent_employee_id("nobody");
  EXPECT_THAT(interactions().Update(changed, 1, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("agent_employee_id")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction stored, interactions().Get(created.id()));
  EXPECT_EQ(stored.agent_employee_id(), "A1");
  EXPECT_EQ(stored.etag(), "1");
}

TEST_P(InteractionRepositoryContract, UpdateOfAMissingRecordIsNotFound) {
  v1::Interaction missing = MakeInteraction("A1", kBase);
  missing.set_id(424242);
  EXPECT_THAT(interactions().Update(missing, 1, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("424242")));
}

TEST_P(InteractionRepositoryContract, ImportFindsKnownAgentsAndStoredSourceKeys) {
  ASSERT_THAT(
      interactions().Create(MakeFullInteraction("A1", kBase, "s1"), "", TestStamp(), TestNow()),
      IsOk());
  v1::Interaction west = MakeFullInteraction("A1", kBase, "s1");
  west.set_source_system("crm-west");
  ASSERT_THAT(interactions().Create(west, "", TestStamp(), TestNow()), IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                              interactions().BeginImport(TestStamp()));
  EXPECT_THAT(import->FindKnownAgents({"A1", "nobody", "B1", "a1"}),
              IsOkAndHolds(UnorderedElementsAre("A1", "B1")));
  EXPECT_THAT(import->FindExistingSources({{"crm-east", "s1"},
                                           {"crm-east", "s2"},
                                           {"crm-west", "s1"},
                                           {"crm-north", "s1"},
                                           {"crm-west", "s2"}}),
              IsOkAndHolds(UnorderedElementsAre(db::SourceKey{"crm-east", "s1"},
                                                db::SourceKey{"crm-west", "s1"})));
  EXPECT_THAT(import->FindKnownAgents({}), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(import->FindExistingSources({}), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(import->Commit(), IsOk());
}

TEST_P(InteractionRepositoryContract, ImportOfManyRecordsCommitsThemAllWithTheirFields) {
  // 1,200 records: three multi-row INSERT statements, the last one partial.
  std::vector<v1::Interaction> records;
  std::vector<db::SourceKey> keys;
  for (int i = 0; i < 1200; ++i) {
    v1::Interaction record = MakeFullInteraction(i % 3 == 0 ? "A1" : (i % 3 == 1 ? "A2" : "B1"),
                                                 kBase + i * 1'001, absl::StrCat("imp-", i));
    record.set_source_system("import");
    record.set_channel(static_cast<v1::Channel>(1 + i % 5));
    record.set_priority(static_cast<v1::Priority>(1 + i % 4));
    record.set_escalated(i % 2 == 0);
    if (i % 3 == 0) record.clear_recording();
    if (i % 5 == 0) record.clear_csat();
    if (i % 7 == 0) record.clear_tags();
    records.push_back(record);
    keys.emplace_back("import", record.source_id());
  }
  std::vector<const v1::Interaction*> pointers;
  for (const v1::Interaction& record : records) pointers.push_back(&record);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                              interactions().BeginImport(TestStamp()));
  EXPECT_THAT(import->FindKnownAgents({"A1", "A2", "B1"}),
              IsOkAndHolds(UnorderedElementsAre("A1", "A2", "B1")));
  EXPECT_THAT(import->FindExistingSources(keys), IsOkAndHolds(IsEmpty()));
  ASSERT_THAT(import->Insert(pointers, TestNow()), IsOk());
  ASSERT_THAT(import->Commit(), IsOk());
  import.reset();

  EXPECT_EQ(StoredCount(), 1200);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Interaction> stored,
                              interactions().List({}, std::nullopt, 2000));
  ASSERT_EQ(stored.size(), 1200u);
  std::map<std::string, const v1::Interaction*> by_source;
  for (const v1::Interaction& interaction : stored)
    by_source[interaction.source_id()] = &interaction;
  ASSERT_EQ(by_source.size(), 1200u);
  int mismatches = 0;
  for (const v1::Interaction& record : records) {
    const v1::Interaction& got = *by_source.at(record.source_id());
    const std::string diff = ProtoDiff(record, WithoutOutputFields(got));
    if (!diff.empty() || got.etag() != "1" ||
        db::TimestampToMillis(got.create_time()) != absl::ToUnixMillis(TestNow())) {
      if (++mismatches <= 3)
        ADD_FAILURE() << record.source_id() << ": " << diff << " etag " << got.etag();
    }
  }
  EXPECT_EQ(mismatches, 0);
}

TEST_P(InteractionRepositoryContract, ImportRolledBackStoresNothing) {
  std::vector<v1::Interaction> records;
  for (int i = 0; i < 10; ++i)
    records.push_back(MakeFullInteraction("A1", kBase + i, absl::StrCat("rb-", i)));
  std::vector<const v1::Interaction*> pointers;
  for (const v1::Interaction& record : records) pointers.push_back(&record);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                              interactions().BeginImport(TestStamp()));
  ASSERT_THAT(import->Insert(pointers, TestNow()), IsOk());
  // Inside the transaction the rows are there…
  EXPECT_THAT(import->FindExistingSources({{"crm-east", "rb-0"}, {"crm-east", "rb-9"}}),
              IsOkAndHolds(::testing::SizeIs(2)));
  import->Rollback();
  import.reset();
  // …and after the rollback they are gone.
  EXPECT_EQ(StoredCount(), 0);
}

TEST_P(InteractionRepositoryContract, ImportDestroyedWithoutCommitStoresNothing) {
  const v1::Interaction record = MakeFullInteraction("A1", kBase, "lost-1");
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->Insert({&record}, TestNow()), IsOk());
  }
  EXPECT_EQ(StoredCount(), 0);
  // The connection went back to the pool in a usable state.
  EXPECT_THAT(interactions().Create(record, "", TestStamp(), TestNow()), IsOk());
  EXPECT_EQ(StoredCount(), 1);
}

TEST_P(InteractionRepositoryContract, ImportHittingAStoredSourceKeyIsAlreadyExistsAndKeepsNothing) {
  ASSERT_THAT(
      interactions().Create(MakeFullInteraction("A1", kBase, "dup"), "", TestStamp(), TestNow()),
      IsOk());
  // 700 records: the clash sits in the second multi-row statement, after a first that succeeded.
  std::vector<v1::Interaction> records;
  for (int i = 0; i < 700; ++i) {
    records.push_back(
        MakeFullInteraction("A2", kBase + i, i == 650 ? "dup" : absl::StrCat("new-", i)));
  }
  std::vector<const v1::Interaction*> pointers;
  for (const v1::Interaction& record : records) pointers.push_back(&record);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                              interactions().BeginImport(TestStamp()));
  EXPECT_THAT(import->Insert(pointers, TestNow()), StatusIs(absl::StatusCode::kAlreadyExists));
  import->Rollback();
  import.reset();

  EXPECT_EQ(StoredCount(), 1);
  db::InteractionFilter by_a2;
  by_a2.agent_employee_id = "A2";
  EXPECT_THAT(interactions().List(by_a2, std::nullopt, 1000), IsOkAndHolds(IsEmpty()));
}

TEST_P(InteractionRepositoryContract, FailedImportInsertWritesNothingAndTheTransactionGoesOn) {
  ASSERT_THAT(
      interactions().Create(MakeFullInteraction("A1", kBase, "dup"), "", TestStamp(), TestNow()),
      IsOk());
  // One statement's worth, with the clash last: the rows before it must not stay behind.
  std::vector<v1::Interaction> records;
  for (int i = 0; i < 400; ++i) {
    records.push_back(
        MakeFullInteraction("A2", kBase + i, i == 399 ? "dup" : absl::StrCat("go-", i)));
  }
  std::vector<const v1::Interaction*> pointers;
  for (const v1::Interaction& record : records) pointers.push_back(&record);

  ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                              interactions().BeginImport(TestStamp()));
  ASSERT_THAT(import->Insert(pointers, TestNow()), StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(import->FindExistingSources({{"crm-east", "go-0"}}), IsOkAndHolds(IsEmpty()));
  pointers.pop_back();  // without the clashing record
  ASSERT_THAT(import->Insert(pointers, TestNow()), IsOk());
  ASSERT_THAT(import->Commit(), IsOk());
  import.reset();
  EXPECT_EQ(StoredCount(), 400);
}

TEST_P(InteractionRepositorySqlContract, CreateWritesOneAuditEventWithEverySetField) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const db::AuditStamp stamp = TestStamp("escala.v1.InteractionService/CreateInteraction", "req-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(MakeInteraction("A1", kBase), "req-1", stamp, TestNow()));

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(
                          stamp, "interaction", absl::StrCat("interactions/", created.id()), "",
                          absl::StrCat(R"({"id":")", created.id(), R"(","channel":"CHANNEL_CHAT",)",
                                       R"("direction":"DIRECTION_INBOUND","queue":"general",)",
                                       R"("priority":"PRIORITY_MEDIUM","agent_employee_id":"A1",)",
                                       R"("start_time":"2023-11-14T00:00:00Z","language":"en"})"),
                          TestNow()),
                      WithoutId(events[0])),
            "");
}

TEST_P(InteractionRepositorySqlContract, FailedCreatesAndReplayedRequestIdsWriteNoAuditEvent) {
  ASSERT_THAT(interactions().Create(MakeFullInteraction("A1", kBase, "src-1"), "req-1", TestStamp(),
                                    TestNow()),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  // A replay: same request, same request_id.
  EXPECT_THAT(interactions().Create(MakeFullInteraction("A1", kBase, "src-1"), "req-1",
                                    TestStamp("m", "req-1"), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(interactions().Create(MakeFullInteraction("A2", kBase, "src-2"), "req-1",
                                    TestStamp("m", "req-1"), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(
      interactions().Create(MakeFullInteraction("A2", kBase, "src-1"), "", TestStamp(), TestNow(1)),
      StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(interactions().Create(MakeInteraction("nobody", kBase), "", TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
  EXPECT_EQ(StoredCount(), 1);
}

TEST_P(InteractionRepositorySqlContract, CreateManyWritesAnAuditEventPerStoredRecordOnly) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const db::AuditStamp first = TestStamp("escala.v1.InteractionService/CreateInteraction", "req-1");
  const db::AuditStamp second =
      TestStamp("escala.v1.InteractionService/CreateInteraction", "req-2");
  std::vector<absl::StatusOr<v1::Interaction>> results = interactions().CreateMany({
      {MakeInteraction("A1", kBase), "req-1", first, TestNow()},
      {MakeInteraction("nobody", kBase), "", TestStamp(), TestNow()},
      {MakeInteraction("A1", kBase), "req-2", second, TestNow(1)},
  });
  ASSERT_EQ(results.size(), 3u);
  ASSERT_THAT(results[0], IsOk());
  ASSERT_THAT(results[2], IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  const std::string after = absl::StrCat(
      R"(","channel":"CHANNEL_CHAT","direction":"DIRECTION_INBOUND","queue":"general",)",
      R"("priority":"PRIORITY_MEDIUM","agent_employee_id":"A1",)",
      R"("start_time":"2023-11-14T00:00:00Z","language":"en"})");
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(
                          first, "interaction", absl::StrCat("interactions/", results[0]->id()), "",
                          absl::StrCat(R"({"id":")", results[0]->id(), after), TestNow()),
                      WithoutId(events[0])),
            "");
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(
                          second, "interaction", absl::StrCat("interactions/", results[2]->id()),
                          "", absl::StrCat(R"({"id":")", results[2]->id(), after), TestNow(1)),
                      WithoutId(events[1])),
            "");
}

TEST_P(InteractionRepositorySqlContract, UpdateWritesOneAuditEventWithTheChangedFieldsOnly) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(MakeInteraction("A1", kBase), "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  v1::Interaction changed = created;
  changed.set_queue("complaints");
  changed.set_csat(5);
  const db::AuditStamp stamp = TestStamp("escala.v1.InteractionService/UpdateInteraction", "r-2");
  ASSERT_THAT(interactions().Update(changed, 1, stamp, TestNow(60'000)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "interaction",
                                         absl::StrCat("interactions/", created.id()),
                                         R"({"queue":"general","csat":null})",
                                         R"({"queue":"complaints","csat":5})", TestNow(60'000)),
                      WithoutId(events[0])),
            "");

  // The version moves, so a write that changes no field is recorded as well.
  ASSERT_THAT(interactions().Update(changed, 2, stamp, TestNow(60'001)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].before_json(), "{}");
  EXPECT_EQ(events[0].after_json(), "{}");
}

TEST_P(InteractionRepositorySqlContract, FailedUpdatesWriteNoAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Interaction created,
      interactions().Create(MakeInteraction("A1", kBase), "", TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  v1::Interaction changed = created;
  changed.set_queue("stale");
  EXPECT_THAT(interactions().Update(changed, 7, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAborted));
  changed.set_agent_employee_id("nobody");
  EXPECT_THAT(interactions().Update(changed, 1, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  changed.set_id(424242);
  EXPECT_THAT(interactions().Update(changed, 1, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

// Records for an import, every `without_key_every`-th one without a source key.
std::vector<v1::Interaction> ImportRecords(const std::string& prefix, int count,
                                           int without_key_every = 0) {
  std::vector<v1::Interaction> records;
  for (int i = 0; i < count; ++i) {
    if (without_key_every > 0 && i % without_key_every == 0) {
      records.push_back(MakeInteraction("A1", kBase + i));
    } else {
      records.push_back(MakeFullInteraction("A2", kBase + i, absl::StrCat(prefix, i)));
    }
  }
  return records;
}

std::vector<const v1::Interaction*> Pointers(const std::vector<v1::Interaction>& records) {
  std::vector<const v1::Interaction*> pointers;
  for (const v1::Interaction& record : records) pointers.push_back(&record);
  return pointers;
}

// {"created_count":N,"source_keys":[…]} for the records that have a source key.
std::string ImportAfterJson(const std::vector<const v1::Interaction*>& records) {
  std::vector<std::string> keys;
  for (const v1::Interaction* record : records) {
    if (!record->source_id().empty()) {
      keys.push_back(absl::StrCat("\"", record->source_system(), "/", record->source_id(), "\""));
    }
  }
  return absl::StrCat(R"({"created_count":)", records.size(), R"(,"source_keys":[)",
                      absl::StrJoin(keys, ","), "]}");
}

TEST_P(InteractionRepositorySqlContract, EachCommittedImportTransactionWritesOneAuditEvent) {
  const std::vector<v1::Interaction> first = ImportRecords("one-", 1200, 7);
  const std::vector<v1::Interaction> second = ImportRecords("two-", 3);
  const db::AuditStamp stamp =
      TestStamp("escala.v1.InteractionService/ImportInteractions", "import-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  // Two batches of one import, each its own transaction.
  for (const std::vector<v1::Interaction>* batch : {&first, &second}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(stamp));
    ASSERT_THAT(import->Insert(Pointers(*batch), TestNow(batch == &first ? 0 : 1)), IsOk());
    ASSERT_THAT(import->Commit(), IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "interaction", "interactions", "",
                                         ImportAfterJson(Pointers(first)), TestNow(0)),
                      WithoutId(events[0])),
            "");
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "interaction", "interactions", "",
                                         ImportAfterJson(Pointers(second)), TestNow(1)),
                      WithoutId(events[1])),
            "");
  EXPECT_THAT(events[1].after_json(), HasSubstr(R"("crm-east/two-0")"));
}

TEST_P(InteractionRepositorySqlContract, ImportAuditEventCountsOnlyTheRecordsStored) {
  ASSERT_THAT(
      interactions().Create(MakeFullInteraction("A1", kBase, "dup"), "", TestStamp(), TestNow()),
      IsOk());
  std::vector<v1::Interaction> records = ImportRecords("go-", 399);
  records.push_back(MakeFullInteraction("A2", kBase, "dup"));
  std::vector<const v1::Interaction*> pointers = Pointers(records);
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                              interactions().BeginImport(TestStamp()));
  ASSERT_THAT(import->Insert(pointers, TestNow()), StatusIs(absl::StatusCode::kAlreadyExists));
  pointers.pop_back();
  ASSERT_THAT(import->Insert(pointers, TestNow(5)), IsOk());
  ASSERT_THAT(import->Commit(), IsOk());
  import.reset();

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].after_json(), ImportAfterJson(pointers));
  EXPECT_THAT(events[0].after_json(), Not(HasSubstr("dup")));
  EXPECT_EQ(db::TimestampToMillis(events[0].event_time()), absl::ToUnixMillis(TestNow(5)));
}

TEST_P(InteractionRepositorySqlContract, ImportThatStoresNothingWritesNoAuditEvent) {
  const std::vector<v1::Interaction> records = ImportRecords("rb-", 10);
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  {
    // Rolled back, as an all-or-nothing import with a rejected record is.
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->Insert(Pointers(records), TestNow()), IsOk());
    import->Rollback();
  }
  {
    // Abandoned without a commit.
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->Insert(Pointers(records), TestNow()), IsOk());
  }
  {
    // Committed with nothing inserted.
    ESCALA_ASSERT_OK_AND_ASSIGN(std::unique_ptr<db::InteractionImportTransaction> import,
                                interactions().BeginImport(TestStamp()));
    ASSERT_THAT(import->FindKnownAgents({"A1"}), IsOk());
    ASSERT_THAT(import->Commit(), IsOk());
  }
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
  EXPECT_EQ(StoredCount(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, InteractionRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, InteractionRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
