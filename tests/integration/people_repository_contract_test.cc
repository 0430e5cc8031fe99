// The PeopleRepository contract, against SQLite, MariaDB and the in-memory fakes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> EmployeeIds(const std::vector<v1::Person>& people) {
  std::vector<std::string> ids;
  for (const v1::Person& person : people) ids.push_back(person.employee_id());
  return ids;
}

db::PeopleFilter Filter(const std::string& team_id, int role, int level,
                        std::optional<bool> active) {
  db::PeopleFilter filter;
  filter.team_id = team_id;
  filter.role = role;
  filter.level = level;
  filter.active = active;
  return filter;
}

// Runs on SQLite, MariaDB and the fakes (FakeTeamRepository, FakePeopleRepository).
class PeopleRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (fake()) {
      auto teams = std::make_unique<FakeTeamRepository>();
      people_ = std::make_unique<FakePeopleRepository>(teams.get());
      teams_ = std::move(teams);
    } else {
      teams_ = std::make_unique<db::SociTeamRepository>(database().pool());
      people_ = std::make_unique<db::SociPeopleRepository>(database().pool());
    }
    for (const char* team : {"billing", "tech"}) {
      ASSERT_THAT(teams_->Create(MakeTeam(team, team), TestStamp(), TestNow()), IsOk());
    }
  }

  db::TeamRepository& teams() { return *teams_; }
  db::PeopleRepository& people() { return *people_; }

  // Every page of List(filter) with `page_size`, concatenated.
  std::vector<std::string> ListAllPages(const db::PeopleFilter& filter, int page_size) {
    std::vector<std::string> ids;
    std::string after;
    for (int pages = 0; pages < 1000; ++pages) {
      absl::StatusOr<std::vector<v1::Person>> page = people().List(filter, after, page_size);
      EXPECT_THAT(page, IsOk());
      if (!page.ok() || page->empty()) break;
      EXPECT_LE(page->size(), static_cast<std::size_t>(page_size));
      for (const v1::Person& person : *page) ids.push_back(person.employee_id());
      after = page->back().employee_id();
    }
    return ids;
  }

 private:
  std::unique_ptr<db::TeamRepository> teams_;
  std::unique_ptr<db::PeopleRepository> people_;
};

// The cases that read the audit log (written by the SQL repositories in the transaction of the
// change; the fake keeps none) or need the interaction repository: SQLite and MariaDB only.
class PeopleRepositorySqlContract : public PeopleRepositoryContract {};

TEST_P(PeopleRepositoryContract, CreateStoresEveryFieldAndSetsOutputFields) {
  v1::Person person = MakePerson("E001", "billing", v1::ROLE_TEAM_LEAD, 4, true);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person created, people().Create(person, TestStamp(), TestNow()));
  EXPECT_EQ(ProtoDiff(person, WithoutOutputFields(created)), "");
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person fetched, people().Get("E001"));
  EXPECT_EQ(ProtoDiff(created, fetched), "");
}

TEST_P(PeopleRepositoryContract, UpdatesAndUpsertsRecordEveryChangeOfLevel) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Person created, people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()));
  EXPECT_THAT(people().LevelChanges("E001"), IsOkAndHolds(::testing::IsEmpty()));
  v1::Person promoted = WithoutOutputFields(created);
  promoted.set_level(2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person updated,
                              people().Update(promoted, 1, TestStamp(), TestNow(1000)));
  // Another field: no change of level.
  v1::Person renamed = WithoutOutputFields(updated);
  renamed.set_display_name("Renamed");
  ASSERT_THAT(people().Update(renamed, 2, TestStamp(), TestNow(2000)), IsOk());
  v1::Person lead = renamed;
  lead.set_level(3);
  ASSERT_THAT(people().Upsert({lead}, TestStamp(), TestNow(3000)), IsOk());
  ASSERT_THAT(people().Upsert({lead}, TestStamp(), TestNow(4000)), IsOk());  // unchanged
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::LevelChange> changes, people().LevelChanges("E001"));
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].from_level, 1);
  EXPECT_EQ(changes[0].to_level, 2);
  EXPECT_EQ(changes[0].change_time, TestNow(1000));
  EXPECT_EQ(changes[1].from_level, 2);
  EXPECT_EQ(changes[1].to_level, 3);
  EXPECT_EQ(changes[1].change_time, TestNow(3000));
  EXPECT_THAT(people().LevelChanges("nobody"), IsOkAndHolds(::testing::IsEmpty()));

  // Several people in one read: those without a change are absent.
  ASSERT_THAT(people().Create(MakePerson("E009", "billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto of_many, people().LevelChangesOf({"E001", "E009", "nobody"}));
  ASSERT_EQ(of_many.size(), 1u);
  ASSERT_EQ(of_many["E001"].size(), 2u);
  EXPECT_EQ(of_many["E001"][1].to_level, 3);
  EXPECT_EQ(of_many["E001"][1].change_time, TestNow(3000));
}

TEST_P(PeopleRepositoryContract, PersonWithoutTeamOrHireDateKeepsThemEmpty) {
  v1::Person person = MakePerson("E002", "", v1::ROLE_MANAGER, 0, false);
  person.clear_hire_date();
  ASSERT_THAT(people().Create(person, TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person fetched, people().Get("E002"));
  EXPECT_EQ(ProtoDiff(person, WithoutOutputFields(fetched)), "");
}

TEST_P(PeopleRepositoryContract, CreateWithAnUnknownTeamIsFailedPreconditionNamingTeamId) {
  EXPECT_THAT(people().Create(MakePerson("E001", "no-such-team"), TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("team_id"), HasSubstr("no-such-team"))));
  EXPECT_THAT(people().Get("E001"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(PeopleRepositoryContract, CreatingATakenEmployeeIdIsAlreadyExists) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  v1::Person again = MakePerson("E001", "tech");
  again.set_display_name("Someone else");
  EXPECT_THAT(people().Create(again, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("E001")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person stored, people().Get("E001"));
  EXPECT_EQ(stored.team_id(), "billing");
}

TEST_P(PeopleRepositoryContract, GettingAMissingPersonIsNotFound) {
  EXPECT_THAT(people().Get("E404"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("E404")));
}

TEST_P(PeopleRepositoryContract, ListFiltersByTeamRoleLevelAndActive) {
  std::vector<v1::Person> all = {
      MakePerson("E01", "billing", v1::ROLE_AGENT, 1, true),
      MakePerson("E02", "billing", v1::ROLE_AGENT, 2, false),
      MakePerson("E03", "billing", v1::ROLE_TEAM_LEAD, 3, true),
      MakePerson("E04", "tech", v1::ROLE_AGENT, 1, true),
      MakePerson("E05", "tech", v1::ROLE_TECHNICAL_ENGINEER, 2, true),
      MakePerson("E06", "tech", v1::ROLE_TECHNICAL_ENGINEER, 2, false),
      MakePerson("E07", "", v1::ROLE_MANAGER, 5, true),
      MakePerson("E08", "", v1::ROLE_AGENT, 1, false),
  };
  for (const v1::Person& person : all) {
    ASSERT_THAT(people().Create(person, TestStamp(), TestNow()), IsOk());
  }

  struct Case {
    const char* name;
    db::PeopleFilter filter;
    std::function<bool(const v1::Person&)> expected;
  };
  const std::vector<Case> cases = {
      {"no filter", {}, [](const v1::Person&) { return true; }},
      {"team", Filter("billing", 0, 0, std::nullopt),
       [](const v1::Person& p) { return p.team_id() == "billing"; }},
      {"role", Filter("", v1::ROLE_AGENT, 0, std::nullopt),
       [](const v1::Person& p) { return p.role() == v1::ROLE_AGENT; }},
      {"level", Filter("", 0, 2, std::nullopt), [](const v1::Person& p) { return p.level() == 2; }},
      {"active", Filter("", 0, 0, true), [](const v1::Person& p) { return p.active(); }},
      {"inactive", Filter("", 0, 0, false), [](const v1::Person& p) { return !p.active(); }},
      {"team+role+level+active", Filter("tech", v1::ROLE_TECHNICAL_ENGINEER, 2, true),
       [](const v1::Person& p) {
         return p.team_id() == "tech" && p.role() == v1::ROLE_TECHNICAL_ENGINEER &&
                p.level() == 2 && p.active();
       }},
      {"no match", Filter("billing", v1::ROLE_MANAGER, 0, std::nullopt),
       [](const v1::Person&) { return false; }},
  };
  for (const Case& c : cases) {
    std::vector<std::string> expected;
    for (const v1::Person& person : all) {
      if (c.expected(person)) expected.push_back(person.employee_id());
    }
    ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Person> listed, people().List(c.filter, "", 100));
    EXPECT_THAT(EmployeeIds(listed), ElementsAreArray(expected)) << c.name;
  }
}

TEST_P(PeopleRepositoryContract, ListPagesByEmployeeIdWithoutDuplicatesOrGaps) {
  std::vector<std::string> all_ids, active_ids;
  for (int i = 0; i < 23; ++i) {
    // Inserted out of order; some inactive so that a filtered walk skips rows.
    const std::string id = absl::StrFormat("E%03d", (i * 7) % 23);
    const bool active = ((i * 7) % 23) % 3 != 0;
    ASSERT_THAT(
        people().Create(MakePerson(id, i % 2 ? "billing" : "tech", v1::ROLE_AGENT, 1, active),
                        TestStamp(), TestNow()),
        IsOk());
    all_ids.push_back(id);
    if (active) active_ids.push_back(id);
  }
  std::sort(all_ids.begin(), all_ids.end());
  std::sort(active_ids.begin(), active_ids.end());

  for (int page_size : {1, 5, 23, 50}) {
    EXPECT_THAT(ListAllPages({}, page_size), ElementsAreArray(all_ids)) << page_size;
  }
  db::PeopleFilter active;
  active.active = true;
  EXPECT_THAT(ListAllPages(active, 4), ElementsAreArray(active_ids));
}

TEST_P(PeopleRepositoryContract, UpdateWithTheCurrentVersionReplacesEveryField) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  v1::Person changed = MakePerson("E001", "tech", v1::ROLE_SPECIALIST, 3, false);
  changed.set_display_name("Renamed");
  changed.set_email("renamed@example.com");
  changed.set_hire_date("2020-01-02");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person updated,
                              people().Update(changed, 1, TestStamp(), TestNow(60'000)));
  EXPECT_EQ(ProtoDiff(changed, WithoutOutputFields(updated)), "");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(db::TimestampToMillis(updated.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(updated.update_time()), absl::ToUnixMillis(TestNow(60'000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person fetched, people().Get("E001"));
  EXPECT_EQ(ProtoDiff(updated, fetched), "");
}

TEST_P(PeopleRepositoryContract, UpdateWithAStaleVersionIsAbortedAndChangesNothing) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  v1::Person first = MakePerson("E001", "billing");
  first.set_display_name("First writer");
  ASSERT_THAT(people().Update(first, 1, TestStamp(), TestNow(1)), IsOk());

  v1::Person second = MakePerson("E001", "tech");
  second.set_display_name("Second writer");
  EXPECT_THAT(people().Update(second, 1, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("E001")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person stored, people().Get("E001"));
  EXPECT_EQ(stored.display_name(), "First writer");
  EXPECT_EQ(stored.team_id(), "billing");
  EXPECT_EQ(stored.etag(), "2");
}

TEST_P(PeopleRepositoryContract, UpdateOfAMissingPersonIsNotFound) {
  EXPECT_THAT(people().Update(MakePerson("E404", "billing"), 1, TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("E404")));
}

TEST_P(PeopleRepositoryContract, UpdateToAnUnknownTeamIsFailedPreconditionNamingTeamId) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(people().Update(MakePerson("E001", "no-such-team"), 1, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("team_id")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person stored, people().Get("E001"));
  EXPECT_EQ(stored.team_id(), "billing");
  EXPECT_EQ(stored.etag(), "1");
}

TEST_P(PeopleRepositoryContract, UpsertCountsCreatedUpdatedAndUnchanged) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people().Create(MakePerson("E002", "billing"), TestStamp(), TestNow()), IsOk());

  v1::Person moved = MakePerson("E002", "tech", v1::ROLE_SPECIALIST, 2, true);
  const std::vector<v1::Person> batch = {
      MakePerson("E001", "billing"),  // as stored
      moved,
      MakePerson("E003", "tech"),
      MakePerson("E004", ""),
  };
  ESCALA_ASSERT_OK_AND_ASSIGN(db::UpsertCounts counts,
                              people().Upsert(batch, TestStamp(), TestNow(1000)));
  EXPECT_EQ(counts.created, 2);
  EXPECT_EQ(counts.updated, 1);
  EXPECT_EQ(counts.unchanged, 1);

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person unchanged, people().Get("E001"));
  EXPECT_EQ(unchanged.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(unchanged.update_time()), absl::ToUnixMillis(TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person updated, people().Get("E002"));
  EXPECT_EQ(ProtoDiff(moved, WithoutOutputFields(updated)), "");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(db::TimestampToMillis(updated.update_time()), absl::ToUnixMillis(TestNow(1000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person created, people().Get("E003"));
  EXPECT_EQ(ProtoDiff(batch[2], WithoutOutputFields(created)), "");
  EXPECT_EQ(created.etag(), "1");
  EXPECT_THAT(people().Get("E004"), IsOk());
}

TEST_P(PeopleRepositoryContract, UpsertOfTheSameBatchTwiceLeavesEverythingUnchanged) {
  // More people than one multi-row statement or IN list holds.
  std::vector<v1::Person> batch;
  for (int i = 0; i < 901; ++i) {
    batch.push_back(MakePerson(absl::StrFormat("E%04d", i), i % 3 ? "billing" : "tech",
                               i % 2 ? v1::ROLE_AGENT : v1::ROLE_SPECIALIST, 1 + i % 5,
                               i % 7 != 0));
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(db::UpsertCounts first,
                              people().Upsert(batch, TestStamp(), TestNow()));
  EXPECT_EQ(first.created, 901);
  EXPECT_EQ(first.updated, 0);
  EXPECT_EQ(first.unchanged, 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Person> before, people().List({}, "", 1000));
  ASSERT_EQ(before.size(), 901u);

  ESCALA_ASSERT_OK_AND_ASSIGN(db::UpsertCounts second,
                              people().Upsert(batch, TestStamp(), TestNow(5000)));
  EXPECT_EQ(second.created, 0);
  EXPECT_EQ(second.updated, 0);
  EXPECT_EQ(second.unchanged, 901);
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Person> after, people().List({}, "", 1000));
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    // Same etag and update_time: nothing was rewritten.
    EXPECT_EQ(ProtoDiff(before[i], after[i]), "") << before[i].employee_id();
  }
}

TEST_P(PeopleRepositoryContract, UpsertWithAnUnknownTeamNamesTheEntryAndWritesNothing) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  const std::vector<v1::Person> batch = {
      MakePerson("E001", "tech"),  // would be an update
      MakePerson("E002", "billing"),
      MakePerson("E003", "no-such-team"),
      MakePerson("E004", "tech"),
  };
  EXPECT_THAT(people().Upsert(batch, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("people[2].team_id"), HasSubstr("no-such-team"))));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person stored, people().Get("E001"));
  EXPECT_EQ(stored.team_id(), "billing");
  EXPECT_EQ(stored.etag(), "1");
  EXPECT_THAT(people().FindExisting({"E001", "E002", "E003", "E004"}),
              IsOkAndHolds(ElementsAre("E001")));
}

TEST_P(PeopleRepositoryContract, UpsertReportsAnOutcomePerPersonInOrder) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people().Create(MakePerson("E002", "billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::UpsertCounts counts,
      people().Upsert(
          {MakePerson("E003", "tech"), MakePerson("E002", "tech"), MakePerson("E001", "billing")},
          TestStamp(), TestNow(1000)));
  EXPECT_THAT(counts.outcomes, ElementsAre(db::UpsertOutcome::kCreated, db::UpsertOutcome::kUpdated,
                                           db::UpsertOutcome::kUnchanged));
}

TEST_P(PeopleRepositoryContract, UpsertOfAnEditFromAStaleEtagIsAbortedAndWritesNothing) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person read, people().Get("E001"));
  // Someone else changes the person after it was read.
  v1::Person other = read;
  other.set_display_name("Changed meanwhile");
  ASSERT_THAT(people().Update(other, 1, TestStamp(), TestNow(10)), IsOk());

  v1::Person edit = read;
  edit.set_team_id("tech");
  EXPECT_THAT(people().Upsert({MakePerson("E002", "tech"), edit}, TestStamp(), TestNow(20)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("E001")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person stored, people().Get("E001"));
  EXPECT_EQ(stored.display_name(), "Changed meanwhile");
  EXPECT_EQ(stored.team_id(), "billing");
  EXPECT_THAT(people().Get("E002"), StatusIs(absl::StatusCode::kNotFound));

  // An etag for a person that is not stored is stale too.
  v1::Person ghost = MakePerson("E009", "tech");
  ghost.set_etag("3");
  EXPECT_THAT(people().Upsert({ghost}, TestStamp(), TestNow(30)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(people().Get("E009"), StatusIs(absl::StatusCode::kNotFound));

  // With the current etag the edit goes through.
  edit.set_etag(stored.etag());
  EXPECT_THAT(people().Upsert({edit}, TestStamp(), TestNow(40)),
              IsOkAndHolds(::testing::Field(&db::UpsertCounts::updated, 1)));
}

TEST_P(PeopleRepositoryContract, GetManyReturnsTheStoredPeopleAmongTheIds) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people().Create(MakePerson("E002", "tech"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Person> found,
                              people().GetMany({"E002", "E404", "E001", "e001"}));
  std::vector<std::string> ids;
  for (const v1::Person& person : found) {
    ids.push_back(person.employee_id());
    EXPECT_FALSE(person.etag().empty());
    EXPECT_TRUE(person.has_active());
  }
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre("E001", "E002"));
  EXPECT_THAT(people().GetMany({}), IsOkAndHolds(IsEmpty()));
}

TEST_P(PeopleRepositoryContract, FindExistingReturnsOnlyStoredIds) {
  std::vector<std::string> asked;
  std::set<std::string> stored;
  for (int i = 0; i < 450; ++i) {
    const std::string id = absl::StrFormat("E%04d", i);
    asked.push_back(id);
    if (i % 4 == 0) {
      ASSERT_THAT(people().Create(MakePerson(id, "tech"), TestStamp(), TestNow()), IsOk());
      stored.insert(id);
    }
  }
  asked.push_back("E9999");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<std::string> found, people().FindExisting(asked));
  EXPECT_EQ(std::set<std::string>(found.begin(), found.end()), stored);
  EXPECT_EQ(found.size(), stored.size());
  EXPECT_THAT(people().FindExisting({}), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(people().FindExisting({"e0000", "E000%", "E000_"}), IsOkAndHolds(IsEmpty()));
}

// Keys are compared byte for byte on both databases, as SQLite's BINARY collation does: trailing
// spaces make a different key (MariaDB's PAD SPACE collations would ignore them).
TEST_P(PeopleRepositoryContract, KeysDifferingOnlyInTrailingSpacesAreDistinct) {
  ASSERT_THAT(people().Create(MakePerson("E1", "billing"), TestStamp(), TestNow()), IsOk());
  v1::Person padded = MakePerson("E1 ", "tech");
  EXPECT_THAT(people().Create(padded, TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(people().Get("E1"),
              IsOkAndHolds(::testing::Property(&v1::Person::team_id, "billing")));
  EXPECT_THAT(people().Get("E1 "), IsOkAndHolds(::testing::Property(&v1::Person::team_id, "tech")));
  EXPECT_THAT(people().FindExisting({"E1  "}), IsOkAndHolds(IsEmpty()));
  EXPECT_THAT(teams().Get("billing "), StatusIs(absl::StatusCode::kNotFound));
}

// The error code comes from the database's verdict, not from words that happen to be in the data.
TEST_P(PeopleRepositoryContract, ConstraintWordsInTheDataDoNotChangeTheErrorCode) {
  v1::Person person = MakePerson("E1", "billing");
  person.set_display_name("FOREIGN KEY constraint failed");
  ASSERT_THAT(people().Create(person, TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(people().Create(person, TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("E1")));
}

// Hostile text goes in and comes out byte for byte: no quoting, escaping, truncation, collation
// or encoding surprises on either database.
TEST_P(PeopleRepositorySqlContract, HostileStringsRoundTripByteExact) {
  db::SociInteractionRepository interactions(database().pool());
  const std::vector<std::string>& hostile = HostileStrings();
  for (std::size_t i = 0; i < hostile.size(); ++i) {
    const std::string& text = hostile[i];
    v1::Team team = MakeTeam(absl::StrCat("team-", i), text);
    team.set_lead_employee_id(text);
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team stored_team, teams().Create(team, TestStamp(), TestNow()));
    EXPECT_EQ(stored_team.display_name(), text);
    EXPECT_EQ(stored_team.lead_employee_id(), text);

    v1::Person person = MakePerson(absl::StrCat("E", i), team.team_id());
    person.set_display_name(text);
    person.set_email(text);
    ASSERT_THAT(people().Create(person, TestStamp(), TestNow()), IsOk()) << text;
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person fetched, people().Get(person.employee_id()));
    EXPECT_EQ(fetched.display_name(), text);
    EXPECT_EQ(fetched.email(), text);
    // Unchanged by an upsert of the same text: the comparison is exact too.
    EXPECT_THAT(people().Upsert({person}, TestStamp(), TestNow(1)),
                IsOkAndHolds(::testing::Field(&db::UpsertCounts::unchanged, 1)))
        << text;

    v1::Interaction interaction = MakeInteraction(person.employee_id(), 1000 + i);
    interaction.set_queue(text);
    interaction.set_source_system(text);
    interaction.set_source_id(text);
    interaction.mutable_recording()->set_uri(text);
    interaction.mutable_recording()->set_format(text);
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                                interactions.Create(interaction, text, TestStamp(), TestNow()));
    ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction round_trip, interactions.Get(created.id()));
    EXPECT_EQ(ProtoDiff(interaction, WithoutOutputFields(round_trip)), "") << text;
    EXPECT_THAT(
        interactions.FindByRequestId(text),
        IsOkAndHolds(::testing::Optional(::testing::Property(&v1::Interaction::id, created.id()))));
  }
  // Hostile text used as a key is compared exactly, never as a pattern.
  ASSERT_THAT(teams().Create(MakeTeam("a%", "percent"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(teams().Create(MakeTeam("a_", "underscore"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(teams().Create(MakeTeam("ab", "plain"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people().Create(MakePerson("P1", "a%"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people().Create(MakePerson("P2", "ab"), TestStamp(), TestNow()), IsOk());
  db::PeopleFilter by_team;
  by_team.team_id = "a%";
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Person> in_team, people().List(by_team, "", 100));
  EXPECT_THAT(EmployeeIds(in_team), ElementsAre("P1"));
  EXPECT_THAT(teams().Get("a_"),
              IsOkAndHolds(::testing::Property(&v1::Team::display_name, "underscore")));
  // Case matters, as with SQLite's BINARY collation.
  EXPECT_THAT(teams().Create(MakeTeam("AB", "upper"), TestStamp(), TestNow()), IsOk());
}

TEST_P(PeopleRepositorySqlContract, CreateWritesOneAuditEventWithEverySetField) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const db::AuditStamp stamp = TestStamp("escala.v1.PeopleService/CreatePerson", "req-1");
  ASSERT_THAT(
      people().Create(MakePerson("E001", "billing", v1::ROLE_TEAM_LEAD, 4), stamp, TestNow()),
      IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "person", "people/E001", "",
                                         R"({"employee_id":"E001","display_name":"Person E001",)"
                                         R"("email":"E001@example.com","role":"ROLE_TEAM_LEAD",)"
                                         R"("level":4,"team_id":"billing",)"
                                         R"("hire_date":"2021-03-15","active":true})",
                                         TestNow()),
                      WithoutId(events[0])),
            "");
}

TEST_P(PeopleRepositorySqlContract, UpdateWritesOneAuditEventWithTheChangedFieldsOnly) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  v1::Person renamed = MakePerson("E001", "billing");
  renamed.set_display_name("Renamed");
  const db::AuditStamp stamp = TestStamp("escala.v1.PeopleService/UpdatePerson");
  ASSERT_THAT(people().Update(renamed, 1, stamp, TestNow(60'000)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "person", "people/E001",
                                         R"({"display_name":"Person E001"})",
                                         R"({"display_name":"Renamed"})", TestNow(60'000)),
                      WithoutId(events[0])),
            "");

  // The version moves, so a write that changes no field is recorded as well.
  ASSERT_THAT(people().Update(renamed, 2, stamp, TestNow(60'001)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].before_json(), "{}");
  EXPECT_EQ(events[0].after_json(), "{}");
}

TEST_P(PeopleRepositorySqlContract, FailedMutationsWriteNoAuditEvent) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  EXPECT_THAT(people().Create(MakePerson("E001", "tech"), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(people().Create(MakePerson("E002", "no-such-team"), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(people().Update(MakePerson("E001", "tech"), 7, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(people().Update(MakePerson("E001", "no-such-team"), 1, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(people().Update(MakePerson("E404", "tech"), 1, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kNotFound));
  // An upsert with one unknown team writes neither its updates nor its creates.
  EXPECT_THAT(people().Upsert({MakePerson("E001", "tech"), MakePerson("E003", "billing"),
                               MakePerson("E004", "no-such-team")},
                              TestStamp(), TestNow(3)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

TEST_P(PeopleRepositorySqlContract, UpsertWritesOneAuditEventPerCreatedOrChangedPerson) {
  ASSERT_THAT(people().Create(MakePerson("E001", "billing"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people().Create(MakePerson("E002", "billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  const db::AuditStamp stamp = TestStamp("escala.v1.PeopleService/UpsertPeople", "sync-1");
  v1::Person e004 = MakePerson("E004", "");
  e004.clear_hire_date();
  const std::vector<v1::Person> batch = {
      MakePerson("E001", "billing"),  // as stored: no event
      MakePerson("E002", "tech", v1::ROLE_SPECIALIST, 2, true),
      MakePerson("E003", "tech"),
      e004,
  };
  ASSERT_THAT(people().Upsert(batch, stamp, TestNow(1000)), IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  std::map<std::string, v1::AuditEvent> by_name;
  for (const v1::AuditEvent& event : events) by_name[event.resource_name()] = WithoutId(event);
  ASSERT_EQ(events.size(), 3u);
  ASSERT_EQ(by_name.size(), 3u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "person", "people/E002",
                                         R"({"role":"ROLE_AGENT","level":1,"team_id":"billing"})",
                                         R"({"role":"ROLE_SPECIALIST","level":2,"team_id":"tech"})",
                                         TestNow(1000)),
                      by_name["people/E002"]),
            "");
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "person", "people/E003", "",
                                         R"({"employee_id":"E003","display_name":"Person E003",)"
                                         R"("email":"E003@example.com","role":"ROLE_AGENT",)"
                                         R"("level":1,"team_id":"tech",)"
                                         R"("hire_date":"2021-03-15","active":true})",
                                         TestNow(1000)),
                      by_name["people/E003"]),
            "");
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "person", "people/E004", "",
                                         R"({"employee_id":"E004","display_name":"Person E004",)"
                                         R"("email":"E004@example.com","role":"ROLE_AGENT",)"
                                         R"("level":1,"active":true})",
                                         TestNow(1000)),
                      by_name["people/E004"]),
            "");

  // The same batch again changes nobody and records nothing.
  ASSERT_THAT(people().Upsert(batch, stamp, TestNow(2000)),
              IsOkAndHolds(::testing::Field(&db::UpsertCounts::unchanged, 4)));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

TEST_P(PeopleRepositorySqlContract, UpsertOfManyPeopleWritesAnEventForEach) {
  // More people than one multi-row statement holds.
  std::vector<v1::Person> batch;
  for (int i = 0; i < 901; ++i) batch.push_back(MakePerson(absl::StrFormat("E%04d", i), "tech"));
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ASSERT_THAT(people().Upsert(batch, TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  std::set<std::string> names;
  for (const v1::AuditEvent& event : events) names.insert(event.resource_name());
  EXPECT_EQ(events.size(), 901u);
  EXPECT_EQ(names.size(), 901u);
  EXPECT_EQ(names.count("people/E0900"), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, PeopleRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, PeopleRepositorySqlContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
