// TrainingSessionHandler over in-memory repositories and a manual clock: states that follow the
// clock, a trainer's reach, the course and trainer checks, updates and the end of a session.
#include "server/training/training_session_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/fake_enrolment_repository.h"
#include "tests/testing/fakes/fake_people_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class TrainingSessionHandlerTest : public ::testing::Test {
 protected:
  TrainingSessionHandlerTest()
      : enrolments_(sessions_),
        handler_(sessions_, courses_, people_, audit_, clock_.AsClock(), enrolments_) {
    for (const char* id : {"T1", "T2", "A1"}) {
      v1::Person person;
      person.set_employee_id(id);
      person.set_display_name(id);
      person.set_role(id[0] == 'T' ? v1::ROLE_TRAINER : v1::ROLE_AGENT);
      person.set_level(1);
      person.set_active(true);
      people_.Add(person);
    }
    EXPECT_THAT(courses_.Create(ValidTestCourse(), {}, db::AuditStamp{}, clock_.Now()), IsOk());
    manager_.caller.principal = "people/M1";
    manager_.caller.employee_id = "M1";
    manager_.caller.role = v1::ROLE_MANAGER;
    trainer_.caller.principal = "people/T1";
    trainer_.caller.employee_id = "T1";
    trainer_.caller.role = v1::ROLE_TRAINER;
    trainer_.scope = server::Scope::kOwn;
  }

  absl::StatusOr<v1::TrainingSession> Create(const server::CallContext& call,
                                             const v1::TrainingSession& session,
                                             const std::string& request_id = "") {
    v1::CreateTrainingSessionRequest request;
    *request.mutable_training_session() = session;
    request.set_request_id(request_id);
    return handler_.CreateTrainingSession(call, request);
  }

  v1::TrainingSession Get(int64_t id) {
    v1::GetTrainingSessionRequest request;
    request.set_id(id);
    absl::StatusOr<v1::TrainingSession> session = handler_.GetTrainingSession(manager_, request);
    EXPECT_THAT(session, IsOk());
    return session.ok() ? *session : v1::TrainingSession();
  }

  FakeTrainingSessionRepository sessions_;
  FakeEnrolmentRepository enrolments_;
  FakeCourseRepository courses_;
  FakePeopleRepository people_;
  FakeAuditRepository audit_;
  ManualClock clock_;
  server::TrainingSessionHandler handler_;
  server::CallContext manager_;
  server::CallContext trainer_;
};

TEST_F(TrainingSessionHandlerTest, CreateRecordsTheCourseVersionAndSortsTheBlocks) {
  v1::TrainingSession session = ValidTestSession();
  std::swap(*session.mutable_blocks(0), *session.mutable_blocks(1));
  session.set_id(77);
  session.set_state(v1::TRAINING_SESSION_STATE_CLOSED);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created, Create(manager_, session));
  EXPECT_GT(created.id(), 0);
  EXPECT_NE(created.id(), 77);
  EXPECT_EQ(created.course_version(), 1);
  EXPECT_EQ(created.state(), v1::TRAINING_SESSION_STATE_SCHEDULED);
  EXPECT_EQ(created.created_by(), "people/M1");
  EXPECT_LT(db::TimestampToMillis(created.blocks(0).start_time()),
            db::TimestampToMillis(created.blocks(1).start_time()));
  EXPECT_EQ(created.capacity(), 12);
}

TEST_F(TrainingSessionHandlerTest, TheStateFollowsTheClock) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created, Create(manager_, ValidTestSession()));
  EXPECT_EQ(Get(created.id()).state(), v1::TRAINING_SESSION_STATE_SCHEDULED);
  clock_ = ManualClock(TestDay(9) - absl::Milliseconds(1));
  EXPECT_EQ(Get(created.id()).state(), v1::TRAINING_SESSION_STATE_SCHEDULED);
  // The first block has started.
  clock_ = ManualClock(TestDay(9));
  EXPECT_EQ(Get(created.id()).state(), v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  // Between the blocks it is still in progress.
  clock_ = ManualClock(TestDay(12, 4) + absl::Minutes(30));
  EXPECT_EQ(Get(created.id()).state(), v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  // The last block ended at 17:00 (half-open).
  clock_ = ManualClock(TestDay(17));
  EXPECT_EQ(Get(created.id()).state(), v1::TRAINING_SESSION_STATE_DELIVERED);
}

TEST_F(TrainingSessionHandlerTest, ATrainerSchedulesAndChangesOnlySessionsTheyTrain) {
  absl::StatusOr<v1::TrainingSession> other =
      Create(trainer_, ValidTestSession("L1-ETIQ-101", "T2"));
  EXPECT_THAT(other, StatusIs(absl::StatusCode::kNotFound, HasSubstr("trainer_employee_ids")));
  EXPECT_EQ(sessions_.writes(), 0);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession mine, Create(trainer_, ValidTestSession()));
  // T2's session is the next day: T2 may then join T1's without a schedule conflict.
  v1::TrainingSession next_day = ValidTestSession("L1-ETIQ-101", "T2");
  next_day.clear_blocks();
  *next_day.add_blocks() = TestBlock(TestDay(9, 5), absl::Hours(3));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession theirs, Create(manager_, next_day));
  v1::CancelTrainingSessionRequest cancel;
  cancel.set_id(theirs.id());
  cancel.set_reason("ill");
  EXPECT_THAT(handler_.CancelTrainingSession(trainer_, cancel),
              StatusIs(absl::StatusCode::kNotFound));
  v1::UpdateTrainingSessionRequest update;
  update.mutable_training_session()->set_id(theirs.id());
  update.mutable_training_session()->set_location("Room 1");
  EXPECT_THAT(handler_.UpdateTrainingSession(trainer_, update),
              StatusIs(absl::StatusCode::kNotFound));
  // Handing one's own session to someone else is a manager's decision.
  update.mutable_training_session()->set_id(mine.id());
  update.mutable_training_session()->add_trainer_employee_ids("T2");
  EXPECT_THAT(handler_.UpdateTrainingSession(trainer_, update),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("no longer train")));
  update.mutable_training_session()->add_trainer_employee_ids("T1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession shared,
                              handler_.UpdateTrainingSession(trainer_, update));
  EXPECT_THAT(shared.trainer_employee_ids(), ElementsAre("T2", "T1"));
  EXPECT_EQ(shared.location(), "Room 1");
}

TEST_F(TrainingSessionHandlerTest, TheCourseMustExistAndBeActiveAndTrainersKnown) {
  EXPECT_THAT(FieldViolations(Create(manager_, ValidTestSession("NOWHERE"))),
              ElementsAre("training_session.course_id: course 'NOWHERE' does not exist"));
  ASSERT_THAT(courses_.Create(ValidTestCourse("OLD"), {}, db::AuditStamp{}, clock_.Now()), IsOk());
  ASSERT_THAT(courses_.Retire("OLD", 0, "r", db::AuditStamp{}, clock_.Now()), IsOk());
  absl::StatusOr<v1::TrainingSession> retired = Create(manager_, ValidTestSession("OLD"));
  EXPECT_THAT(retired, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("retired")));
  EXPECT_EQ(db::ErrorReason(retired.status()), "COURSE_RETIRED");
  v1::TrainingSession unknown = ValidTestSession();
  unknown.add_trainer_employee_ids("T9");
  EXPECT_THAT(FieldViolations(Create(manager_, unknown)),
              ElementsAre("training_session.trainer_employee_ids[1]: 'T9' is not in the people "
                          "directory"));
  EXPECT_EQ(sessions_.writes(), 0);
}

TEST_F(TrainingSessionHandlerTest, InvalidSessionsNameEveryFieldUnderTrainingSession) {
  v1::TrainingSession session = ValidTestSession();
  session.set_time_zone("Nowhere/Else");
  session.set_capacity(-3);
  EXPECT_THAT(FieldViolations(Create(manager_, session)),
              ElementsAre(HasSubstr("training_session.time_zone: "),
                          HasSubstr("training_session.capacity: ")));
  v1::CreateTrainingSessionRequest empty;
  EXPECT_THAT(handler_.CreateTrainingSession(manager_, empty),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("training_session")));
}

TEST_F(TrainingSessionHandlerTest, CreateReplaysARequestId) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession first,
                              Create(manager_, ValidTestSession(), "req-1"));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession again,
                              Create(manager_, ValidTestSession(), "req-1"));
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(sessions_.writes(), 1);
  v1::TrainingSession other = ValidTestSession();
  other.set_location("Elsewhere");
  absl::StatusOr<v1::TrainingSession> reused = Create(manager_, other, "req-1");
  EXPECT_EQ(db::ErrorReason(reused.status()), "REQUEST_ID_REUSED");
}

TEST_F(TrainingSessionHandlerTest, UpdateMovesBlocksUntilTheSessionStarts) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created, Create(manager_, ValidTestSession()));
  v1::UpdateTrainingSessionRequest request;
  request.mutable_training_session()->set_id(created.id());
  *request.mutable_training_session()->add_blocks() = TestBlock(TestDay(9, 5), absl::Hours(2));
  request.mutable_training_session()->set_etag(created.etag());
  request.mutable_update_mask()->add_paths("blocks");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession moved,
                              handler_.UpdateTrainingSession(manager_, request));
  ASSERT_EQ(moved.blocks_size(), 1);
  EXPECT_EQ(moved.location(), "Room 2.14");
  // A stale etag.
  EXPECT_THAT(handler_.UpdateTrainingSession(manager_, request),
              StatusIs(absl::StatusCode::kAborted));
  // Fields outside the allow-list.
  request.mutable_training_session()->set_etag(moved.etag());
  request.mutable_update_mask()->add_paths("course_id");
  EXPECT_THAT(handler_.UpdateTrainingSession(manager_, request),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("update_mask")));
  // Capacity can be cleared (unlimited) by naming it.
  request.clear_update_mask();
  request.mutable_update_mask()->add_paths("capacity");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession unlimited,
                              handler_.UpdateTrainingSession(manager_, request));
  EXPECT_FALSE(unlimited.has_capacity());
  // While it runs, the details still change (block_change_rules.h guards the blocks).
  clock_ = ManualClock(TestDay(10, 5));
  request.mutable_training_session()->set_etag(unlimited.etag());
  request.mutable_training_session()->set_capacity(3);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession running,
                              handler_.UpdateTrainingSession(manager_, request));
  EXPECT_EQ(running.capacity(), 3);
  // Once its last block ended, nothing changes.
  clock_ = ManualClock(TestDay(11, 5));
  request.mutable_training_session()->set_etag(running.etag());
  request.mutable_training_session()->set_capacity(4);
  absl::StatusOr<v1::TrainingSession> ended = handler_.UpdateTrainingSession(manager_, request);
  EXPECT_THAT(ended, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DELIVERED")));
  EXPECT_EQ(db::ErrorReason(ended.status()), "INVALID_STATE_TRANSITION");
}

TEST_F(TrainingSessionHandlerTest, CancelBeforeDeliveryCloseAfterIt) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession a, Create(manager_, ValidTestSession()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession b,
                              Create(manager_, ValidTestSession("L1-ETIQ-101", "T2")));
  v1::CloseTrainingSessionRequest close;
  close.set_id(a.id());
  absl::StatusOr<v1::TrainingSession> early = handler_.CloseTrainingSession(manager_, close);
  EXPECT_THAT(early, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("SCHEDULED")));
  EXPECT_EQ(db::ErrorReason(early.status()), "INVALID_STATE_TRANSITION");

  v1::CancelTrainingSessionRequest cancel;
  cancel.set_id(b.id());
  EXPECT_THAT(FieldViolations(handler_.CancelTrainingSession(manager_, cancel)),
              ElementsAre(HasSubstr("reason: ")));
  cancel.set_reason("Trainer ill");
  // In progress may still be cancelled.
  clock_ = ManualClock(TestDay(10));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession cancelled,
                              handler_.CancelTrainingSession(manager_, cancel));
  EXPECT_EQ(cancelled.state(), v1::TRAINING_SESSION_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "Trainer ill");
  EXPECT_TRUE(cancelled.has_cancel_time());
  EXPECT_THAT(handler_.CancelTrainingSession(manager_, cancel),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("CANCELLED")));

  clock_ = ManualClock(TestDay(17));
  cancel.set_id(a.id());
  EXPECT_THAT(handler_.CancelTrainingSession(manager_, cancel),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DELIVERED")));
  close.set_etag("999");
  EXPECT_THAT(handler_.CloseTrainingSession(manager_, close), StatusIs(absl::StatusCode::kAborted));
  close.clear_etag();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession closed,
                              handler_.CloseTrainingSession(manager_, close));
  EXPECT_EQ(closed.state(), v1::TRAINING_SESSION_STATE_CLOSED);
  EXPECT_TRUE(closed.has_close_time());
  // Closed stays closed, whatever the clock says.
  clock_ = ManualClock(TestDay(9, 10));
  EXPECT_EQ(Get(a.id()).state(), v1::TRAINING_SESSION_STATE_CLOSED);
}

TEST_F(TrainingSessionHandlerTest, CloseRefusesWhileScoresAreMissingUnlessAllowed) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession session, Create(manager_, ValidTestSession()));
  db::NewEnrolment enrolment;
  enrolment.session_id = session.id();
  enrolment.person_employee_id = "A1";
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment booked,
                              enrolments_.Enrol(enrolment, db::AuditStamp{}, clock_.Now()));
  clock_ = ManualClock(TestDay(18));
  // The course's version 1 has a pass mark (80 %) and A1 has no score.
  v1::CloseTrainingSessionRequest close;
  close.set_id(session.id());
  absl::StatusOr<v1::TrainingSession> refused = handler_.CloseTrainingSession(manager_, close);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr(absl::StrCat("no score is recorded for enrolment ",
                                                       booked.id(), " (A1)"))));
  EXPECT_EQ(db::ErrorReason(refused.status()), "ASSESSMENTS_MISSING");
  EXPECT_EQ(Get(session.id()).state(), v1::TRAINING_SESSION_STATE_DELIVERED);
  close.set_allow_missing_assessments(true);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession closed,
                              handler_.CloseTrainingSession(manager_, close));
  EXPECT_EQ(closed.state(), v1::TRAINING_SESSION_STATE_CLOSED);
  // Never marked: a no-show.
  EXPECT_EQ(enrolments_.Get(booked.id())->state(), v1::ENROLMENT_STATE_NO_SHOW);
}

TEST_F(TrainingSessionHandlerTest, ListFiltersAndPagesInStartOrder) {
  for (int day : {6, 4, 5}) {
    v1::TrainingSession session = ValidTestSession("L1-ETIQ-101", day == 5 ? "T2" : "T1");
    session.clear_blocks();
    *session.add_blocks() = TestBlock(TestDay(9, day), absl::Hours(2));
    ASSERT_THAT(Create(manager_, session), IsOk());
  }
  auto days = [&](v1::ListTrainingSessionsRequest request) {
    std::vector<int> out;
    for (int pages = 0; pages < 10; ++pages) {
      absl::StatusOr<v1::ListTrainingSessionsResponse> page =
          handler_.ListTrainingSessions(manager_, request);
      EXPECT_THAT(page, IsOk());
      if (!page.ok()) break;
      for (const v1::TrainingSession& s : page->training_sessions()) {
        out.push_back(
            absl::ToCivilDay(absl::FromUnixMillis(db::TimestampToMillis(s.blocks(0).start_time())),
                             absl::UTCTimeZone())
                .day());
      }
      if (page->next_page_token().empty()) break;
      request.set_page_token(page->next_page_token());
    }
    return out;
  };
  v1::ListTrainingSessionsRequest request;
  request.set_page_size(1);
  EXPECT_THAT(days(request), ElementsAre(4, 5, 6));
  request.set_trainer_employee_id("T2");
  EXPECT_THAT(days(request), ElementsAre(5));
  request.Clear();
  *request.mutable_from_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestDay(11, 4)));
  *request.mutable_to_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9, 6)));
  // Ends after 4th 11:00 (the 4th ends at 11:00 exactly: out) and starts before 6th 09:00.
  EXPECT_THAT(days(request), ElementsAre(5));
  request.Clear();
  clock_ = ManualClock(TestDay(10, 5));
  request.set_state(v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  EXPECT_THAT(days(request), ElementsAre(5));
  request.set_state(v1::TRAINING_SESSION_STATE_DELIVERED);
  EXPECT_THAT(days(request), ElementsAre(4));
  request.set_state(v1::TRAINING_SESSION_STATE_SCHEDULED);
  EXPECT_THAT(days(request), ElementsAre(6));
  request.set_state(static_cast<v1::TrainingSessionState>(42));
  request.set_trainer_employee_id("x' OR '1'='1");
  EXPECT_THAT(FieldViolations(handler_.ListTrainingSessions(manager_, request)),
              ElementsAre(HasSubstr("trainer_employee_id: "), HasSubstr("state: ")));
}

TEST_F(TrainingSessionHandlerTest, MovingBlocksReportsTheConflictsOfEveryoneEnrolled) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession first, Create(manager_, ValidTestSession()));
  v1::TrainingSession later = ValidTestSession("L1-ETIQ-101", "T2");
  later.clear_blocks();
  *later.add_blocks() = TestBlock(TestDay(9, 5), absl::Hours(2));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession second, Create(manager_, later));
  for (int64_t session : {first.id(), second.id()}) {
    db::NewEnrolment enrolment;
    enrolment.session_id = session;
    enrolment.person_employee_id = "A1";
    ASSERT_THAT(enrolments_.Enrol(enrolment, db::AuditStamp{}, clock_.Now()), IsOk());
  }
  // Onto the first session's afternoon block (13:00–17:00): A1 is enrolled in both.
  v1::UpdateTrainingSessionRequest move;
  move.mutable_training_session()->set_id(second.id());
  *move.mutable_training_session()->add_blocks() = TestBlock(TestDay(16), absl::Hours(2));
  move.mutable_update_mask()->add_paths("blocks");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession moved,
                              handler_.UpdateTrainingSession(manager_, move));
  ASSERT_EQ(moved.schedule_conflicts_size(), 1);
  EXPECT_EQ(moved.schedule_conflicts(0).employee_id(), "A1");
  EXPECT_EQ(moved.schedule_conflicts(0).other_training_session_id(), first.id());
  EXPECT_FALSE(moved.schedule_conflicts(0).as_trainer());
  // The update happened; the report is not stored.
  EXPECT_EQ(Get(second.id()).schedule_conflicts_size(), 0);
  // A change that does not move the blocks reports nothing.
  v1::UpdateTrainingSessionRequest place;
  place.mutable_training_session()->set_id(second.id());
  place.mutable_training_session()->set_location("Room 3");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession placed,
                              handler_.UpdateTrainingSession(manager_, place));
  EXPECT_EQ(placed.schedule_conflicts_size(), 0);
}

// A session of T1 with one block [start, start + length) on 2024-03-04.
v1::TrainingSession OneBlock(const std::string& trainer, absl::Time start, absl::Duration length) {
  v1::TrainingSession session = ValidTestSession("L1-ETIQ-101", trainer);
  session.clear_blocks();
  *session.add_blocks() = TestBlock(start, length);
  return session;
}

TEST_F(TrainingSessionHandlerTest, ATrainerIsNotScheduledTwiceAtOnce) {
  // T1 trains 09:00–12:00 and 13:00–17:00.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession first, Create(manager_, ValidTestSession()));
  // Half-open blocks: 12:00–13:00 touches both and overlaps neither.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession lunch,
                              Create(manager_, OneBlock("T1", TestDay(12), absl::Hours(1))));
  EXPECT_EQ(lunch.schedule_conflicts_size(), 0);
  // 11:59–12:30 overlaps the first session's morning and the lunch session: both are named.
  const int writes = sessions_.writes();
  absl::StatusOr<v1::TrainingSession> refused =
      Create(manager_, OneBlock("T1", TestDay(11) + absl::Minutes(59), absl::Minutes(31)));
  EXPECT_THAT(refused,
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr(absl::StrCat("T1 trains training session ", first.id(),
                                                    ", whose block 2024-03-04T09:00:00Z–"
                                                    "2024-03-04T12:00:00Z overlaps")),
                             HasSubstr(absl::StrCat("T1 trains training session ", lunch.id(),
                                                    ", whose block 2024-03-04T12:00:00Z")),
                             HasSubstr("override_conflicts"))));
  EXPECT_EQ(db::ErrorReason(refused.status()), "SCHEDULE_CONFLICT");
  EXPECT_EQ(sessions_.writes(), writes);
  // A trainer scheduling themselves is held to the same rule.
  EXPECT_THAT(Create(trainer_, OneBlock("T1", TestDay(10), absl::Hours(1))),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("schedule conflict")));
  // The override schedules it and answers the conflicts it overrode.
  v1::CreateTrainingSessionRequest anyway;
  *anyway.mutable_training_session() =
      OneBlock("T1", TestDay(11) + absl::Minutes(59), absl::Minutes(31));
  anyway.set_override_conflicts(true);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession overridden,
                              handler_.CreateTrainingSession(manager_, anyway));
  ASSERT_EQ(overridden.schedule_conflicts_size(), 2);
  EXPECT_TRUE(overridden.schedule_conflicts(0).as_trainer());
  EXPECT_EQ(Get(overridden.id()).schedule_conflicts_size(), 0);
  // Cancelled sessions do not count.
  for (int64_t id : {first.id(), lunch.id(), overridden.id()}) {
    v1::CancelTrainingSessionRequest cancel;
    cancel.set_id(id);
    cancel.set_reason("Moved");
    ASSERT_THAT(handler_.CancelTrainingSession(manager_, cancel), IsOk());
  }
  EXPECT_THAT(Create(manager_, OneBlock("T1", TestDay(11) + absl::Minutes(59), absl::Minutes(31))),
              IsOk());
}

TEST_F(TrainingSessionHandlerTest, ATrainerEnrolledElsewhereIsInConflictToo) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession learning,
                              Create(manager_, ValidTestSession("L1-ETIQ-101", "T2")));
  db::NewEnrolment enrolment;
  enrolment.session_id = learning.id();
  enrolment.person_employee_id = "T1";
  ASSERT_THAT(enrolments_.Enrol(enrolment, db::AuditStamp{}, clock_.Now()), IsOk());
  absl::StatusOr<v1::TrainingSession> refused =
      Create(manager_, OneBlock("T1", TestDay(16), absl::Hours(2)));
  EXPECT_THAT(
      refused,
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(absl::StrCat("T1 is enrolled in training session ", learning.id()))));
  EXPECT_EQ(db::ErrorReason(refused.status()), "SCHEDULE_CONFLICT");
}

TEST_F(TrainingSessionHandlerTest, UpdatesCheckNewBlocksAndNewTrainers) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession busy, Create(manager_, ValidTestSession()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession other,
                              Create(manager_, OneBlock("T2", TestDay(10, 5), absl::Hours(1))));
  // T1 added as a trainer of a session that does not overlap: fine.
  v1::UpdateTrainingSessionRequest add;
  add.mutable_training_session()->set_id(other.id());
  add.mutable_training_session()->add_trainer_employee_ids("T2");
  add.mutable_training_session()->add_trainer_employee_ids("T1");
  add.mutable_update_mask()->add_paths("trainer_employee_ids");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession shared,
                              handler_.UpdateTrainingSession(manager_, add));
  // Moved onto T1's morning: refused, naming the trainer and the other session.
  v1::UpdateTrainingSessionRequest move;
  move.mutable_training_session()->set_id(other.id());
  *move.mutable_training_session()->add_blocks() = TestBlock(TestDay(10), absl::Hours(1));
  move.mutable_update_mask()->add_paths("blocks");
  absl::StatusOr<v1::TrainingSession> refused = handler_.UpdateTrainingSession(manager_, move);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr(absl::StrCat("T1 trains training session ", busy.id()))));
  EXPECT_EQ(db::ErrorReason(refused.status()), "SCHEDULE_CONFLICT");
  EXPECT_EQ(Get(other.id()).blocks(0).start_time().seconds(),
            other.blocks(0).start_time().seconds());
  move.set_override_conflicts(true);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession moved,
                              handler_.UpdateTrainingSession(manager_, move));
  ASSERT_EQ(moved.schedule_conflicts_size(), 1);
  EXPECT_EQ(moved.schedule_conflicts(0).employee_id(), "T1");
  // A change that neither moves the blocks nor adds a trainer checks nothing again.
  v1::UpdateTrainingSessionRequest place;
  place.mutable_training_session()->set_id(other.id());
  place.mutable_training_session()->set_location("Room 9");
  EXPECT_THAT(handler_.UpdateTrainingSession(manager_, place), IsOk());
  (void)shared;
}

TEST_F(TrainingSessionHandlerTest, StartedBlocksKeepTheirStartAndNoBlockMovesIntoThePast) {
  // Blocks 09:00–12:00 and 13:00–17:00 on 2024-03-04; A1 enrolled.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession session, Create(manager_, ValidTestSession()));
  db::NewEnrolment enrolment;
  enrolment.session_id = session.id();
  enrolment.person_employee_id = "A1";
  ASSERT_THAT(enrolments_.Enrol(enrolment, db::AuditStamp{}, clock_.Now()), IsOk());
  auto update = [&](std::vector<v1::SessionBlock> blocks) {
    v1::UpdateTrainingSessionRequest request;
    request.mutable_training_session()->set_id(session.id());
    for (const v1::SessionBlock& block : blocks) {
      *request.mutable_training_session()->add_blocks() = block;
    }
    request.mutable_update_mask()->add_paths("blocks");
    return handler_.UpdateTrainingSession(manager_, request);
  };
  // 2024-03-03 12:00: a block the day before, already in the past, is refused by name.
  clock_ = ManualClock(TestDay(12, 3));
  absl::StatusOr<v1::TrainingSession> past =
      update({TestBlock(TestDay(9), absl::Hours(3)), TestBlock(TestDay(8, 3), absl::Hours(1))});
  EXPECT_THAT(past, StatusIs(absl::StatusCode::kFailedPrecondition,
                             AllOf(HasSubstr("training_session.blocks[1]"),
                                   HasSubstr("starts at 2024-03-03T08:00:00Z, in the past"))));
  EXPECT_THAT(FieldViolations(past), ElementsAre(HasSubstr("training_session.blocks[1]: ")));
  // 10:30 on the day: the morning block runs. Its end may be corrected, the afternoon moved.
  clock_ = ManualClock(TestDay(10) + absl::Minutes(30));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::TrainingSession fixed,
      update({TestBlock(TestDay(9), absl::Hours(2)), TestBlock(TestDay(14), absl::Hours(2))}));
  EXPECT_EQ(fixed.state(), v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  EXPECT_EQ(fixed.blocks(0).end_time().seconds(), absl::ToUnixSeconds(TestDay(11)));
  // The running block cannot move or go away.
  EXPECT_THAT(update({TestBlock(TestDay(9) + absl::Minutes(5), absl::Hours(2))}),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("training_session.blocks"),
                             HasSubstr("started at 2024-03-04T09:00:00Z"))));
  EXPECT_THAT(update({TestBlock(TestDay(14), absl::Hours(2))}),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cannot be removed")));
  // Nor may a new block start before now.
  EXPECT_THAT(
      update({TestBlock(TestDay(9), absl::Hours(2)), TestBlock(TestDay(8), absl::Minutes(20)),
              TestBlock(TestDay(14), absl::Hours(2))}),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("training_session.blocks[1]: starts at 2024-03-04T08:00:00Z")));
}

TEST_F(TrainingSessionHandlerTest, ASessionNobodyIsEnrolledInMayBeRecordedAfterTheFact) {
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession session, Create(manager_, ValidTestSession()));
  clock_ = ManualClock(TestDay(12, 3));
  v1::UpdateTrainingSessionRequest request;
  request.mutable_training_session()->set_id(session.id());
  *request.mutable_training_session()->add_blocks() = TestBlock(TestDay(8, 2), absl::Hours(1));
  request.mutable_update_mask()->add_paths("blocks");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession moved,
                              handler_.UpdateTrainingSession(manager_, request));
  EXPECT_EQ(moved.state(), v1::TRAINING_SESSION_STATE_DELIVERED);
  // The two blocks it had stay issued: calendars cancel the second one's events.
  EXPECT_EQ(moved.issued_block_count(), 2);
}

TEST_F(TrainingSessionHandlerTest, IssuedBlockCountIsOutputOnly) {
  v1::TrainingSession session = ValidTestSession();
  session.set_issued_block_count(9);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created, Create(manager_, session));
  EXPECT_EQ(created.issued_block_count(), 2);
}

}  // namespace
}  // namespace escala::testing
