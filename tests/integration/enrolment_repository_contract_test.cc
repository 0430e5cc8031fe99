// The EnrolmentRepository contract, against SQLite, MariaDB and the in-memory fake; the
// concurrency case on the two SQL backends.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/directory/soci_people_repository.h"
#include "db/training/attendance_rules.h"
#include "db/training/enrolment_rules.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_training_session_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_enrolment_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// EnrolmentBefore the test sessions of ValidTestSession (2024-03-04 09:00–17:00 UTC), `ms` later.
absl::Time EnrolmentBefore(int ms = 0) { return TestDay(8) + absl::Milliseconds(ms); }

class EnrolmentRepositoryContract : public DatabaseTest {
 protected:
  void Open() {
    if (enrolments_) return;
    if (fake()) {
      auto sessions = std::make_unique<FakeTrainingSessionRepository>();
      enrolments_ = std::make_unique<FakeEnrolmentRepository>(*sessions);
      sessions_ = std::move(sessions);
    } else {
      db::SociCourseRepository courses(database().pool());
      EXPECT_THAT(courses.Create(ValidTestCourse(), {}, TestStamp(), TestNow()), IsOk());
      sessions_ = std::make_unique<db::SociTrainingSessionRepository>(database().pool());
      enrolments_ = std::make_unique<db::SociEnrolmentRepository>(database().pool());
    }
  }
  void TearDown() override {
    // The fake enrolments unregister from the fake sessions: destroy them first.
    enrolments_.reset();
    sessions_.reset();
    DatabaseTest::TearDown();
  }

  db::TrainingSessionRepository& sessions() {
    Open();
    return *sessions_;
  }
  db::EnrolmentRepository& enrolments() {
    Open();
    return *enrolments_;
  }

  v1::TrainingSession Schedule(std::optional<int> capacity, bool waitlist, bool approval = false) {
    v1::TrainingSession session = ValidTestSession();
    session.set_course_version(1);
    if (capacity.has_value()) {
      session.set_capacity(*capacity);
    } else {
      session.clear_capacity();
    }
    session.set_waitlist_enabled(waitlist);
    session.set_approval_required(approval);
    absl::StatusOr<v1::TrainingSession> created =
        sessions().Create(session, {}, TestStamp(), EnrolmentBefore());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::TrainingSession();
  }

  absl::StatusOr<v1::Enrolment> Enrol(int64_t session_id, const std::string& person,
                                      absl::Time now = EnrolmentBefore()) {
    db::NewEnrolment enrolment;
    enrolment.session_id = session_id;
    enrolment.person_employee_id = person;
    enrolment.team_id = "t-a";
    enrolment.reason = "wants to learn";
    return enrolments().Enrol(enrolment, TestStamp(), now);
  }

  v1::Enrolment MustEnrol(int64_t session_id, const std::string& person,
                          absl::Time now = EnrolmentBefore()) {
    absl::StatusOr<v1::Enrolment> enrolled = Enrol(session_id, person, now);
    EXPECT_THAT(enrolled, IsOk());
    return enrolled.ok() ? *enrolled : v1::Enrolment();
  }

  v1::Enrolment Read(int64_t id) {
    absl::StatusOr<v1::Enrolment> read = enrolments().Get(id);
    EXPECT_THAT(read, IsOk());
    return read.ok() ? *read : v1::Enrolment();
  }

  std::vector<v1::EnrolmentHistoryEntry> HistoryOf(int64_t id) {
    absl::StatusOr<std::vector<v1::EnrolmentHistoryEntry>> history =
        enrolments().History(id, 0, 100);
    EXPECT_THAT(history, IsOk());
    return history.ok() ? *history : std::vector<v1::EnrolmentHistoryEntry>();
  }

 private:
  std::unique_ptr<db::TrainingSessionRepository> sessions_;
  std::unique_ptr<db::EnrolmentRepository> enrolments_;
};

std::vector<v1::EnrolmentState> ToStates(const std::vector<v1::EnrolmentHistoryEntry>& history) {
  std::vector<v1::EnrolmentState> states;
  for (const v1::EnrolmentHistoryEntry& entry : history) states.push_back(entry.to_state());
  return states;
}

TEST_P(EnrolmentRepositoryContract, BooksUntilFullThenWaitlistsInOrder) {
  const v1::TrainingSession session = Schedule(2, true);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(session.id(), "A3", EnrolmentBefore(3));
  const v1::Enrolment d = MustEnrol(session.id(), "A4", EnrolmentBefore(4));
  EXPECT_EQ(a.state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(b.state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(c.state(), v1::ENROLMENT_STATE_WAITLISTED);
  EXPECT_EQ(c.waitlist_position(), 1);
  EXPECT_EQ(Read(d.id()).waitlist_position(), 2);
  EXPECT_EQ(a.waitlist_position(), 0);
  EXPECT_EQ(a.team_id(), "t-a");
  EXPECT_EQ(a.created_by(), TestStamp().principal);
  const std::vector<v1::EnrolmentHistoryEntry> history = HistoryOf(a.id());
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].from_state(), v1::ENROLMENT_STATE_UNSPECIFIED);
  EXPECT_EQ(history[0].to_state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(history[0].reason(), "wants to learn");
  EXPECT_EQ(history[0].actor(), TestStamp().principal);
}

TEST_P(EnrolmentRepositoryContract, AWithdrawnSeatBooksTheHeadOfTheWaitlistAfterTheWithdrawal) {
  const v1::TrainingSession session = Schedule(1, true);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(session.id(), "A3", EnrolmentBefore(3));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Enrolment withdrawn,
      enrolments().Withdraw(a.id(), "ill", true, TestStamp(), EnrolmentBefore(4)));
  EXPECT_EQ(withdrawn.state(), v1::ENROLMENT_STATE_WITHDRAWN);
  EXPECT_EQ(Read(b.id()).state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(Read(c.id()).waitlist_position(), 1);
  const std::vector<v1::EnrolmentHistoryEntry> history = HistoryOf(b.id());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].from_state(), v1::ENROLMENT_STATE_WAITLISTED);
  EXPECT_EQ(history[1].to_state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(history[1].reason(), db::kPromotedSeatFreed);
  // The withdrawal was written before the promotion.
  EXPECT_LT(HistoryOf(a.id()).back().id(), history[1].id());
  // Withdrawing a waitlisted person frees no seat.
  ASSERT_THAT(enrolments().Withdraw(c.id(), "", true, TestStamp(), EnrolmentBefore(5)), IsOk());
  EXPECT_EQ(Read(b.id()).state(), v1::ENROLMENT_STATE_BOOKED);
}

TEST_P(EnrolmentRepositoryContract, AReEnrolmentIsANewRowAtTheBackOfTheQueue) {
  const v1::TrainingSession session = Schedule(1, true);
  MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(session.id(), "A3", EnrolmentBefore(3));
  EXPECT_THAT(Enrol(session.id(), "A2", EnrolmentBefore(4)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr(absl::StrCat("A2 is enrolled already (enrolment ", b.id()))));
  ASSERT_THAT(enrolments().Withdraw(b.id(), "", true, TestStamp(), EnrolmentBefore(5)), IsOk());
  const v1::Enrolment again = MustEnrol(session.id(), "A2", EnrolmentBefore(6));
  EXPECT_NE(again.id(), b.id());
  EXPECT_EQ(again.waitlist_position(), 2);
  EXPECT_EQ(Read(c.id()).waitlist_position(), 1);
  EXPECT_EQ(Read(b.id()).state(), v1::ENROLMENT_STATE_WITHDRAWN);
}

TEST_P(EnrolmentRepositoryContract, ARefusalNamesEveryFailingGuard) {
  v1::TrainingSession session = ValidTestSession();
  session.set_course_version(1);
  session.set_capacity(1);
  session.set_waitlist_enabled(false);
  *session.mutable_registration_close_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(7)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created,
                              sessions().Create(session, {}, TestStamp(), TestDay(5)));
  MustEnrol(created.id(), "A1", TestDay(6));
  const absl::StatusOr<v1::Enrolment> refused = Enrol(created.id(), "A2", EnrolmentBefore());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                AllOf(HasSubstr("registration closed at 2024-03-04T07:00:00Z"),
                                      HasSubstr("the session is full (1 of 1 seats booked) and "
                                                "has no waitlist"))));
  EXPECT_EQ(db::ErrorReason(refused.status()), db::kReasonEnrolmentRefused);
  EXPECT_THAT(Enrol(4242, "A1"), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(EnrolmentRepositoryContract, CapacityZeroIsClosedAndAbsentIsUnlimited) {
  const v1::TrainingSession closed = Schedule(0, false);
  EXPECT_THAT(Enrol(closed.id(), "A1"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("closed to new bookings (capacity 0) and has no waitlist")));
  const v1::TrainingSession queue = Schedule(0, true);
  EXPECT_EQ(MustEnrol(queue.id(), "A1").state(), v1::ENROLMENT_STATE_WAITLISTED);
  const v1::TrainingSession open = Schedule(std::nullopt, false);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(MustEnrol(open.id(), absl::StrCat("P", i)).state(), v1::ENROLMENT_STATE_BOOKED);
  }
}

TEST_P(EnrolmentRepositoryContract, RaisingCapacityPromotesInQueueOrderAndLoweringIsRefused) {
  const v1::TrainingSession session = Schedule(1, true);
  MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(session.id(), "A3", EnrolmentBefore(3));
  const v1::Enrolment d = MustEnrol(session.id(), "A4", EnrolmentBefore(4));
  v1::TrainingSession raised = session;
  raised.set_capacity(3);
  ASSERT_THAT(sessions().Update(raised, 1, TestStamp(), EnrolmentBefore(5)), IsOk());
  EXPECT_EQ(Read(b.id()).state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(Read(c.id()).state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(Read(d.id()).waitlist_position(), 1);
  EXPECT_EQ(HistoryOf(c.id()).back().reason(), db::kPromotedCapacityRaised);
  EXPECT_LT(HistoryOf(b.id()).back().id(), HistoryOf(c.id()).back().id());
  v1::TrainingSession lowered = session;
  lowered.set_capacity(2);
  const absl::StatusOr<v1::TrainingSession> refused =
      sessions().Update(lowered, 2, TestStamp(), EnrolmentBefore(6));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("2 is below the 3 seats booked")));
  EXPECT_EQ(db::ErrorReason(refused.status()), db::kReasonCapacityBelowBooked);
}

TEST_P(EnrolmentRepositoryContract, NothingIsPromotedByItselfAfterTheStartButByHandItIs) {
  const v1::TrainingSession session = Schedule(1, true);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(session.id(), "A3", EnrolmentBefore(3));
  // 10:00, during the first block: a learner may no longer withdraw, a trainer may.
  EXPECT_THAT(enrolments().Withdraw(a.id(), "", true, TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("cancellation cut-off passed at 2024-03-04T09:00:00Z")));
  ASSERT_THAT(enrolments().Withdraw(a.id(), "", false, TestStamp(), TestDay(10)), IsOk());
  EXPECT_EQ(Read(b.id()).state(), v1::ENROLMENT_STATE_WAITLISTED);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Enrolment promoted,
      enrolments().Promote(b.id(), "late", false, TestStamp(), TestDay(10)));
  EXPECT_EQ(promoted.state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_FALSE(promoted.overbooked());
  EXPECT_THAT(enrolments().Promote(c.id(), "", false, TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("full (1 of 1 seats booked); allow_overbook")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment overbooked,
                              enrolments().Promote(c.id(), "", true, TestStamp(), TestDay(10)));
  EXPECT_TRUE(overbooked.overbooked());
  EXPECT_TRUE(HistoryOf(c.id()).back().overbooked());
  EXPECT_THAT(enrolments().Promote(c.id(), "", true, TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("ENROLMENT_STATE_BOOKED")));
}

TEST_P(EnrolmentRepositoryContract, ApprovalBooksWaitlistsOrIsRefusedOnAFullSession) {
  const v1::TrainingSession queue = Schedule(1, true, /*approval=*/true);
  const v1::Enrolment a = MustEnrol(queue.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(queue.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(queue.id(), "A3", EnrolmentBefore(3));
  EXPECT_EQ(a.state(), v1::ENROLMENT_STATE_REQUESTED);
  EXPECT_EQ(enrolments().Approve(a.id(), "", TestStamp(), EnrolmentBefore(4))->state(),
            v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(enrolments().Approve(b.id(), "", TestStamp(), EnrolmentBefore(5))->state(),
            v1::ENROLMENT_STATE_WAITLISTED);
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::Enrolment declined,
      enrolments().Decline(c.id(), "not yet", TestStamp(), EnrolmentBefore(6)));
  EXPECT_EQ(declined.state(), v1::ENROLMENT_STATE_DECLINED);
  EXPECT_THAT(enrolments().Approve(c.id(), "", TestStamp(), EnrolmentBefore(7)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DECLINED")));
  EXPECT_THAT(enrolments().Decline(a.id(), "r", TestStamp(), EnrolmentBefore(7)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("BOOKED")));

  const v1::TrainingSession strict = Schedule(1, false, /*approval=*/true);
  const v1::Enrolment x = MustEnrol(strict.id(), "A1", EnrolmentBefore(8));
  const v1::Enrolment y = MustEnrol(strict.id(), "A2", EnrolmentBefore(9));
  ASSERT_THAT(enrolments().Approve(x.id(), "", TestStamp(), EnrolmentBefore(10)), IsOk());
  const absl::StatusOr<v1::Enrolment> refused =
      enrolments().Approve(y.id(), "", TestStamp(), EnrolmentBefore(11));
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("full (1 of 1 seats booked) and has no waitlist")));
  EXPECT_EQ(Read(y.id()).state(), v1::ENROLMENT_STATE_REQUESTED);
}

TEST_P(EnrolmentRepositoryContract, CancellingTheSessionCancelsEveryOpenEnrolment) {
  const v1::TrainingSession session = Schedule(1, true, false);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  const v1::Enrolment c = MustEnrol(session.id(), "A3", EnrolmentBefore(3));
  ASSERT_THAT(enrolments().Withdraw(c.id(), "", true, TestStamp(), EnrolmentBefore(4)), IsOk());
  ASSERT_THAT(sessions().Cancel(session.id(), 0, "trainer ill", TestStamp(), EnrolmentBefore(5)),
              IsOk());
  EXPECT_EQ(Read(a.id()).state(), v1::ENROLMENT_STATE_SESSION_CANCELLED);
  EXPECT_EQ(Read(b.id()).state(), v1::ENROLMENT_STATE_SESSION_CANCELLED);
  EXPECT_EQ(Read(c.id()).state(), v1::ENROLMENT_STATE_WITHDRAWN);
  EXPECT_THAT(ToStates(HistoryOf(b.id())),
              ElementsAre(v1::ENROLMENT_STATE_WAITLISTED, v1::ENROLMENT_STATE_SESSION_CANCELLED));
  EXPECT_EQ(HistoryOf(a.id()).back().reason(), "session cancelled: trainer ill");
  EXPECT_THAT(Enrol(session.id(), "A4", EnrolmentBefore(6)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("CANCELLED")));
}

TEST_P(EnrolmentRepositoryContract, ListFiltersAndPagesBySessionThenId) {
  const v1::TrainingSession first = Schedule(std::nullopt, false);
  const v1::TrainingSession second = Schedule(std::nullopt, false);
  const v1::Enrolment a = MustEnrol(second.id(), "A1");
  const v1::Enrolment b = MustEnrol(first.id(), "A1");
  const v1::Enrolment c = MustEnrol(first.id(), "A2");
  auto ids = [](const std::vector<v1::Enrolment>& list) {
    std::vector<int64_t> out;
    for (const v1::Enrolment& e : list) out.push_back(e.id());
    return out;
  };
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Enrolment> all, enrolments().List({}, 0, 0, 10));
  EXPECT_THAT(ids(all), ElementsAre(b.id(), c.id(), a.id()));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Enrolment> after,
                              enrolments().List({}, first.id(), b.id(), 10));
  EXPECT_THAT(ids(after), ElementsAre(c.id(), a.id()));
  db::EnrolmentFilter person;
  person.person_employee_id = "A1";
  EXPECT_THAT(ids(*enrolments().List(person, 0, 0, 10)), ElementsAre(b.id(), a.id()));
  db::EnrolmentFilter session;
  session.session_id = first.id();
  EXPECT_THAT(ids(*enrolments().List(session, 0, 0, 1)), ElementsAre(b.id()));
  db::EnrolmentFilter reach;
  reach.reach_employee_id = "A2";
  EXPECT_THAT(ids(*enrolments().List(reach, 0, 0, 10)), ElementsAre(c.id()));
  // The trainer of the sessions (T1) reaches all of them.
  reach.reach_employee_id = "T1";
  EXPECT_EQ(enrolments().List(reach, 0, 0, 10)->size(), 3u);
  db::EnrolmentFilter team;
  team.reach_team_id = "t-b";
  EXPECT_TRUE(enrolments().List(team, 0, 0, 10)->empty());
  db::EnrolmentFilter booked;
  booked.state = v1::ENROLMENT_STATE_WAITLISTED;
  EXPECT_TRUE(enrolments().List(booked, 0, 0, 10)->empty());
}

db::MarkChange Change(int64_t enrolment, int block, v1::AttendanceStatus status,
                      const std::string& note = "") {
  return db::MarkChange{enrolment, block, status, note};
}

TEST_P(EnrolmentRepositoryContract, TheRosterHasTheBookedWithTheirBookingTime) {
  const v1::TrainingSession session = Schedule(1, true);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  // A2 is booked by hand at 12:30, after the first block (09:00–12:00) ended.
  ASSERT_THAT(enrolments().Promote(b.id(), "", true, TestStamp(), TestDay(12) + absl::Minutes(30)),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<db::RosterEntry> roster,
                              enrolments().Roster(session.id()));
  ASSERT_EQ(roster.size(), 2u);
  EXPECT_EQ(roster[0].enrolment.id(), a.id());
  EXPECT_EQ(roster[0].booked_ms, absl::ToUnixMillis(EnrolmentBefore(1)));
  EXPECT_EQ(roster[1].booked_ms, absl::ToUnixMillis(TestDay(12) + absl::Minutes(30)));
  EXPECT_FALSE(db::BlockApplies(session, 1, roster[1].booked_ms));
  EXPECT_TRUE(db::BlockApplies(session, 2, roster[1].booked_ms));
}

TEST_P(EnrolmentRepositoryContract, MarksAreWrittenCorrectedAndAppendedToTheHistory) {
  const v1::TrainingSession session = Schedule(std::nullopt, false);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<db::MarkOutcome> first,
      enrolments().MarkAttendance(session.id(),
                                  {Change(a.id(), 1, v1::ATTENDANCE_STATUS_ABSENT),
                                   Change(b.id(), 1, v1::ATTENDANCE_STATUS_PARTIAL, "left early")},
                                  "", TestStamp(), TestDay(10)));
  ASSERT_EQ(first.size(), 2u);
  EXPECT_TRUE(first[0].changed);
  EXPECT_EQ(first[1].mark.note(), "left early");
  EXPECT_EQ(first[1].mark.person_employee_id(), "A2");
  EXPECT_EQ(first[1].mark.marked_by(), TestStamp().principal);
  // The same again is a no-op; a correction is a change.
  ESCALA_ASSERT_OK_AND_ASSIGN(
      std::vector<db::MarkOutcome> second,
      enrolments().MarkAttendance(session.id(),
                                  {Change(a.id(), 1, v1::ATTENDANCE_STATUS_LATE),
                                   Change(b.id(), 1, v1::ATTENDANCE_STATUS_PARTIAL, "left early")},
                                  "came late, not absent", TestStamp(), TestDay(11)));
  EXPECT_TRUE(second[0].changed);
  EXPECT_FALSE(second[1].changed);
  EXPECT_EQ(db::TimestampToMillis(second[0].mark.mark_time()), absl::ToUnixMillis(TestDay(11)));
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::AttendanceMark> marks,
                              enrolments().Marks(session.id()));
  ASSERT_EQ(marks.size(), 2u);
  EXPECT_EQ(marks[0].enrolment_id(), a.id());
  EXPECT_EQ(marks[0].status(), v1::ATTENDANCE_STATUS_LATE);
  const std::vector<v1::EnrolmentHistoryEntry> history = HistoryOf(a.id());
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].block_number(), 0);
  EXPECT_EQ(history[2].block_number(), 1);
  EXPECT_EQ(history[2].from_attendance(), v1::ATTENDANCE_STATUS_ABSENT);
  EXPECT_EQ(history[2].to_attendance(), v1::ATTENDANCE_STATUS_LATE);
  EXPECT_EQ(history[2].reason(), "came late, not absent");
  EXPECT_EQ(history[2].to_state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(HistoryOf(b.id()).size(), 2u);
}

TEST_P(EnrolmentRepositoryContract, MarksAreRefusedOnceClosedAndForEnrolmentsNotBooked) {
  const v1::TrainingSession session = Schedule(std::nullopt, false);
  const v1::Enrolment a = MustEnrol(session.id(), "A1", EnrolmentBefore(1));
  const v1::Enrolment b = MustEnrol(session.id(), "A2", EnrolmentBefore(2));
  ASSERT_THAT(enrolments().Withdraw(b.id(), "", false, TestStamp(), TestDay(10)), IsOk());
  EXPECT_THAT(enrolments().MarkAttendance(session.id(),
                                          {Change(a.id(), 1, v1::ATTENDANCE_STATUS_PRESENT),
                                           Change(b.id(), 1, v1::ATTENDANCE_STATUS_PRESENT)},
                                          "", TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("is not a booked enrolment of the session")));
  // Nothing of the refused batch was written.
  EXPECT_TRUE(enrolments().Marks(session.id())->empty());
  ASSERT_THAT(sessions().Close(session.id(), 0, {}, TestStamp(), TestDay(18)), IsOk());
  absl::StatusOr<std::vector<db::MarkOutcome>> closed =
      enrolments().MarkAttendance(session.id(), {Change(a.id(), 1, v1::ATTENDANCE_STATUS_PRESENT)},
                                  "", TestStamp(), TestDay(19));
  EXPECT_THAT(closed, StatusIs(absl::StatusCode::kFailedPrecondition,
                               HasSubstr("its attendance can no longer change")));
  EXPECT_EQ(db::ErrorReason(closed.status()), db::kReasonInvalidStateTransition);
}

INSTANTIATE_TEST_SUITE_P(Backends, EnrolmentRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);

class EnrolmentRepositorySqlContract : public EnrolmentRepositoryContract {};

TEST_P(EnrolmentRepositorySqlContract, ListNamesEveryPersonFromTheDirectory) {
  const v1::TrainingSession session = Schedule(10, true);
  db::SociPeopleRepository people(database().pool());
  for (const char* id : {"P1", "P2"}) {
    v1::Person person;
    person.set_employee_id(id);
    person.set_display_name(absl::StrCat("Person ", id));
    person.set_role(v1::ROLE_AGENT);
    person.set_level(1);
    person.set_active(true);
    ASSERT_THAT(people.Create(person, TestStamp(), TestNow()), IsOk());
  }
  for (const char* id : {"P2", "P1", "GONE"}) MustEnrol(session.id(), id);
  db::EnrolmentFilter filter;
  filter.session_id = session.id();
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Enrolment> listed,
                              enrolments().List(filter, 0, 0, 100));
  std::vector<std::string> names;
  for (const v1::Enrolment& e : listed) names.push_back(e.person_display_name());
  // Someone no longer in the directory has no name.
  EXPECT_THAT(names, ElementsAre("Person P2", "Person P1", ""));
  // A single read carries none: only lists do.
  EXPECT_EQ(Read(listed[0].id()).person_display_name(), "");
}

INSTANTIATE_TEST_SUITE_P(Backends, EnrolmentRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

// Real threads on a real database: the session's row lock decides the seats one at a time.
class EnrolmentConcurrencyContract : public EnrolmentRepositoryContract {
 protected:
  TestDatabaseOptions Options() const override {
    TestDatabaseOptions options;
    options.pool_size = 12;
    options.lease_timeout = absl::Seconds(60);
    return options;
  }
};

TEST_P(EnrolmentConcurrencyContract, TwelveConcurrentEnrolmentsOnFiveSeatsBookExactlyFive) {
  constexpr int kPeople = 12;
  constexpr int kSeats = 5;
  const v1::TrainingSession session = Schedule(kSeats, true);
  db::EnrolmentRepository& repository = enrolments();
  std::vector<absl::StatusOr<v1::Enrolment>> results(kPeople, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kPeople; ++i) {
    threads.emplace_back([&, i] {
      db::NewEnrolment enrolment;
      enrolment.session_id = session.id();
      enrolment.person_employee_id = absl::StrCat("P", i);
      results[i] = repository.Enrol(enrolment, TestStamp(), EnrolmentBefore(i));
    });
  }
  for (std::thread& thread : threads) thread.join();
  int booked = 0, waitlisted = 0;
  for (const absl::StatusOr<v1::Enrolment>& result : results) {
    ASSERT_THAT(result, IsOk());
    booked += result->state() == v1::ENROLMENT_STATE_BOOKED;
    waitlisted += result->state() == v1::ENROLMENT_STATE_WAITLISTED;
  }
  EXPECT_EQ(booked, kSeats);
  EXPECT_EQ(waitlisted, kPeople - kSeats);
  db::EnrolmentFilter filter;
  filter.session_id = session.id();
  filter.state = v1::ENROLMENT_STATE_WAITLISTED;
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::Enrolment> queue, repository.List(filter, 0, 0, 100));
  std::vector<int> positions;
  for (const v1::Enrolment& e : queue) positions.push_back(e.waitlist_position());
  std::sort(positions.begin(), positions.end());
  EXPECT_THAT(positions, ElementsAre(1, 2, 3, 4, 5, 6, 7));
}

INSTANTIATE_TEST_SUITE_P(Backends, EnrolmentConcurrencyContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
