// The TrainingSessionRepository contract, against SQLite, MariaDB and the in-memory fake.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_training_session_repository.h"
#include "tests/integration/records.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

v1::TrainingSession SessionWithoutOutputFields(v1::TrainingSession session) {
  session.clear_id();
  session.clear_state();
  session.clear_cancel_reason();
  session.clear_created_by();
  session.clear_create_time();
  session.clear_update_time();
  session.clear_cancel_time();
  session.clear_close_time();
  session.clear_etag();
  // Output only too: the most blocks the session has had (AStartedBlockKeepsItsStart… below).
  session.clear_issued_block_count();
  return session;
}

std::vector<int64_t> Ids(const std::vector<v1::TrainingSession>& sessions) {
  std::vector<int64_t> ids;
  for (const v1::TrainingSession& s : sessions) ids.push_back(s.id());
  return ids;
}

// Before the test sessions of ValidTestSession (2024-03-04 09:00–17:00 UTC).
absl::Time Before() { return TestDay(8); }

class TrainingSessionRepositoryContract : public DatabaseTest {
 protected:
  db::TrainingSessionRepository& sessions() {
    if (!repository_) {
      if (fake()) {
        repository_ = std::make_unique<FakeTrainingSessionRepository>();
      } else {
        // Sessions refer to a stored course.
        db::SociCourseRepository courses(database().pool());
        EXPECT_THAT(courses.Create(ValidTestCourse(), {}, TestStamp(), TestNow()), IsOk());
        repository_ = std::make_unique<db::SociTrainingSessionRepository>(database().pool());
      }
    }
    return *repository_;
  }

  v1::TrainingSession Create(v1::TrainingSession session = ValidTestSession()) {
    session.set_course_version(1);
    absl::StatusOr<v1::TrainingSession> created =
        sessions().Create(session, {}, TestStamp(), Before());
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::TrainingSession();
  }

 private:
  std::unique_ptr<db::TrainingSessionRepository> repository_;
};

class TrainingSessionRepositorySqlContract : public TrainingSessionRepositoryContract {};

TEST_P(TrainingSessionRepositoryContract, CreateStoresTheSessionWithBlocksInStartOrder) {
  v1::TrainingSession session = ValidTestSession();
  session.set_course_version(1);
  session.set_video_link("https://meet.example.com/x");
  *session.mutable_registration_close_time() =
      db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9)));
  session.set_approval_required(true);
  std::swap(*session.mutable_blocks(0), *session.mutable_blocks(1));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created,
                              sessions().Create(session, {}, TestStamp(), Before()));
  EXPECT_GT(created.id(), 0);
  EXPECT_EQ(created.state(), v1::TRAINING_SESSION_STATE_SCHEDULED);
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(created.created_by(), TestStamp().principal);
  std::swap(*session.mutable_blocks(0), *session.mutable_blocks(1));
  EXPECT_EQ(ProtoDiff(session, SessionWithoutOutputFields(created)), "");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession read, sessions().Get(created.id(), Before()));
  EXPECT_EQ(ProtoDiff(created, read), "");
}

TEST_P(TrainingSessionRepositoryContract, CapacityZeroAndAbsentStayDistinct) {
  v1::TrainingSession closed = ValidTestSession();
  closed.set_capacity(0);
  v1::TrainingSession unlimited = ValidTestSession();
  unlimited.clear_capacity();
  const v1::TrainingSession a = Create(closed);
  const v1::TrainingSession b = Create(unlimited);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession read_a, sessions().Get(a.id(), Before()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession read_b, sessions().Get(b.id(), Before()));
  EXPECT_TRUE(read_a.has_capacity());
  EXPECT_EQ(read_a.capacity(), 0);
  EXPECT_FALSE(read_b.has_capacity());
}

TEST_P(TrainingSessionRepositoryContract, TheStateIsReadAtTheTimeAsked) {
  const v1::TrainingSession created = Create();
  EXPECT_THAT(sessions().Get(created.id(), TestDay(9) - absl::Milliseconds(1)),
              IsOkAndHolds(::testing::Property(&v1::TrainingSession::state,
                                               v1::TRAINING_SESSION_STATE_SCHEDULED)));
  EXPECT_THAT(sessions().Get(created.id(), TestDay(9)),
              IsOkAndHolds(::testing::Property(&v1::TrainingSession::state,
                                               v1::TRAINING_SESSION_STATE_IN_PROGRESS)));
  EXPECT_THAT(sessions().Get(created.id(), TestDay(17)),
              IsOkAndHolds(::testing::Property(&v1::TrainingSession::state,
                                               v1::TRAINING_SESSION_STATE_DELIVERED)));
  EXPECT_THAT(sessions().Get(created.id() + 100, Before()), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(TrainingSessionRepositoryContract, RequestIdsAreStoredAndUnique) {
  v1::TrainingSession session = ValidTestSession();
  session.set_course_version(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created,
                              sessions().Create(session, {"req-1", "h1"}, TestStamp(), Before()));
  ESCALA_ASSERT_OK_AND_ASSIGN(auto found, sessions().FindByRequestId("req-1", Before()));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->resource.id(), created.id());
  EXPECT_EQ(found->request_hash, "h1");
  ESCALA_ASSERT_OK_AND_ASSIGN(found, sessions().FindByRequestId("req-2", Before()));
  EXPECT_FALSE(found.has_value());
  absl::StatusOr<v1::TrainingSession> again =
      sessions().Create(session, {"req-1", "h2"}, TestStamp(), Before());
  EXPECT_EQ(db::ErrorReason(again.status()), db::kReasonRequestIdReused);
}

TEST_P(TrainingSessionRepositoryContract, UpdateReplacesTheDetailsUntilTheSessionStarts) {
  const v1::TrainingSession created = Create();
  v1::TrainingSession changed = created;
  changed.clear_blocks();
  *changed.add_blocks() = TestBlock(TestDay(9, 5), absl::Hours(2));
  changed.clear_trainer_employee_ids();
  changed.add_trainer_employee_ids("T2");
  changed.clear_capacity();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession updated,
                              sessions().Update(changed, 1, TestStamp(), Before()));
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_FALSE(updated.has_capacity());
  EXPECT_THAT(updated.trainer_employee_ids(), ElementsAre("T2"));
  EXPECT_EQ(updated.course_id(), created.course_id());
  db::TrainingSessionFilter by_trainer;
  by_trainer.trainer_employee_id = "T1";
  EXPECT_THAT(sessions().List(by_trainer, 0, 0, 10, Before()), IsOkAndHolds(IsEmpty()));
  by_trainer.trainer_employee_id = "T2";
  ESCALA_ASSERT_OK_AND_ASSIGN(auto listed, sessions().List(by_trainer, 0, 0, 10, Before()));
  EXPECT_THAT(Ids(listed), ElementsAre(created.id()));

  EXPECT_THAT(sessions().Update(changed, 1, TestStamp(), Before()),
              StatusIs(absl::StatusCode::kAborted));
  // While it runs the details still change; once it ended, nothing does.
  changed.set_location("Room 5");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession running,
                              sessions().Update(changed, 2, TestStamp(), TestDay(10, 5)));
  EXPECT_EQ(running.state(), v1::TRAINING_SESSION_STATE_IN_PROGRESS);
  absl::StatusOr<v1::TrainingSession> ended =
      sessions().Update(changed, 3, TestStamp(), TestDay(11, 5));
  EXPECT_THAT(ended, StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DELIVERED")));
  EXPECT_EQ(db::ErrorReason(ended.status()), db::kReasonInvalidStateTransition);
}

TEST_P(TrainingSessionRepositoryContract, AStartedBlockKeepsItsStartAndRemovedBlocksStayIssued) {
  // 09:00–12:00 and 13:00–17:00 on 2024-03-04; at 10:00 the first runs.
  const v1::TrainingSession created = Create();
  EXPECT_EQ(created.issued_block_count(), 2);
  v1::TrainingSession changed = created;
  changed.clear_blocks();
  *changed.add_blocks() = TestBlock(TestDay(9) + absl::Minutes(1), absl::Hours(2));
  absl::StatusOr<v1::TrainingSession> moved =
      sessions().Update(changed, 1, TestStamp(), TestDay(10));
  EXPECT_THAT(moved, StatusIs(absl::StatusCode::kFailedPrecondition,
                              HasSubstr("started at 2024-03-04T09:00:00Z")));
  // Its end corrected and the afternoon dropped: one block left, two issued.
  changed.clear_blocks();
  *changed.add_blocks() = TestBlock(TestDay(9), absl::Hours(2));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession fixed,
                              sessions().Update(changed, 1, TestStamp(), TestDay(10)));
  EXPECT_EQ(fixed.blocks_size(), 1);
  EXPECT_EQ(fixed.issued_block_count(), 2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession read, sessions().Get(created.id(), TestDay(10)));
  EXPECT_EQ(read.issued_block_count(), 2);
  EXPECT_EQ(read.blocks(0).end_time().seconds(), absl::ToUnixSeconds(TestDay(11)));
}

TEST_P(TrainingSessionRepositoryContract, TheScheduleSequenceRisesWithTheScheduleAndOnCancel) {
  const v1::TrainingSession created = Create();
  EXPECT_EQ(created.schedule_sequence(), 0);
  // Seats and trainers are not in a calendar event: the sequence stays.
  v1::TrainingSession changed = created;
  changed.set_capacity(30);
  changed.add_trainer_employee_ids("T2");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession seats,
                              sessions().Update(changed, 1, TestStamp(), Before()));
  EXPECT_EQ(seats.schedule_sequence(), 0);
  // A moved block and a new place each raise it.
  changed = seats;
  changed.mutable_blocks(1)->mutable_start_time()->set_seconds(
      changed.blocks(1).start_time().seconds() + 1800);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession moved,
                              sessions().Update(changed, 2, TestStamp(), Before()));
  EXPECT_EQ(moved.schedule_sequence(), 1);
  changed = moved;
  changed.set_location("Room 3.01");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession placed,
                              sessions().Update(changed, 3, TestStamp(), Before()));
  EXPECT_EQ(placed.schedule_sequence(), 2);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession cancelled,
                              sessions().Cancel(created.id(), 4, "ill", TestStamp(), Before()));
  EXPECT_EQ(cancelled.schedule_sequence(), 3);
  EXPECT_THAT(sessions().Get(created.id(), Before()),
              IsOkAndHolds(::testing::Property(&v1::TrainingSession::schedule_sequence, 3)));
}

TEST_P(TrainingSessionRepositoryContract, CancelAndCloseAreFinal) {
  const v1::TrainingSession a = Create();
  const v1::TrainingSession b = Create();
  EXPECT_THAT(sessions().Close(a.id(), 0, {}, TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(sessions().Cancel(b.id(), 5, "r", TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kAborted));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession cancelled,
                              sessions().Cancel(b.id(), 1, "ill", TestStamp(), TestDay(10)));
  EXPECT_EQ(cancelled.state(), v1::TRAINING_SESSION_STATE_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "ill");
  EXPECT_EQ(db::TimestampToMillis(cancelled.cancel_time()), absl::ToUnixMillis(TestDay(10)));
  EXPECT_THAT(sessions().Cancel(b.id(), 0, "again", TestStamp(), TestDay(10)),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(sessions().Cancel(a.id(), 0, "late", TestStamp(), TestDay(17)),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("DELIVERED")));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession closed,
                              sessions().Close(a.id(), 0, {}, TestStamp(), TestDay(18)));
  EXPECT_EQ(closed.state(), v1::TRAINING_SESSION_STATE_CLOSED);
  EXPECT_EQ(db::TimestampToMillis(closed.close_time()), absl::ToUnixMillis(TestDay(18)));
  EXPECT_THAT(sessions().Get(a.id(), Before()),
              IsOkAndHolds(::testing::Property(&v1::TrainingSession::state,
                                               v1::TRAINING_SESSION_STATE_CLOSED)));
}

TEST_P(TrainingSessionRepositoryContract, ListOrdersByStartThenIdAndFilters) {
  std::vector<int64_t> ids;
  for (int day : {6, 4, 4, 5}) {
    v1::TrainingSession session = ValidTestSession();
    session.clear_blocks();
    *session.add_blocks() = TestBlock(TestDay(9, day), absl::Hours(2));
    ids.push_back(Create(session).id());
  }
  db::TrainingSessionFilter all;
  ESCALA_ASSERT_OK_AND_ASSIGN(auto page, sessions().List(all, 0, 0, 2, Before()));
  EXPECT_THAT(Ids(page), ElementsAre(ids[1], ids[2]));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      page, sessions().List(all, absl::ToUnixMillis(TestDay(9, 4)), ids[2], 10, Before()));
  EXPECT_THAT(Ids(page), ElementsAre(ids[3], ids[0]));
  db::TrainingSessionFilter window;
  window.from_ms = absl::ToUnixMillis(TestDay(11, 4));
  window.to_ms = absl::ToUnixMillis(TestDay(9, 6));
  ESCALA_ASSERT_OK_AND_ASSIGN(page, sessions().List(window, 0, 0, 10, Before()));
  EXPECT_THAT(Ids(page), ElementsAre(ids[3]));
  ASSERT_THAT(sessions().Cancel(ids[2], 0, "r", TestStamp(), Before()), IsOk());
  db::TrainingSessionFilter state;
  state.state = v1::TRAINING_SESSION_STATE_CANCELLED;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, sessions().List(state, 0, 0, 10, Before()));
  EXPECT_THAT(Ids(page), ElementsAre(ids[2]));
  state.state = v1::TRAINING_SESSION_STATE_DELIVERED;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, sessions().List(state, 0, 0, 10, TestDay(10, 5)));
  EXPECT_THAT(Ids(page), ElementsAre(ids[1]));
  state.state = v1::TRAINING_SESSION_STATE_IN_PROGRESS;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, sessions().List(state, 0, 0, 10, TestDay(10, 5)));
  EXPECT_THAT(Ids(page), ElementsAre(ids[3]));
  state.state = v1::TRAINING_SESSION_STATE_SCHEDULED;
  ESCALA_ASSERT_OK_AND_ASSIGN(page, sessions().List(state, 0, 0, 10, TestDay(10, 5)));
  EXPECT_THAT(Ids(page), ElementsAre(ids[0]));
  db::TrainingSessionFilter course;
  course.course_id = "OTHER";
  EXPECT_THAT(sessions().List(course, 0, 0, 10, Before()), IsOkAndHolds(IsEmpty()));
}

TEST_P(TrainingSessionRepositorySqlContract, EveryChangeWritesOneAuditEvent) {
  sessions();  // stores the course first
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  const v1::TrainingSession created = Create();
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].resource_type(), "training_session");
  EXPECT_EQ(events[0].resource_name(), absl::StrCat("trainingSessions/", created.id()));
  v1::TrainingSession changed = created;
  changed.set_location("Room 9");
  ASSERT_THAT(sessions().Update(changed, 1, TestStamp(), Before()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  // A new place is a new version of the calendar events: the sequence is in the diff.
  EXPECT_EQ(events[0].before_json(), R"({"location":"Room 2.14","schedule_sequence":null})");
  EXPECT_EQ(events[0].after_json(), R"({"location":"Room 9","schedule_sequence":1})");
  ASSERT_THAT(sessions().Cancel(created.id(), 0, "ill", TestStamp(), Before()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("cancel_reason":"ill")"));
  EXPECT_THAT(sessions().Cancel(created.id(), 0, "again", TestStamp(), Before()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(audit.Next(), IsOkAndHolds(IsEmpty()));
}

TEST_P(TrainingSessionRepositorySqlContract, OnceAnyoneIsEnrolledNoBlockMovesIntoThePast) {
  const v1::TrainingSession created = Create();
  v1::TrainingSession changed = created;
  *changed.add_blocks() = TestBlock(TestDay(7), absl::Hours(1));
  // Nobody enrolled: a session may be recorded after the fact.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession early,
                              sessions().Update(changed, 1, TestStamp(), Before()));
  db::SociEnrolmentRepository enrolments(database().pool());
  db::NewEnrolment enrolment;
  enrolment.session_id = created.id();
  enrolment.person_employee_id = "A1";
  ASSERT_THAT(enrolments.Enrol(enrolment, TestStamp(), TestDay(0)), IsOk());
  changed = early;
  changed.clear_blocks();
  *changed.add_blocks() = TestBlock(TestDay(7, 4), absl::Hours(1));
  *changed.add_blocks() = TestBlock(TestDay(9), absl::Hours(3));
  *changed.add_blocks() = TestBlock(TestDay(6), absl::Hours(1));
  absl::StatusOr<v1::TrainingSession> refused =
      sessions().Update(changed, 2, TestStamp(), Before());
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("training_session.blocks[2]: starts at "
                                          "2024-03-04T06:00:00Z, in the past")));
}

TEST_P(TrainingSessionRepositorySqlContract, OverriddenConflictsAreInTheAuditEvent) {
  sessions();  // stores the course first
  ESCALA_ASSERT_OK_AND_ASSIGN(AuditTail audit, AuditTail::Start(database().pool()));
  v1::TrainingSession session = ValidTestSession();
  v1::ScheduleConflict* conflict = session.add_schedule_conflicts();
  conflict->set_employee_id("T1");
  conflict->set_other_training_session_id(42);
  conflict->set_as_trainer(true);
  const v1::TrainingSession created = Create(session);
  EXPECT_EQ(created.schedule_conflicts_size(), 1);
  ESCALA_ASSERT_OK_AND_ASSIGN(auto events, audit.Next());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_THAT(events[0].after_json(), HasSubstr(R"("schedule_conflicts":[{"employee_id":"T1")"));
  // Never stored.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession read, sessions().Get(created.id(), Before()));
  EXPECT_EQ(read.schedule_conflicts_size(), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, TrainingSessionRepositoryContract,
                         ::testing::ValuesIn(AllBackendsAndFake()), BackendName);
INSTANTIATE_TEST_SUITE_P(Backends, TrainingSessionRepositorySqlContract,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
