// TrainingSessionHandler's schedule sequence and calendars over in-memory repositories: the
// sequence rises on a move, a change of place and a cancellation but not on a change of seats;
// the session's calendar carries it; a person's calendar gives each enrolment its own UIDs and
// is reached as the person's enrolments are.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/training/training_session_handler.h"
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

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

class TrainingSessionCalendarTest : public ::testing::Test {
 protected:
  TrainingSessionCalendarTest()
      : enrolments_(sessions_),
        handler_(sessions_, courses_, people_, audit_, clock_.AsClock(), enrolments_) {
    for (const auto& [id, team] :
         {std::pair{"T1", "t1"}, std::pair{"A1", "t1"}, std::pair{"B1", "t2"}}) {
      v1::Person person;
      person.set_employee_id(id);
      person.set_display_name(id);
      person.set_role(id[0] == 'T' ? v1::ROLE_TRAINER : v1::ROLE_AGENT);
      person.set_level(1);
      person.set_team_id(team);
      person.set_active(true);
      people_.Add(person);
    }
    EXPECT_THAT(courses_.Create(ValidTestCourse(), {}, db::AuditStamp{}, clock_.Now()), IsOk());
    manager_.caller.principal = "people/M1";
    manager_.caller.employee_id = "M1";
    manager_.caller.role = v1::ROLE_MANAGER;
    agent_.caller.principal = "people/A1";
    agent_.caller.employee_id = "A1";
    agent_.caller.team_id = "t1";
    agent_.caller.role = v1::ROLE_AGENT;
    agent_.scope = server::Scope::kOwn;
    lead_.caller.principal = "people/L1";
    lead_.caller.employee_id = "L1";
    lead_.caller.team_id = "t1";
    lead_.caller.role = v1::ROLE_TEAM_LEAD;
    lead_.scope = server::Scope::kTeam;
  }

  v1::TrainingSession Create() {
    v1::CreateTrainingSessionRequest request;
    *request.mutable_training_session() = ValidTestSession();
    absl::StatusOr<v1::TrainingSession> created = handler_.CreateTrainingSession(manager_, request);
    EXPECT_THAT(created, IsOk());
    return created.ok() ? *created : v1::TrainingSession();
  }

  // Applies `change` (with the fields in `path`) to session `id`.
  v1::TrainingSession Update(int64_t id, const std::string& path,
                             const std::function<void(v1::TrainingSession*)>& change) {
    v1::UpdateTrainingSessionRequest request;
    request.mutable_training_session()->set_id(id);
    change(request.mutable_training_session());
    request.mutable_update_mask()->add_paths(path);
    absl::StatusOr<v1::TrainingSession> updated = handler_.UpdateTrainingSession(manager_, request);
    EXPECT_THAT(updated, IsOk());
    return updated.ok() ? *updated : v1::TrainingSession();
  }

  std::string SessionCalendar(int64_t id) {
    v1::ExportSessionCalendarRequest request;
    request.set_id(id);
    absl::StatusOr<v1::ExportSessionCalendarResponse> response =
        handler_.ExportSessionCalendar(agent_, request);
    EXPECT_THAT(response, IsOk());
    return response.ok() ? response->calendar() : "";
  }

  absl::StatusOr<v1::ExportPersonCalendarResponse> PersonCalendar(const server::CallContext& call,
                                                                  const std::string& employee_id) {
    v1::ExportPersonCalendarRequest request;
    request.set_employee_id(employee_id);
    return handler_.ExportPersonCalendar(call, request);
  }

  FakeTrainingSessionRepository sessions_;
  FakeEnrolmentRepository enrolments_;
  FakeCourseRepository courses_;
  FakePeopleRepository people_;
  FakeAuditRepository audit_;
  ManualClock clock_;
  server::TrainingSessionHandler handler_;
  server::CallContext manager_;
  server::CallContext agent_;
  server::CallContext lead_;
};

TEST_F(TrainingSessionCalendarTest, TheSequenceRisesOnAMoveAndAPlaceButNotOnSeats) {
  const v1::TrainingSession created = Create();
  EXPECT_EQ(created.schedule_sequence(), 0);
  const v1::TrainingSession moved = Update(created.id(), "blocks", [](v1::TrainingSession* s) {
    *s->add_blocks() = TestBlock(TestDay(10), absl::Hours(2));
  });
  EXPECT_EQ(moved.schedule_sequence(), 1);
  const v1::TrainingSession seats =
      Update(created.id(), "capacity", [](v1::TrainingSession* s) { s->set_capacity(20); });
  EXPECT_EQ(seats.schedule_sequence(), 1);
  const v1::TrainingSession trainers =
      Update(created.id(), "trainer_employee_ids", [](v1::TrainingSession* s) {
        s->add_trainer_employee_ids("T1");
        s->add_trainer_employee_ids("A1");
      });
  EXPECT_EQ(trainers.schedule_sequence(), 1);
  // The same blocks again change nothing.
  const v1::TrainingSession same = Update(created.id(), "blocks", [](v1::TrainingSession* s) {
    *s->add_blocks() = TestBlock(TestDay(10), absl::Hours(2));
  });
  EXPECT_EQ(same.schedule_sequence(), 1);
  const v1::TrainingSession placed =
      Update(created.id(), "location", [](v1::TrainingSession* s) { s->set_location("Room 3"); });
  EXPECT_EQ(placed.schedule_sequence(), 2);
  const v1::TrainingSession linked = Update(created.id(), "video_link", [](v1::TrainingSession* s) {
    s->set_video_link("https://meet.example/x");
  });
  EXPECT_EQ(linked.schedule_sequence(), 3);
  // A sequence sent in is ignored: it is output only.
  const v1::TrainingSession ignored = Update(created.id(), "capacity", [](v1::TrainingSession* s) {
    s->set_capacity(21);
    s->set_schedule_sequence(99);
  });
  EXPECT_EQ(ignored.schedule_sequence(), 3);

  v1::CancelTrainingSessionRequest cancel;
  cancel.set_id(created.id());
  cancel.set_reason("Trainer ill");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession cancelled,
                              handler_.CancelTrainingSession(manager_, cancel));
  EXPECT_EQ(cancelled.schedule_sequence(), 4);
}

TEST_F(TrainingSessionCalendarTest, TheSessionCalendarKeepsItsUidsAndRaisesTheSequence) {
  const v1::TrainingSession created = Create();
  const std::string uid = absl::StrCat("UID:session-", created.id(), "-block-1@escala");
  const std::string first = SessionCalendar(created.id());
  EXPECT_THAT(first, HasSubstr("METHOD:REQUEST\r\n"));
  EXPECT_THAT(first, HasSubstr(uid + "\r\nSEQUENCE:0\r\n"));
  EXPECT_THAT(first, HasSubstr("SUMMARY:Phone etiquette\r\n"));
  Update(created.id(), "blocks",
         [](v1::TrainingSession* s) { *s->add_blocks() = TestBlock(TestDay(10), absl::Hours(2)); });
  const std::string moved = SessionCalendar(created.id());
  EXPECT_THAT(moved, HasSubstr(uid + "\r\nSEQUENCE:1\r\n"));
  EXPECT_THAT(moved, HasSubstr("DTSTART:20240304T100000Z\r\n"));
  EXPECT_THAT(moved, Not(HasSubstr("block-2")));

  v1::CancelTrainingSessionRequest cancel;
  cancel.set_id(created.id());
  cancel.set_reason("Trainer ill");
  ASSERT_THAT(handler_.CancelTrainingSession(manager_, cancel), IsOk());
  const std::string cancelled = SessionCalendar(created.id());
  EXPECT_THAT(cancelled, HasSubstr("METHOD:CANCEL\r\n"));
  EXPECT_THAT(cancelled, HasSubstr(uid + "\r\nSEQUENCE:2\r\n"));
  EXPECT_THAT(cancelled, HasSubstr("STATUS:CANCELLED\r\n"));

  v1::ExportSessionCalendarRequest unknown;
  unknown.set_id(99);
  EXPECT_THAT(handler_.ExportSessionCalendar(agent_, unknown),
              StatusIs(absl::StatusCode::kNotFound));
  unknown.set_id(0);
  EXPECT_THAT(handler_.ExportSessionCalendar(agent_, unknown),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("id")));
}

TEST_F(TrainingSessionCalendarTest, AReEnrolmentGetsNewUidsAndTheWithdrawalIsCancelled) {
  const v1::TrainingSession session = Create();
  db::NewEnrolment enrol;
  enrol.session_id = session.id();
  enrol.person_employee_id = "A1";
  enrol.team_id = "t1";
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment first,
                              enrolments_.Enrol(enrol, db::AuditStamp{}, clock_.Now()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ExportPersonCalendarResponse booked, PersonCalendar(agent_, ""));
  const std::string first_uid = absl::StrCat("UID:enrolment-", first.id(), "-block-1@escala");
  EXPECT_THAT(booked.calendar(), HasSubstr(first_uid + "\r\nSEQUENCE:0\r\n"));
  EXPECT_THAT(booked.cancellation_calendar(), IsEmpty());

  ASSERT_THAT(enrolments_.Withdraw(first.id(), "", true, db::AuditStamp{}, clock_.Now()), IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment second,
                              enrolments_.Enrol(enrol, db::AuditStamp{}, clock_.Now()));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ExportPersonCalendarResponse again,
                              PersonCalendar(manager_, "A1"));
  const std::string second_uid = absl::StrCat("UID:enrolment-", second.id(), "-block-1@escala");
  EXPECT_NE(first_uid, second_uid);
  EXPECT_THAT(again.calendar(), HasSubstr(second_uid));
  EXPECT_THAT(again.calendar(), Not(HasSubstr(first_uid)));
  EXPECT_THAT(again.cancellation_calendar(), HasSubstr("METHOD:CANCEL\r\n"));
  EXPECT_THAT(again.cancellation_calendar(), HasSubstr(first_uid + "\r\nSEQUENCE:1\r\n"));

  // A window that ends before the session leaves everything out.
  v1::ExportPersonCalendarRequest before;
  before.set_employee_id("A1");
  *before.mutable_to_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestDay(8)));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ExportPersonCalendarResponse empty,
                              handler_.ExportPersonCalendar(manager_, before));
  EXPECT_THAT(empty.calendar(), Not(HasSubstr("BEGIN:VEVENT")));
  EXPECT_THAT(empty.cancellation_calendar(), IsEmpty());
  *before.mutable_from_time() = db::MillisToTimestamp(absl::ToUnixMillis(TestDay(9)));
  EXPECT_THAT(handler_.ExportPersonCalendar(manager_, before),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to_time")));
}

TEST_F(TrainingSessionCalendarTest, APersonsCalendarIsReachedAsTheirEnrolments) {
  const v1::TrainingSession session = Create();
  // The trainer's calendar holds the session under its own UIDs.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ExportPersonCalendarResponse trainer,
                              PersonCalendar(manager_, "T1"));
  EXPECT_THAT(trainer.calendar(),
              HasSubstr(absl::StrCat("UID:session-", session.id(), "-block-2@escala")));
  // Own: oneself only. Team: the team. Out of reach and unknown people are NOT_FOUND alike.
  EXPECT_THAT(PersonCalendar(agent_, "A1"), IsOk());
  EXPECT_THAT(PersonCalendar(agent_, "T1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(PersonCalendar(lead_, "A1"), IsOk());
  EXPECT_THAT(PersonCalendar(lead_, "B1"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(PersonCalendar(manager_, "NOBODY"), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(PersonCalendar(manager_, "bad id!"),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("employee_id")));
  server::CallContext account;
  account.caller.principal = "serviceAccounts/admin";
  account.caller.role = v1::ROLE_ADMINISTRATOR;
  EXPECT_THAT(PersonCalendar(account, ""),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("employee_id")));
}

}  // namespace
}  // namespace escala::testing
