// The RegressionFlagRepository contract against SQLite, MariaDB and the in-memory fake: a flag
// reads back as raised with its bookkeeping, one open flag per case (raising again answers it),
// the row version guard, the list's filters and order; and (on SQL) every change audited with
// before and after and put on the feed in its own transaction, a refused change writing neither.
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
#include "db/promotion/soci_regression_flag_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_regression_flag_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// An open flag of `employee_id` following case `case_id`, with one failed criterion.
v1::RegressionFlag OpenFlag(const std::string& employee_id, const std::string& team_id,
                            int64_t case_id) {
  v1::RegressionFlag flag;
  flag.set_employee_id(employee_id);
  flag.set_display_name("Ana O'Brien");
  flag.set_team_id(team_id);
  flag.set_level(2);
  flag.set_promotion_case_id(case_id);
  flag.set_promotion_policy_id("l1-l2");
  flag.set_promotion_policy_version(3);
  flag.set_effective_date("2027-01-10");
  flag.set_as_of_date("2027-01-15");
  v1::CriterionResult* failed = flag.add_failed_criteria();
  failed->set_key("quality");
  failed->set_outcome(v1::CRITERION_OUTCOME_NOT_MET);
  failed->set_value(74);
  failed->set_threshold(80);
  failed->set_n(5);
  failed->set_missing("the mean 74.0 is below 80.0");
  failed->add_evidence("evaluations/42");
  flag.set_state(v1::REGRESSION_FLAG_STATE_OPEN);
  flag.set_raised_by("system");
  return flag;
}

v1::RegressionFlag Closed(v1::RegressionFlag flag) {
  flag.set_state(v1::REGRESSION_FLAG_STATE_CLOSED);
  flag.set_closed_by("people/M1");
  flag.set_close_reason(v1::REGRESSION_CLOSE_REASON_RECOVERED);
  *flag.mutable_close_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestNow(5)));
  return flag;
}

int64_t FlagVersion(const v1::RegressionFlag& flag) { return std::stoll(flag.etag()); }

class RegressionFlagRepositoryContract : public DatabaseTest {
 protected:
  void SetUp() override {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    if (fake()) {
      case_ids_ = {1, 2, 3};
      return;
    }
    // Flags refer to people and to promotion cases.
    db::SociTeamRepository teams(database().pool());
    ASSERT_THAT(teams.Create(MakeTeam("t-a", "Team A"), TestStamp(), TestNow()), IsOk());
    ASSERT_THAT(teams.Create(MakeTeam("t-b", "Team B"), TestStamp(), TestNow()), IsOk());
    db::SociPeopleRepository people(database().pool());
    db::SociPromotionCaseRepository cases(database().pool());
    for (const auto& [id, team] :
         {std::pair{"A1", "t-a"}, std::pair{"A2", "t-a"}, std::pair{"B1", "t-b"}}) {
      ASSERT_THAT(people.Create(MakePerson(id, team), TestStamp(), TestNow()), IsOk());
      v1::PromotionCase promotion_case;
      promotion_case.set_employee_id(id);
      promotion_case.set_team_id(team);
      promotion_case.set_promotion_policy_id("l1-l2");
      promotion_case.set_promotion_policy_version(3);
      promotion_case.set_from_level(1);
      promotion_case.set_to_level(2);
      promotion_case.set_state(v1::PROMOTION_CASE_STATE_EFFECTIVE);
      promotion_case.set_effective_date("2027-01-10");
      ESCALA_ASSERT_OK_AND_ASSIGN(
          v1::PromotionCase created,
          cases.Create(promotion_case, db::CreateRequest{}, TestStamp(), TestNow()));
      case_ids_.push_back(created.id());
    }
  }

  db::RegressionFlagRepository& flags() {
    if (!flags_) {
      if (fake()) {
        flags_ = std::make_unique<FakeRegressionFlagRepository>();
      } else {
        flags_ = std::make_unique<db::SociRegressionFlagRepository>(database().pool());
      }
    }
    return *flags_;
  }

  // The cases of A1, A2 and B1.
  std::vector<int64_t> case_ids_;

 private:
  std::unique_ptr<db::RegressionFlagRepository> flags_;
};

class RegressionFlagRepositorySqlContract : public RegressionFlagRepositoryContract {};

TEST_P(RegressionFlagRepositoryContract, AFlagIsStoredAsRaisedWithItsBookkeeping) {
  const v1::RegressionFlag expected = OpenFlag("A1", "t-a", case_ids_[0]);
  ESCALA_ASSERT_OK_AND_ASSIGN(db::RaisedFlag raised,
                              flags().Raise(expected, TestStamp(), TestNow()));
  EXPECT_TRUE(raised.raised);
  EXPECT_GT(raised.flag.id(), 0);
  EXPECT_EQ(raised.flag.etag(), "1");
  EXPECT_EQ(db::TimestampToMillis(raised.flag.raise_time()), absl::ToUnixMillis(TestNow()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag read, flags().Get(raised.flag.id()));
  v1::RegressionFlag content = read;
  content.clear_id();
  content.clear_raise_time();
  content.clear_update_time();
  content.clear_etag();
  EXPECT_EQ(content.SerializeAsString(), expected.SerializeAsString());
  EXPECT_THAT(flags().Get(raised.flag.id() + 100), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RegressionFlagRepositoryContract, ACaseHasOneOpenFlagUntilItCloses) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RaisedFlag first,
      flags().Raise(OpenFlag("A1", "t-a", case_ids_[0]), TestStamp(), TestNow()));
  // Raising again answers the open flag, however it was acknowledged meanwhile.
  v1::RegressionFlag acknowledged = first.flag;
  acknowledged.set_state(v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
  acknowledged.set_acknowledge_note("seen");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag seen,
                              flags().Update(acknowledged, 1, TestStamp(), TestNow(1)));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RaisedFlag again,
      flags().Raise(OpenFlag("A1", "t-a", case_ids_[0]), TestStamp(), TestNow(2)));
  EXPECT_FALSE(again.raised);
  EXPECT_EQ(again.flag.id(), first.flag.id());
  EXPECT_EQ(again.flag.state(), v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
  // Closed, the case takes a new flag.
  ASSERT_THAT(flags().Update(Closed(seen), FlagVersion(seen), TestStamp(), TestNow(3)), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RaisedFlag second,
      flags().Raise(OpenFlag("A1", "t-a", case_ids_[0]), TestStamp(), TestNow(4)));
  EXPECT_TRUE(second.raised);
  EXPECT_NE(second.flag.id(), first.flag.id());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::RegressionFlag> of_case,
                              flags().ListOfCase(case_ids_[0]));
  ASSERT_EQ(of_case.size(), 2u);
  EXPECT_EQ(of_case[0].state(), v1::REGRESSION_FLAG_STATE_CLOSED);
  EXPECT_EQ(of_case[1].state(), v1::REGRESSION_FLAG_STATE_OPEN);
}

TEST_P(RegressionFlagRepositoryContract, AStaleVersionIsRefusedAndChangesNothing) {
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RaisedFlag raised,
      flags().Raise(OpenFlag("A1", "t-a", case_ids_[0]), TestStamp(), TestNow()));
  absl::StatusOr<v1::RegressionFlag> stale =
      flags().Update(Closed(raised.flag), 7, TestStamp(), TestNow(1));
  EXPECT_THAT(stale, StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(db::ErrorReason(stale.status()), db::kReasonEtagMismatch);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag read, flags().Get(raised.flag.id()));
  EXPECT_EQ(read.state(), v1::REGRESSION_FLAG_STATE_OPEN);
  EXPECT_EQ(read.etag(), "1");
}

TEST_P(RegressionFlagRepositoryContract, TheListFiltersAndPagesNewestFirst) {
  std::vector<int64_t> ids;
  for (const auto& [person, team, index] :
       {std::tuple{"A1", "t-a", 0}, std::tuple{"A2", "t-a", 1}, std::tuple{"B1", "t-b", 2}}) {
    ESCALA_ASSERT_OK_AND_ASSIGN(
        db::RaisedFlag raised,
        flags().Raise(OpenFlag(person, team, case_ids_[index]), TestStamp(), TestNow()));
    ids.push_back(raised.flag.id());
  }
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag a2, flags().Get(ids[1]));
  ASSERT_THAT(flags().Update(Closed(a2), 1, TestStamp(), TestNow(1)), IsOk());
  auto listed_ids = [](const std::vector<v1::RegressionFlag>& rows) {
    std::vector<int64_t> out;
    for (const v1::RegressionFlag& row : rows) out.push_back(row.id());
    return out;
  };
  ESCALA_ASSERT_OK_AND_ASSIGN(auto all, flags().List(db::RegressionFlagFilter{}, 0, 10));
  EXPECT_THAT(listed_ids(all), ElementsAre(ids[2], ids[1], ids[0]));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, flags().List(db::RegressionFlagFilter{}, ids[2], 1));
  EXPECT_THAT(listed_ids(page), ElementsAre(ids[1]));
  db::RegressionFlagFilter team;
  team.team_id = "t-a";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto of_team, flags().List(team, 0, 10));
  EXPECT_THAT(listed_ids(of_team), ElementsAre(ids[1], ids[0]));
  db::RegressionFlagFilter open;
  open.state = v1::REGRESSION_FLAG_STATE_OPEN;
  open.team_id = "t-a";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto open_of_team, flags().List(open, 0, 10));
  EXPECT_THAT(listed_ids(open_of_team), ElementsAre(ids[0]));
  db::RegressionFlagFilter person;
  person.employee_id = "B1";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto of_person, flags().List(person, 0, 10));
  EXPECT_THAT(listed_ids(of_person), ElementsAre(ids[2]));
}

TEST_P(RegressionFlagRepositorySqlContract, EveryChangeIsAuditedAndOnTheFeedInItsTransaction) {
  db::SociEventFeedRepository feed(database().pool());
  ESCALA_ASSERT_OK_AND_ASSIGN(db::FeedPosition start, feed.Position());
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      db::RaisedFlag raised,
      flags().Raise(OpenFlag("A1", "t-a", case_ids_[0]), TestStamp(), TestNow()));
  // Raising again writes nothing; neither does a stale change.
  ASSERT_THAT(flags().Raise(OpenFlag("A1", "t-a", case_ids_[0]), TestStamp(), TestNow(1)), IsOk());
  v1::RegressionFlag acknowledged = raised.flag;
  acknowledged.set_state(v1::REGRESSION_FLAG_STATE_ACKNOWLEDGED);
  acknowledged.set_acknowledge_note("coaching \"booked\"");
  ASSERT_THAT(flags().Update(acknowledged, 9, TestStamp(), TestNow(2)),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::RegressionFlag seen,
                              flags().Update(acknowledged, 1, TestStamp(), TestNow(3)));
  ASSERT_THAT(flags().Update(Closed(seen), 2, TestStamp(), TestNow(4)), IsOk());

  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 3u);
  const std::string name = absl::StrCat("regressionFlags/", raised.flag.id());
  for (const v1::AuditEvent& event : events) {
    EXPECT_EQ(event.resource_type(), "regression_flag");
    EXPECT_EQ(event.resource_name(), name);
  }
  EXPECT_EQ(events[0].before_json(), "");
  EXPECT_THAT(events[0].after_json(), HasSubstr("O'Brien"));
  EXPECT_THAT(events[1].before_json(), HasSubstr("REGRESSION_FLAG_STATE_OPEN"));
  EXPECT_THAT(events[1].after_json(), HasSubstr("REGRESSION_FLAG_STATE_ACKNOWLEDGED"));
  EXPECT_THAT(events[2].after_json(), HasSubstr("REGRESSION_CLOSE_REASON_RECOVERED"));

  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::StoredEvent> feed_events,
                              feed.ReadAfter(start.head, 100));
  std::vector<std::string> types;
  for (const db::StoredEvent& event : feed_events) {
    types.push_back(event.type);
    EXPECT_EQ(event.subject, "people/A1");
    EXPECT_EQ(event.person_id, "A1");
    EXPECT_EQ(event.team_id, "t-a");
  }
  EXPECT_THAT(types, ElementsAre(db::kRegressionFlaggedEvent, db::kRegressionAcknowledgedEvent,
                                 db::kRegressionClosedEvent));
}

TEST_P(RegressionFlagRepositorySqlContract, AFlagOfAnUnknownCaseIsRefused) {
  EXPECT_THAT(flags().Raise(OpenFlag("A1", "t-a", case_ids_[2] + 100), TestStamp(), TestNow()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

INSTANTIATE_TEST_SUITE_P(Backends, RegressionFlagRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, RegressionFlagRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
