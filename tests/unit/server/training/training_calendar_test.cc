// The mapping of sessions and enrolments to calendar events: UIDs per session block and per
// enrolment block, the sequence a final enrolment raises, which calendar object an event goes
// in, and UTC instants on a day the clocks change.
#include "server/training/training_calendar.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

const absl::Time kStamp = absl::FromUnixSeconds(1700000000);

v1::TrainingSession Session(int64_t id, int sequence) {
  v1::TrainingSession session = ValidTestSession();
  session.set_id(id);
  session.set_course_version(2);
  session.set_schedule_sequence(sequence);
  session.set_video_link("https://meet.example/room?a=1;b=2");
  session.set_state(v1::TRAINING_SESSION_STATE_SCHEDULED);
  return session;
}

v1::Enrolment Enrolment(int64_t id, int64_t session_id, v1::EnrolmentState state) {
  v1::Enrolment enrolment;
  enrolment.set_id(id);
  enrolment.set_training_session_id(session_id);
  enrolment.set_person_employee_id("A1");
  enrolment.set_state(state);
  return enrolment;
}

std::vector<std::string> Uids(const std::vector<server::CalendarEvent>& events) {
  std::vector<std::string> uids;
  for (const server::CalendarEvent& event : events) uids.push_back(event.uid);
  return uids;
}

TEST(TrainingCalendarTest, ASessionHasOneEventPerBlockWithItsSequence) {
  const std::vector<server::CalendarEvent> events =
      server::SessionEvents(Session(7, 3), {"Phone etiquette"}, kStamp);
  EXPECT_THAT(Uids(events), ElementsAre("session-7-block-1@escala", "session-7-block-2@escala"));
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].sequence, 3);
  EXPECT_EQ(events[0].summary, "Phone etiquette");
  EXPECT_EQ(events[0].location, "Room 2.14");
  EXPECT_EQ(events[0].url, "https://meet.example/room?a=1;b=2");
  EXPECT_THAT(events[0].description, HasSubstr("Course L1-ETIQ-101 v2. Trainers: T1."));
  EXPECT_EQ(events[0].start, TestDay(9));
  EXPECT_EQ(events[1].end, TestDay(17));
  // Without a title the course id stands in.
  EXPECT_EQ(server::SessionEvents(Session(7, 3), {}, kStamp)[0].summary, "L1-ETIQ-101");
}

TEST(TrainingCalendarTest, ACancelledSessionIsACancellation) {
  v1::TrainingSession session = Session(7, 4);
  const std::string live = server::SessionCalendar(session, {"Phone etiquette"}, kStamp);
  EXPECT_THAT(live, HasSubstr("METHOD:REQUEST\r\n"));
  EXPECT_THAT(live, HasSubstr("STATUS:CONFIRMED\r\n"));
  session.set_state(v1::TRAINING_SESSION_STATE_CANCELLED);
  session.set_cancel_reason("Trainer ill");
  const std::string cancelled = server::SessionCalendar(session, {"Phone etiquette"}, kStamp);
  EXPECT_THAT(cancelled, HasSubstr("METHOD:CANCEL\r\n"));
  EXPECT_THAT(cancelled, HasSubstr("STATUS:CANCELLED\r\n"));
  EXPECT_THAT(cancelled, HasSubstr("UID:session-7-block-1@escala\r\n"));
  EXPECT_THAT(cancelled, HasSubstr("SEQUENCE:4\r\n"));
  EXPECT_THAT(cancelled, HasSubstr("Cancelled: Trainer ill"));
  EXPECT_THAT(cancelled, Not(HasSubstr("CONFIRMED")));
}

TEST(TrainingCalendarTest, EnrolmentEventsBelongToTheEnrolment) {
  const v1::TrainingSession session = Session(7, 2);
  const std::vector<server::CalendarEvent> booked = server::EnrolmentEvents(
      Enrolment(41, 7, v1::ENROLMENT_STATE_BOOKED), session, {"Phone etiquette"}, kStamp);
  EXPECT_THAT(Uids(booked),
              ElementsAre("enrolment-41-block-1@escala", "enrolment-41-block-2@escala"));
  EXPECT_EQ(booked[0].sequence, 2);
  // A final enrolment's cancellation outranks the last invitation of its session.
  for (v1::EnrolmentState state : {v1::ENROLMENT_STATE_WITHDRAWN, v1::ENROLMENT_STATE_DECLINED,
                                   v1::ENROLMENT_STATE_SESSION_CANCELLED}) {
    EXPECT_EQ(server::EnrolmentEvents(Enrolment(41, 7, state), session, {}, kStamp)[0].sequence, 3)
        << v1::EnrolmentState_Name(state);
  }
}

TEST(TrainingCalendarTest, OnlyBookedEnrolmentsAreInvitationsAndFinalOnesCancellations) {
  EXPECT_EQ(server::EntryOf(v1::ENROLMENT_STATE_BOOKED), server::EnrolmentEntry::kLive);
  EXPECT_EQ(server::EntryOf(v1::ENROLMENT_STATE_REQUESTED), server::EnrolmentEntry::kNone);
  EXPECT_EQ(server::EntryOf(v1::ENROLMENT_STATE_WAITLISTED), server::EnrolmentEntry::kNone);
  EXPECT_EQ(server::EntryOf(v1::ENROLMENT_STATE_WITHDRAWN), server::EnrolmentEntry::kCancelled);
  EXPECT_EQ(server::EntryOf(v1::ENROLMENT_STATE_DECLINED), server::EnrolmentEntry::kCancelled);
  EXPECT_EQ(server::EntryOf(v1::ENROLMENT_STATE_SESSION_CANCELLED),
            server::EnrolmentEntry::kCancelled);
  // The outcomes of a closed session keep the events: the seat was held.
  for (v1::EnrolmentState outcome :
       {v1::ENROLMENT_STATE_ATTENDED, v1::ENROLMENT_STATE_PARTIALLY_ATTENDED,
        v1::ENROLMENT_STATE_NO_SHOW, v1::ENROLMENT_STATE_EXCUSED}) {
    EXPECT_EQ(server::EntryOf(outcome), server::EnrolmentEntry::kLive)
        << v1::EnrolmentState_Name(outcome);
  }
}

TEST(TrainingCalendarTest, AReEnrolmentIsANewEventAndTheWithdrawalACancellation) {
  std::map<int64_t, v1::TrainingSession> sessions{{7, Session(7, 1)}, {8, Session(8, 0)}};
  v1::TrainingSession trained = Session(9, 5);
  trained.set_trainer_employee_ids(0, "A1");
  v1::TrainingSession cancelled_trained = Session(10, 1);
  cancelled_trained.set_state(v1::TRAINING_SESSION_STATE_CANCELLED);
  const server::PersonCalendar calendar = server::RenderPersonCalendar(
      {Enrolment(5, 7, v1::ENROLMENT_STATE_WITHDRAWN), Enrolment(6, 7, v1::ENROLMENT_STATE_BOOKED),
       Enrolment(12, 8, v1::ENROLMENT_STATE_WAITLISTED)},
      sessions, {trained, cancelled_trained}, {{7, {"Phone etiquette"}}}, kStamp);
  EXPECT_THAT(calendar.calendar, HasSubstr("METHOD:REQUEST"));
  EXPECT_THAT(calendar.calendar, HasSubstr("UID:enrolment-6-block-1@escala"));
  EXPECT_THAT(calendar.calendar, HasSubstr("UID:session-9-block-2@escala"));
  EXPECT_THAT(calendar.calendar, Not(HasSubstr("enrolment-5-")));
  // Waitlisted: no seat, no event.
  EXPECT_THAT(calendar.calendar, Not(HasSubstr("enrolment-12-")));
  EXPECT_THAT(calendar.cancellation_calendar, Not(HasSubstr("enrolment-12-")));
  EXPECT_THAT(calendar.cancellation_calendar, HasSubstr("METHOD:CANCEL"));
  EXPECT_THAT(calendar.cancellation_calendar, HasSubstr("UID:enrolment-5-block-1@escala"));
  EXPECT_THAT(calendar.cancellation_calendar, HasSubstr("UID:session-10-block-1@escala"));
  EXPECT_THAT(calendar.cancellation_calendar, Not(HasSubstr("enrolment-6-")));
  // Session 7's sequence is 1; the withdrawn enrolment's cancellation says 2.
  EXPECT_THAT(calendar.cancellation_calendar,
              HasSubstr("UID:enrolment-5-block-1@escala\r\nSEQUENCE:2\r\n"));

  const server::PersonCalendar nothing_cancelled = server::RenderPersonCalendar(
      {Enrolment(6, 7, v1::ENROLMENT_STATE_BOOKED)}, sessions, {}, {}, kStamp);
  EXPECT_THAT(nothing_cancelled.cancellation_calendar, IsEmpty());
}

TEST(TrainingCalendarTest, ARemovedBlockIsCancelledInEveryCalendarThatHeldIt) {
  // Session 7 had three blocks; an update left two (sequence 4 since).
  v1::TrainingSession session = Session(7, 4);
  session.set_issued_block_count(3);
  const std::string cancellation =
      server::SessionCancellationCalendar(session, {"Phone etiquette"}, kStamp);
  EXPECT_THAT(cancellation, HasSubstr("METHOD:CANCEL"));
  EXPECT_THAT(cancellation, HasSubstr("UID:session-7-block-3@escala\r\nSEQUENCE:4\r\n"));
  EXPECT_THAT(cancellation, HasSubstr("STATUS:CANCELLED"));
  // Its times are no longer known: none are written (allowed with a METHOD).
  EXPECT_THAT(cancellation, Not(HasSubstr("DTSTART")));
  EXPECT_THAT(cancellation, Not(HasSubstr("block-2@")));
  // The live calendar keeps the two blocks it has.
  const std::string live = server::SessionCalendar(session, {"Phone etiquette"}, kStamp);
  EXPECT_THAT(live, HasSubstr("UID:session-7-block-2@escala"));
  EXPECT_THAT(live, Not(HasSubstr("block-3@")));
  // Nothing removed: nothing to cancel.
  EXPECT_THAT(server::SessionCancellationCalendar(Session(7, 4), {}, kStamp), IsEmpty());
  // Cancelled: the one CANCEL object holds every block number issued.
  session.set_state(v1::TRAINING_SESSION_STATE_CANCELLED);
  EXPECT_THAT(server::SessionCalendar(session, {}, kStamp),
              HasSubstr("UID:session-7-block-3@escala"));
  EXPECT_THAT(server::SessionCancellationCalendar(session, {}, kStamp), IsEmpty());
  // A booked learner's calendar cancels the enrolment's event of that block.
  session.set_state(v1::TRAINING_SESSION_STATE_SCHEDULED);
  const server::PersonCalendar learner = server::RenderPersonCalendar(
      {Enrolment(5, 7, v1::ENROLMENT_STATE_BOOKED)}, {{7, session}}, {}, {}, kStamp);
  EXPECT_THAT(learner.calendar, HasSubstr("UID:enrolment-5-block-2@escala"));
  EXPECT_THAT(learner.calendar, Not(HasSubstr("block-3@")));
  EXPECT_THAT(learner.cancellation_calendar,
              HasSubstr("UID:enrolment-5-block-3@escala\r\nSEQUENCE:4\r\n"));
}

TEST(TrainingCalendarTest, ADstDaySessionIsWrittenAsItsUtcInstant) {
  // 09:00 in Berlin on 2027-03-28, the day the clocks go forward at 02:00: UTC+2, so 07:00Z.
  absl::TimeZone berlin;
  ASSERT_TRUE(absl::LoadTimeZone("Europe/Berlin", &berlin));
  v1::TrainingSession session = Session(3, 0);
  session.clear_blocks();
  *session.add_blocks() =
      TestBlock(absl::FromCivil(absl::CivilSecond(2027, 3, 28, 9, 0, 0), berlin), absl::Hours(3));
  const std::string calendar = server::SessionCalendar(session, {}, kStamp);
  EXPECT_THAT(calendar, HasSubstr("DTSTART:20270328T070000Z\r\n"));
  EXPECT_THAT(calendar, HasSubstr("DTEND:20270328T100000Z\r\n"));
}

}  // namespace
}  // namespace escala::testing
