// The SlaPolicyRepository contract against SQLite, MariaDB and the in-memory fake: versions
// (a draft edited in place, the next draft after a publish, publishing supersedes), etags, the
// published versions in order, and (on SQL) the audit events and the priority history that
// UpdateInteraction records in its own transaction.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/interactions/soci_interaction_repository.h"
#include "db/sla/soci_sla_policy_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_sla_policy_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_sla_policies.h"

namespace escala::testing {
namespace {

class SlaPolicyRepositoryContract : public DatabaseTest {
 protected:
  db::SlaPolicyRepository& policies() {
    if (!policies_) {
      if (fake()) {
        policies_ = std::make_unique<FakeSlaPolicyRepository>();
      } else {
        policies_ = std::make_unique<db::SociSlaPolicyRepository>(database().pool());
      }
    }
    return *policies_;
  }

 private:
  std::unique_ptr<db::SlaPolicyRepository> policies_;
};

class SlaPolicyRepositorySqlContract : public SlaPolicyRepositoryContract {};

int64_t RowVersion(const v1::SlaPolicy& policy) { return std::stoll(policy.etag()); }

TEST_P(SlaPolicyRepositoryContract, APolicyIsStoredAsGivenWithItsBookkeeping) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy created,
                              policies().Create(TestSlaPolicy("p"), TestStamp(), TestNow()));
  v1::SlaPolicy expected = TestSlaPolicy("p");
  expected.set_version(1);
  expected.set_state(v1::SLA_POLICY_STATE_DRAFT);
  expected.set_etag("1");
  expected.set_created_by(TestStamp().principal);
  *expected.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow()));
  *expected.mutable_update_time() = expected.create_time();
  EXPECT_EQ(ProtoDiff(expected, created), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy read, policies().Get("p", 0));
  EXPECT_EQ(ProtoDiff(created, read), "");
  EXPECT_THAT(policies().Get("p", 2), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(policies().Get("q", 0), StatusIs(absl::StatusCode::kNotFound));
  const absl::Status again = policies().Create(TestSlaPolicy("p"), TestStamp(), TestNow()).status();
  EXPECT_THAT(again, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(again), db::kReasonDuplicateId);
  EXPECT_THAT(policies().ListPublished("p"), IsOkAndHolds(::testing::IsEmpty()));
  EXPECT_THAT(policies().ListPublished("q"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(SlaPolicyRepositoryContract, PublishedVersionsNeverChangeAndTheNewestSupersedes) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy draft,
                              policies().Create(TestSlaPolicy("p"), TestStamp(), TestNow()));
  v1::SlaPolicy edited = draft;
  edited.set_title("Edited in place");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::SlaPolicy same, policies().Update(edited, RowVersion(draft), TestStamp(), TestNow(1)));
  EXPECT_EQ(same.version(), 1);
  EXPECT_EQ(same.title(), "Edited in place");
  EXPECT_EQ(db::ErrorReason(
                policies().Update(edited, RowVersion(draft), TestStamp(), TestNow()).status()),
            db::kReasonEtagMismatch);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::SlaPolicy first, policies().Publish("p", RowVersion(same), TestStamp(), TestNow(1000)));
  EXPECT_EQ(first.state(), v1::SLA_POLICY_STATE_PUBLISHED);
  EXPECT_EQ(db::TimestampToMillis(first.publish_time()), absl::ToUnixMillis(TestNow(1000)));
  EXPECT_THAT(policies().Publish("p", RowVersion(first), TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));

  v1::SlaPolicy next = first;
  next.set_title("Version 2");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::SlaPolicy second_draft,
      policies().Update(next, RowVersion(first), TestStamp(), TestNow(2000)));
  EXPECT_EQ(second_draft.version(), 2);
  EXPECT_EQ(second_draft.state(), v1::SLA_POLICY_STATE_DRAFT);
  EXPECT_GT(RowVersion(second_draft), RowVersion(first));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy still, policies().Get("p", 1));
  EXPECT_EQ(still.title(), "Edited in place");
  EXPECT_THAT(policies().ListPublished("p"), IsOkAndHolds(::testing::SizeIs(1)));

  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::SlaPolicy second,
      policies().Publish("p", RowVersion(second_draft), TestStamp(), TestNow(3000)));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SlaPolicy> published, policies().ListPublished("p"));
  ASSERT_EQ(published.size(), 2u);
  EXPECT_EQ(published[0].version(), 1);
  EXPECT_EQ(published[0].state(), v1::SLA_POLICY_STATE_SUPERSEDED);
  EXPECT_EQ(db::TimestampToMillis(published[0].publish_time()), absl::ToUnixMillis(TestNow(1000)));
  EXPECT_EQ(published[1].version(), 2);
  EXPECT_EQ(published[1].state(), v1::SLA_POLICY_STATE_PUBLISHED);
  EXPECT_EQ(ProtoDiff(second, published[1]), "");
}

TEST_P(SlaPolicyRepositoryContract, ListShowsTheNewestVersionOfEachPolicyByIdAndState) {
  for (const char* id : {"c", "a", "b"}) {
    ASSERT_THAT(policies().Create(TestSlaPolicy(id), TestStamp(), TestNow()), IsOk());
  }
  ASSERT_THAT(policies().Publish("b", 1, TestStamp(), TestNow()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SlaPolicy> all,
                              policies().List("", v1::SLA_POLICY_STATE_UNSPECIFIED, 10));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].sla_policy_id(), "a");
  EXPECT_EQ(all[2].sla_policy_id(), "c");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SlaPolicy> after,
                              policies().List("a", v1::SLA_POLICY_STATE_UNSPECIFIED, 1));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].sla_policy_id(), "b");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::SlaPolicy> published,
                              policies().List("", v1::SLA_POLICY_STATE_PUBLISHED, 10));
  ASSERT_EQ(published.size(), 1u);
  EXPECT_EQ(published[0].sla_policy_id(), "b");
}

TEST_P(SlaPolicyRepositorySqlContract, EveryChangeWritesItsAuditEvent) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::SlaPolicy draft,
                              policies().Create(TestSlaPolicy("p"), TestStamp(), TestNow()));
  ASSERT_THAT(policies().Publish("p", 1, TestStamp(), TestNow(1)), IsOk());
  v1::SlaPolicy next = draft;
  next.set_title("v2");
  ASSERT_THAT(policies().Update(next, 2, TestStamp(), TestNow(2)), IsOk());
  ASSERT_THAT(policies().Publish("p", 3, TestStamp(), TestNow(3)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].resource_type(), "sla_policy");
  EXPECT_EQ(events[0].resource_name(), "slaPolicies/p/versions/1");
  EXPECT_EQ(events[2].resource_name(), "slaPolicies/p/versions/2");
  // Publishing version 2 records it and the version it superseded.
  EXPECT_EQ(events[3].resource_name(), "slaPolicies/p/versions/2");
  EXPECT_EQ(events[4].resource_name(), "slaPolicies/p/versions/1");
}

TEST_P(SlaPolicyRepositorySqlContract, AnInteractionsPriorityChangesAreRecordedWithItsUpdate) {
  db::SociTeamRepository teams(database().pool());
  db::SociPeopleRepository people(database().pool());
  db::SociInteractionRepository interactions(database().pool());
  ASSERT_THAT(teams.Create(MakeTeam("t", "Team"), TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(people.Create(MakePerson("A1", "t"), TestStamp(), TestNow()), IsOk());
  v1::Interaction low = MakeInteraction("A1", absl::ToUnixMillis(TestNow()));
  low.set_priority(v1::PRIORITY_LOW);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction created,
                              interactions.Create(low, "", TestStamp(), TestNow()));
  v1::Interaction raised = created;
  raised.set_priority(v1::PRIORITY_URGENT);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Interaction updated,
                              interactions.Update(raised, 1, TestStamp(), TestNow(60'000)));
  v1::Interaction same_priority = updated;
  same_priority.set_queue("other");
  ASSERT_THAT(interactions.Update(same_priority, 2, TestStamp(), TestNow(120'000)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto changes, policies().ListPriorityChanges({created.id(), 999}));
  ASSERT_EQ(changes.size(), 1u);
  ASSERT_EQ(changes[created.id()].size(), 1u);
  const db::PriorityChangeRow& change = changes[created.id()][0];
  EXPECT_EQ(change.change_ms, absl::ToUnixMillis(TestNow(60'000)));
  EXPECT_EQ(change.from_priority, v1::PRIORITY_LOW);
  EXPECT_EQ(change.to_priority, v1::PRIORITY_URGENT);
}

INSTANTIATE_TEST_SUITE_P(Backends, SlaPolicyRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, SlaPolicyRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
