// The TeamRepository contract, against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/proto_time.h"
#include "db/directory/soci_team_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_team_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<std::string> TeamIds(const std::vector<v1::Team>& teams) {
  std::vector<std::string> ids;
  for (const v1::Team& team : teams) ids.push_back(team.team_id());
  return ids;
}

// Runs on SQLite, MariaDB and the fake (FakeTeamRepository).
class TeamRepositoryContract : public DatabaseTest {
 protected:
  db::TeamRepository& teams() {
    if (!repository_) {
      if (fake()) {
        repository_ = std::make_unique<FakeTeamRepository>();
      } else {
        repository_ = std::make_unique<db::SociTeamRepository>(database().pool());
      }
    }
    return *repository_;
  }

 private:
  std::unique_ptr<db::TeamRepository> repository_;
};

// The cases that read the audit log, which the SQL repositories write in the transaction of the
// change and the fake does not keep: SQLite and MariaDB only.
class TeamRepositorySqlContract : public TeamRepositoryContract {};

TEST_P(TeamRepositoryContract, CreateStoresTheTeamAndSetsOutputFields) {
  v1::Team team = MakeTeam("billing", "Billing & Refunds");
  team.set_lead_employee_id("E100");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team created, teams().Create(team, TestStamp(), TestNow()));
  EXPECT_EQ(ProtoDiff(team, WithoutOutputFields(created)), "");
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(created.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(created.update_time()), absl::ToUnixMillis(TestNow()));

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team fetched, teams().Get("billing"));
  EXPECT_EQ(ProtoDiff(created, fetched), "");
}

TEST_P(TeamRepositoryContract, TeamWithoutLeadKeepsTheLeadEmpty) {
  ASSERT_THAT(teams().Create(MakeTeam("onboarding", "Onboarding"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team fetched, teams().Get("onboarding"));
  EXPECT_EQ(fetched.lead_employee_id(), "");
}

TEST_P(TeamRepositoryContract, CreatingATakenTeamIdIsAlreadyExists) {
  ASSERT_THAT(teams().Create(MakeTeam("billing", "Billing"), TestStamp(), TestNow()), IsOk());
  EXPECT_THAT(teams().Create(MakeTeam("billing", "Other"), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("billing")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team stored, teams().Get("billing"));
  EXPECT_EQ(stored.display_name(), "Billing");
}

TEST_P(TeamRepositoryContract, GettingAMissingTeamIsNotFound) {
  EXPECT_THAT(teams().Get("nowhere"), StatusIs(absl::StatusCode::kNotFound, HasSubstr("nowhere")));
}

TEST_P(TeamRepositoryContract, ListPagesInTeamIdOrderAfterTheGivenId) {
  for (const char* id : {"delta", "alpha", "echo", "charlie", "bravo"}) {
    ASSERT_THAT(teams().Create(MakeTeam(id, id), TestStamp(), TestNow()), IsOk());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page1, teams().List("", 2));
  EXPECT_THAT(TeamIds(page1), ElementsAre("alpha", "bravo"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page2, teams().List("bravo", 2));
  EXPECT_THAT(TeamIds(page2), ElementsAre("charlie", "delta"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page3, teams().List("delta", 2));
  EXPECT_THAT(TeamIds(page3), ElementsAre("echo"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page4, teams().List("echo", 2));
  EXPECT_THAT(page4, IsEmpty());
  // The cursor need not be a stored id.
  ESCALA_ASSERT_OK_AND_ASSIGN(auto between, teams().List("c", 10));
  EXPECT_THAT(TeamIds(between), ElementsAre("charlie", "delta", "echo"));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto all, teams().List("", 100));
  EXPECT_EQ(all.size(), 5u);
}

TEST_P(TeamRepositoryContract, UpdateWithTheCurrentVersionReplacesFieldsAndAdvancesTheEtag) {
  v1::Team team = MakeTeam("billing", "Billing");
  team.set_lead_employee_id("E1");
  ASSERT_THAT(teams().Create(team, TestStamp(), TestNow()), IsOk());

  v1::Team changed = MakeTeam("billing", "Billing and Payments");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team updated,
                              teams().Update(changed, 1, TestStamp(), TestNow(5000)));
  EXPECT_EQ(updated.display_name(), "Billing and Payments");
  EXPECT_EQ(updated.lead_employee_id(), "");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_EQ(db::TimestampToMillis(updated.create_time()), absl::ToUnixMillis(TestNow()));
  EXPECT_EQ(db::TimestampToMillis(updated.update_time()), absl::ToUnixMillis(TestNow(5000)));

  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team fetched, teams().Get("billing"));
  EXPECT_EQ(ProtoDiff(updated, fetched), "");
}

TEST_P(TeamRepositoryContract, UpdateWithAStaleVersionIsAbortedAndChangesNothing) {
  ASSERT_THAT(teams().Create(MakeTeam("billing", "Billing"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(teams().Update(MakeTeam("billing", "First writer"), 1, TestStamp(), TestNow(1)),
              IsOk());

  EXPECT_THAT(teams().Update(MakeTeam("billing", "Second writer"), 1, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("billing")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Team stored, teams().Get("billing"));
  EXPECT_EQ(stored.display_name(), "First writer");
  EXPECT_EQ(stored.etag(), "2");
}

TEST_P(TeamRepositorySqlContract, CreateWritesOneAuditEventWithEverySetField) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  v1::Team team = MakeTeam("billing", "Billing");
  team.set_lead_employee_id("E100");
  const db::AuditStamp stamp = TestStamp("escala.v1.PeopleService/CreateTeam", "req-1");
  ASSERT_THAT(teams().Create(team, stamp, TestNow()), IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(
      ProtoDiff(ExpectedAuditEvent(
                    stamp, "team", "teams/billing", "",
                    R"({"team_id":"billing","display_name":"Billing","lead_employee_id":"E100"})",
                    TestNow()),
                WithoutId(events[0])),
      "");
}

TEST_P(TeamRepositorySqlContract, UpdateWritesOneAuditEventWithTheChangedFieldsOnly) {
  v1::Team team = MakeTeam("billing", "Billing");
  team.set_lead_employee_id("E1");
  ASSERT_THAT(teams().Create(team, TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  const db::AuditStamp stamp = TestStamp("escala.v1.PeopleService/UpdateTeam");
  ASSERT_THAT(teams().Update(MakeTeam("billing", "Payments"), 1, stamp, TestNow(5000)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(ProtoDiff(ExpectedAuditEvent(stamp, "team", "teams/billing",
                                         R"({"display_name":"Billing","lead_employee_id":"E1"})",
                                         R"({"display_name":"Payments","lead_employee_id":null})",
                                         TestNow(5000)),
                      WithoutId(events[0])),
            "");
}

// The version moves, so the write is recorded even though no field changed.
TEST_P(TeamRepositorySqlContract, UpdateThatChangesNoFieldStillWritesItsAuditEvent) {
  ASSERT_THAT(teams().Create(MakeTeam("billing", "Billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Team updated, teams().Update(MakeTeam("billing", "Billing"), 1, TestStamp(), TestNow(1)));
  EXPECT_EQ(updated.etag(), "2");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AuditEvent> events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].before_json(), "{}");
  EXPECT_EQ(events[0].after_json(), "{}");
}

TEST_P(TeamRepositorySqlContract, FailedMutationsWriteNoAuditEvent) {
  ASSERT_THAT(teams().Create(MakeTeam("billing", "Billing"), TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));

  EXPECT_THAT(teams().Create(MakeTeam("billing", "Other"), TestStamp(), TestNow(1)),
              StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_THAT(teams().Update(MakeTeam("billing", "Stale"), 7, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_THAT(teams().Update(MakeTeam("nowhere", "Missing"), 1, TestStamp(), TestNow(3)),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

INSTANTIATE_TEST_SUITE_P(Backends, TeamRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, TeamRepositorySqlContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
