// The PromotionCaseRepository contract against SQLite, MariaDB and the in-memory fake: a case
// reads back as written with its bookkeeping, one open case per person and step, the request_id
// key, the row version guard, the list's filters and order, the due list; and (on SQL) the
// effective-dated level change in one transaction with the person's level and the audit events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/event_types.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/directory/soci_team_repository.h"
#include "db/events/soci_event_feed_repository.h"
#include "db/promotion/soci_promotion_case_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_promotion_case_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

// A nominated case of `employee_id` for the step 1 → 2.
v1::PromotionCase NominatedCase(const std::string& employee_id, const std::string& team_id) {
  v1::PromotionCase promotion_case;
  promotion_case.set_employee_id(employee_id);
  promotion_case.set_team_id(team_id);
  promotion_case.set_promotion_policy_id("l1-l2");
  promotion_case.set_promotion_policy_version(3);
  promotion_case.set_from_level(1);
  promotion_case.set_to_level(2);
  promotion_case.set_state(v1::PROMOTION_CASE_STATE_NOMINATED);
  promotion_case.set_nominated_by("people/L1");
  promotion_case.set_nomination_reason("ready \"now\"; O'Brien's team");
  v1::PersonEligibility* snapshot = promotion_case.mutable_nomination_eligibility();
  snapshot->set_employee_id(employee_id);
  snapshot->set_level(1);
  snapshot->set_outcome(v1::ELIGIBILITY_OUTCOME_ELIGIBLE);
  v1::CriterionResult* tenure = snapshot->add_criteria();
  tenure->set_key("tenure");
  tenure->set_outcome(v1::CRITERION_OUTCOME_MET);
  tenure->set_value(14);
  tenure->set_threshold(6);
  return promotion_case;
}

// An approved copy of `current`, effective on `date`.
v1::PromotionCase ApprovedOn(v1::PromotionCase current, const std::string& date) {
  current.set_state(v1::PROMOTION_CASE_STATE_APPROVED);
  current.set_effective_date(date);
  current.set_decided_by("people/M1");
  current.add_decision_reasons("strong");
  return current;
}

int64_t CaseVersion(const v1::PromotionCase& promotion_case) {
  return std::stoll(promotion_case.etag());
}

class PromotionCaseRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure() || fake()) return;
    // Cases refer to people.
    db::SociTeamRepository teams(database().pool());
    ASSERT_THAT(teams.Create(MakeTeam("t-a", "Team A"), TestStamp(), TestNow()), IsOk());
    db::SociPeopleRepository people(database().pool());
    for (const char* id : {"A1", "A2", "B1"}) {
      ASSERT_THAT(people.Create(MakePerson(id, "t-a"), TestStamp(), TestNow()), IsOk());
    }
  }

  db::PromotionCaseRepository& cases() {
    if (!cases_) {
      if (fake()) {
        cases_ = std::make_unique<FakePromotionCaseRepository>();
      } else {
        cases_ = std::make_unique<db::SociPromotionCaseRepository>(database().pool());
      }
    }
    return *cases_;
  }

 private:
  std::unique_ptr<db::PromotionCaseRepository> cases_;
};

class PromotionCaseRepositorySqlContract : public PromotionCaseRepositoryContract {};

TEST_P(PromotionCaseRepositoryContract, ACaseIsStoredAsGivenWithItsBookkeeping) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase created,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.etag(), "1");
  v1::PromotionCase expected = NominatedCase("A1", "t-a");
  expected.set_id(created.id());
  expected.set_etag("1");
  *expected.mutable_create_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow()));
  *expected.mutable_update_time() = expected.create_time();
  EXPECT_EQ(ProtoDiff(expected, created), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase read, cases().Get(created.id()));
  EXPECT_EQ(ProtoDiff(created, read), "");
  EXPECT_THAT(cases().Get(created.id() + 100), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(PromotionCaseRepositoryContract, OneCaseIsOpenPerPersonAndStepUntilItCloses) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase first,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  absl::StatusOr<v1::PromotionCase> second =
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow());
  EXPECT_THAT(second, StatusIs(absl::StatusCode::kAlreadyExists));
  EXPECT_EQ(db::ErrorReason(second.status()), db::kReasonPromotionCaseOpen);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto open, cases().FindOpen("A1", 1, 2));
  ASSERT_TRUE(open.has_value());
  EXPECT_EQ(open->id(), first.id());
  // Another person, or another step, is not held.
  EXPECT_THAT(
      cases().Create(NominatedCase("A2", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()),
      IsOk());

  v1::PromotionCase withdrawn = first;
  withdrawn.set_state(v1::PROMOTION_CASE_STATE_WITHDRAWN);
  withdrawn.set_withdraw_reason("moved team");
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase closed,
      cases().Update(withdrawn, CaseVersion(first), TestStamp(), TestNow(1)));
  EXPECT_EQ(closed.etag(), "2");
  EXPECT_EQ(closed.withdraw_reason(), "moved team");
  ESCALA_ASSERT_OK_AND_ASSIGN(auto none, cases().FindOpen("A1", 1, 2));
  EXPECT_FALSE(none.has_value());
  EXPECT_THAT(
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow(2)),
      IsOk());
}

TEST_P(PromotionCaseRepositoryContract, AStaleVersionIsRefusedAndChangesNothing) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase created,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  v1::PromotionCase reviewed = created;
  reviewed.set_state(v1::PROMOTION_CASE_STATE_UNDER_REVIEW);
  ASSERT_THAT(cases().Update(reviewed, CaseVersion(created), TestStamp(), TestNow(1)), IsOk());
  v1::PromotionCase late = created;
  late.set_state(v1::PROMOTION_CASE_STATE_WITHDRAWN);
  absl::StatusOr<v1::PromotionCase> stale =
      cases().Update(late, CaseVersion(created), TestStamp(), TestNow(2));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(db::ErrorReason(stale.status()), db::kReasonEtagMismatch);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase read, cases().Get(created.id()));
  EXPECT_EQ(read.state(), v1::PROMOTION_CASE_STATE_UNDER_REVIEW);
}

TEST_P(PromotionCaseRepositoryContract, ARequestIdFindsTheCaseItCreated) {
  const db::CreateRequest key{"nominate-1", "hash-1"};
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase created,
      cases().Create(NominatedCase("A1", "t-a"), key, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, cases().FindByRequestId("nominate-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->resource.id(), created.id());
  EXPECT_EQ(found->request_hash, "hash-1");
  ESCALA_ASSERT_OK_AND_ASSIGN(auto missing, cases().FindByRequestId("nominate-2"));
  EXPECT_FALSE(missing.has_value());
  absl::StatusOr<v1::PromotionCase> reused =
      cases().Create(NominatedCase("A2", "t-a"), key, TestStamp(), TestNow());
  EXPECT_EQ(db::ErrorReason(reused.status()), db::kReasonRequestIdReused);
}

TEST_P(PromotionCaseRepositoryContract, TheListFiltersAndPagesNewestFirst) {
  std::vector<int64_t> ids;
  for (const char* id : {"A1", "A2", "B1"}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        v1::PromotionCase created,
        cases().Create(NominatedCase(id, std::string(id) == "B1" ? "t-b" : "t-a"),
                       db::CreateRequest{}, TestStamp(), TestNow()));
    ids.push_back(created.id());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(auto all, cases().List(db::PromotionCaseFilter{}, 0, 10));
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].id(), ids[2]);
  EXPECT_EQ(all[2].id(), ids[0]);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, cases().List(db::PromotionCaseFilter{}, ids[2], 1));
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id(), ids[1]);
  db::PromotionCaseFilter team;
  team.team_id = "t-b";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto of_team, cases().List(team, 0, 10));
  ASSERT_EQ(of_team.size(), 1u);
  EXPECT_EQ(of_team[0].employee_id(), "B1");
  db::PromotionCaseFilter person;
  person.employee_id = "A2";
  person.state = v1::PROMOTION_CASE_STATE_NOMINATED;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto of_person, cases().List(person, 0, 10));
  ASSERT_EQ(of_person.size(), 1u);
  person.state = v1::PROMOTION_CASE_STATE_APPROVED;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto approved, cases().List(person, 0, 10));
  EXPECT_TRUE(approved.empty());
}

TEST_P(PromotionCaseRepositoryContract, OnlyApprovedCasesWhoseDayHasComeAreDue) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase a1,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase a2,
      cases().Create(NominatedCase("A2", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  ASSERT_THAT(cases().Update(ApprovedOn(a1, "2027-03-01"), 1, TestStamp(), TestNow()), IsOk());
  ASSERT_THAT(cases().Update(ApprovedOn(a2, "2027-04-01"), 1, TestStamp(), TestNow()), IsOk());
  const absl::Time march = absl::FromCivil(absl::CivilDay(2027, 3, 1), absl::UTCTimeZone());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto before, cases().ListDue(march - absl::Milliseconds(1), 10));
  EXPECT_TRUE(before.empty());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto due, cases().ListDue(march, 10));
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id(), a1.id());
  EXPECT_THAT(cases().ApplyLevelChange(a2.id(), TestStamp(), march),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(PromotionCaseRepositorySqlContract, TheLevelChangeIsDatedByTheEffectiveDateAndAudited) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase nominated,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  ASSERT_THAT(cases().Update(ApprovedOn(nominated, "2027-03-01"), 1, TestStamp(), TestNow()),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  // Applied two weeks late: the server was down on the day.
  const absl::Time effective = absl::FromCivil(absl::CivilDay(2027, 3, 1), absl::UTCTimeZone());
  const absl::Time late = effective + absl::Hours(24 * 14);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase applied,
                              cases().ApplyLevelChange(nominated.id(), TestStamp(), late));
  EXPECT_EQ(applied.state(), v1::PROMOTION_CASE_STATE_EFFECTIVE);
  EXPECT_EQ(db::TimestampToMillis(applied.apply_time()), absl::ToUnixMillis(late));

  db::SociPeopleRepository people(database().pool());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person person, people.Get("A1"));
  EXPECT_EQ(person.level(), 2);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto changes, people.LevelChanges("A1"));
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].from_level, 1);
  EXPECT_EQ(changes[0].to_level, 2);
  EXPECT_EQ(changes[0].change_time, effective);
  EXPECT_EQ(changes[0].promotion_case_id, nominated.id());

  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].resource_type(), "person");
  EXPECT_EQ(events[0].resource_name(), "people/A1");
  EXPECT_EQ(events[0].before_json(), "{\"level\":1}");
  EXPECT_EQ(events[0].after_json(), "{\"level\":2}");
  EXPECT_EQ(events[1].resource_type(), "promotion_case");
  EXPECT_EQ(events[1].resource_name(), absl::StrCat("promotionCases/", nominated.id()));
  EXPECT_THAT(events[1].after_json(), ::testing::HasSubstr("PROMOTION_CASE_STATE_EFFECTIVE"));

  // Idempotent: a second application changes nothing.
  EXPECT_THAT(cases().ApplyLevelChange(nominated.id(), TestStamp(), late),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto again, people.LevelChanges("A1"));
  EXPECT_EQ(again.size(), 1u);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto nothing, audit.Next());
  EXPECT_TRUE(nothing.empty());
}

TEST_P(PromotionCaseRepositorySqlContract, EveryStepOfACaseIsOnTheFeedInTheTransactionOfTheStep) {
  db::SociEventFeedRepository feed(database().pool());
  ESCALA_ASSERT_OK_AND_ASSIGN(db::FeedPosition start, feed.Position());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase nominated,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  ASSERT_THAT(cases().Update(ApprovedOn(nominated, "2027-03-01"), 1, TestStamp(), TestNow(1)),
              IsOk());
  // A stale step writes no event.
  ASSERT_THAT(cases().Update(ApprovedOn(nominated, "2027-03-02"), 1, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  const absl::Time effective = absl::FromCivil(absl::CivilDay(2027, 3, 1), absl::UTCTimeZone());
  ASSERT_THAT(cases().ApplyLevelChange(nominated.id(), TestStamp(), effective), IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::StoredEvent> events, feed.ReadAfter(start.head, 100));
  std::vector<std::string> types;
  for (const db::StoredEvent& event : events) {
    types.push_back(event.type);
    EXPECT_EQ(event.subject, "people/A1");
    EXPECT_EQ(event.person_id, "A1");
    EXPECT_EQ(event.team_id, "t-a");
  }
  EXPECT_THAT(types,
              ::testing::ElementsAre(db::kPromotionCaseOpenedEvent, db::kPromotionApprovedEvent,
                                     db::kLevelChangedEvent, db::kPromotionEffectiveEvent));
  // The level change and the case's new state are one transaction: adjacent in the sequence.
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[3].seq, events[2].seq + 1);
}

TEST_P(PromotionCaseRepositorySqlContract, ALevelMovedSinceApprovalIsNotOverwritten) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase nominated,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  ASSERT_THAT(cases().Update(ApprovedOn(nominated, "2027-03-01"), 1, TestStamp(), TestNow()),
              IsOk());
  db::SociPeopleRepository people(database().pool());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person person, people.Get("A1"));
  person.set_level(3);
  ASSERT_THAT(people.Update(person, std::stoll(person.etag()), TestStamp(), TestNow()), IsOk());
  const absl::Time later = absl::FromCivil(absl::CivilDay(2027, 4, 1), absl::UTCTimeZone());
  absl::StatusOr<v1::PromotionCase> refused =
      cases().ApplyLevelChange(nominated.id(), TestStamp(), later);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(db::ErrorReason(refused.status()), db::kReasonLevelChanged);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Person unchanged, people.Get("A1"));
  EXPECT_EQ(unchanged.level(), 3);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::PromotionCase still, cases().Get(nominated.id()));
  EXPECT_EQ(still.state(), v1::PROMOTION_CASE_STATE_APPROVED);
}

TEST_P(PromotionCaseRepositorySqlContract, EveryChangeWritesItsAuditEventWithBeforeAndAfter) {
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::PromotionCase created,
      cases().Create(NominatedCase("A1", "t-a"), db::CreateRequest{}, TestStamp(), TestNow()));
  v1::PromotionCase reviewed = created;
  reviewed.set_state(v1::PROMOTION_CASE_STATE_UNDER_REVIEW);
  ASSERT_THAT(cases().Update(reviewed, 1, TestStamp(), TestNow(1)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].resource_type(), "promotion_case");
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_THAT(events[0].after_json(), ::testing::HasSubstr("O'Brien"));
  EXPECT_EQ(events[1].before_json(), "{\"state\":\"PROMOTION_CASE_STATE_NOMINATED\"}");
  EXPECT_EQ(events[1].after_json(), "{\"state\":\"PROMOTION_CASE_STATE_UNDER_REVIEW\"}");
}

INSTANTIATE_TEST_SUITE_P(Backends, PromotionCaseRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, PromotionCaseRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
