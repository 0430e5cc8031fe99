// AttendanceHandler over in-memory repositories and a manual clock: the marking guards (block
// not started, no booked enrolment, session closed), corrections appended to the history,
// keep-valid batches, reach by scope, the grid and request_id replays.
#include "server/training/attendance_handler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "db/common/error_details.h"
#include "db/training/session_closing.h"
#include "tests/testing/error_details.h"
#include "tests/testing/fakes/fake_audit_repository.h"
#include "tests/testing/fakes/fake_course_repository.h"
#include "tests/testing/fakes/fake_enrolment_repository.h"
#include "tests/testing/fakes/fake_training_session_repository.h"
#include "tests/testing/fakes/manual_clock.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

server::CallContext Caller(const std::string& employee_id, v1::Role role, server::Scope scope,
                           const std::string& team = "t-a") {
  server::CallContext call;
  call.caller.principal = "people/" + employee_id;
  call.caller.employee_id = employee_id;
  call.caller.role = role;
  call.caller.team_id = team;
  call.scope = scope;
  call.method = "escala.v1.AttendanceService/MarkAttendance";
  return call;
}

v1::AttendanceMarkInput Mark(const std::string& person, int block, v1::AttendanceStatus status,
                             const std::string& note = "") {
  v1::AttendanceMarkInput mark;
  mark.set_person_employee_id(person);
  mark.set_block_number(block);
  mark.set_status(status);
  mark.set_note(note);
  return mark;
}

class AttendanceHandlerTest : public ::testing::Test {
 protected:
  AttendanceHandlerTest()
      : enrolments_(sessions_, &audit_),
        handler_(enrolments_, sessions_, courses_, audit_, clock_.AsClock()) {
    EXPECT_THAT(courses_.Create(ValidTestCourse(), {}, db::AuditStamp{}, clock_.Now()), IsOk());
    v1::TrainingSession session = ValidTestSession();
    session.set_course_version(1);
    session_ = *sessions_.Create(session, {}, db::AuditStamp{}, clock_.Now());
    for (const auto& [person, team] : std::vector<std::pair<std::string, std::string>>{
             {"A1", "t-a"}, {"A2", "t-a"}, {"B1", "t-b"}}) {
      db::NewEnrolment enrolment;
      enrolment.session_id = session_.id();
      enrolment.person_employee_id = person;
      enrolment.team_id = team;
      EXPECT_THAT(enrolments_.Enrol(enrolment, db::AuditStamp{"people/M1"}, clock_.Now()), IsOk());
    }
  }

  void At(absl::Time when) { clock_.Advance(when - clock_.Now()); }

  absl::StatusOr<v1::MarkAttendanceResponse> MarkAll(
      const server::CallContext& call, const std::vector<v1::AttendanceMarkInput>& marks,
      v1::ImportMode mode = v1::IMPORT_MODE_UNSPECIFIED, const std::string& reason = "",
      const std::string& request_id = "") {
    v1::MarkAttendanceRequest request;
    request.set_training_session_id(session_.id());
    for (const v1::AttendanceMarkInput& mark : marks) *request.add_marks() = mark;
    request.set_mode(mode);
    request.set_reason(reason);
    request.set_request_id(request_id);
    return handler_.MarkAttendance(call, request);
  }

  absl::StatusOr<v1::ListAttendanceResponse> Grid(const server::CallContext& call) {
    v1::ListAttendanceRequest request;
    request.set_training_session_id(session_.id());
    return handler_.ListAttendance(call, request);
  }

  FakeTrainingSessionRepository sessions_;
  FakeAuditRepository audit_;
  FakeEnrolmentRepository enrolments_;
  FakeCourseRepository courses_;
  ManualClock clock_;
  server::AttendanceHandler handler_;
  v1::TrainingSession session_;
  server::CallContext trainer_ = Caller("T1", v1::ROLE_TRAINER, server::Scope::kOwn);
  server::CallContext other_trainer_ = Caller("T9", v1::ROLE_TRAINER, server::Scope::kOwn);
  server::CallContext manager_ = Caller("M1", v1::ROLE_MANAGER, server::Scope::kAll);
  server::CallContext agent_ = Caller("A1", v1::ROLE_AGENT, server::Scope::kOwn);
  server::CallContext lead_ = Caller("L1", v1::ROLE_TEAM_LEAD, server::Scope::kTeam, "t-b");
};

TEST_F(AttendanceHandlerTest, ABlockThatHasNotStartedIsRefusedNamingTheGuard) {
  At(TestDay(10));
  absl::StatusOr<v1::MarkAttendanceResponse> refused = MarkAll(
      trainer_,
      {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT), Mark("A1", 2, v1::ATTENDANCE_STATUS_PRESENT)});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(FieldViolations(refused),
              ElementsAre("marks[1].block_number: block 2 has not started: attendance opens at "
                          "its start (2024-03-04T13:00:00Z)"));
  // All or nothing: block 1 was not written either.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAttendanceResponse grid, Grid(manager_));
  EXPECT_EQ(grid.rows(0).statuses(0), v1::ATTENDANCE_STATUS_UNSPECIFIED);
  EXPECT_EQ(grid.started_block_count(), 1);
}

TEST_F(AttendanceHandlerTest, MalformedMarksAreInvalidArgumentWithEveryViolation) {
  At(TestDay(14));
  EXPECT_THAT(
      FieldViolations(MarkAll(trainer_, {Mark("A1", 3, v1::ATTENDANCE_STATUS_PRESENT),
                                         Mark("A2", 1, v1::ATTENDANCE_STATUS_NOT_APPLICABLE),
                                         Mark("A2", 1, v1::ATTENDANCE_STATUS_ABSENT)})),
      ElementsAre("marks[0].block_number: must be between 1 and 2 (the session has 2 "
                  "blocks)",
                  "marks[1].status: must be PRESENT, LATE, PARTIAL, ABSENT or EXCUSED",
                  "marks[2]: marks the same person and block as marks[1]"));
}

TEST_F(AttendanceHandlerTest, KeepValidWritesTheGoodMarksAndReportsTheOthers) {
  At(TestDay(14));
  ESCALA_ASSERT_OK_AND_ASSIGN(
      v1::MarkAttendanceResponse response,
      MarkAll(trainer_,
              {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT),
               Mark("ZZ", 1, v1::ATTENDANCE_STATUS_PRESENT),
               Mark("B1", 2, v1::ATTENDANCE_STATUS_PARTIAL, "left at 15:00")},
              v1::IMPORT_MODE_KEEP_VALID));
  EXPECT_EQ(response.changed_count(), 2);
  EXPECT_EQ(response.rejected_count(), 1);
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).mark().status(), v1::ATTENDANCE_STATUS_PRESENT);
  EXPECT_EQ(response.results(0).mark().marked_by(), "people/T1");
  ASSERT_EQ(response.results(1).violations_size(), 1);
  EXPECT_EQ(response.results(1).violations(0).field(), "person_employee_id");
  EXPECT_THAT(response.results(1).violations(0).description(),
              HasSubstr("has no booked enrolment in training session"));
  EXPECT_EQ(response.results(2).mark().note(), "left at 15:00");
}

TEST_F(AttendanceHandlerTest, ACorrectionIsAppendedToTheHistoryAndAudited) {
  At(TestDay(14));
  ASSERT_THAT(MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_ABSENT)}), IsOk());
  const std::size_t events = audit_.events().size();
  // The same mark again changes nothing and writes nothing.
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::MarkAttendanceResponse same,
                              MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_ABSENT)}));
  EXPECT_EQ(same.unchanged_count(), 1);
  EXPECT_EQ(audit_.events().size(), events);
  ASSERT_THAT(MarkAll(manager_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_LATE)},
                      v1::IMPORT_MODE_UNSPECIFIED, "came after the break"),
              IsOk());
  EXPECT_EQ(audit_.events().size(), events + 1);
  EXPECT_EQ(audit_.events().back().resource_name(), "enrolments/1");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::EnrolmentHistoryEntry> history,
                              enrolments_.History(1, 0, 10));
  ASSERT_EQ(history.size(), 3u);  // booked, first mark, correction
  EXPECT_EQ(history[1].block_number(), 1);
  EXPECT_EQ(history[1].from_attendance(), v1::ATTENDANCE_STATUS_UNSPECIFIED);
  EXPECT_EQ(history[1].to_attendance(), v1::ATTENDANCE_STATUS_ABSENT);
  EXPECT_EQ(history[2].from_attendance(), v1::ATTENDANCE_STATUS_ABSENT);
  EXPECT_EQ(history[2].to_attendance(), v1::ATTENDANCE_STATUS_LATE);
  EXPECT_EQ(history[2].actor(), "people/M1");
  EXPECT_EQ(history[2].reason(), "came after the break");
  EXPECT_EQ(history[2].from_state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(history[2].to_state(), v1::ENROLMENT_STATE_BOOKED);
}

TEST_F(AttendanceHandlerTest, AClosedSessionRefusesEveryMark) {
  At(TestDay(18));
  ASSERT_THAT(sessions_.Close(session_.id(), 0, {}, db::AuditStamp{"people/T1"}, clock_.Now()),
              IsOk());
  absl::StatusOr<v1::MarkAttendanceResponse> refused =
      MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT)});
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("its attendance can no longer change")));
  EXPECT_EQ(Reason(refused), db::kReasonInvalidStateTransition);
}

TEST_F(AttendanceHandlerTest, OnlyTheSessionsTrainersMarkAndReadersSeeTheirReach) {
  At(TestDay(14));
  EXPECT_THAT(MarkAll(other_trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT)}),
              StatusIs(absl::StatusCode::kNotFound));
  ASSERT_THAT(MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT),
                                 Mark("B1", 1, v1::ATTENDANCE_STATUS_ABSENT)}),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAttendanceResponse own, Grid(agent_));
  ASSERT_EQ(own.rows_size(), 1);
  EXPECT_EQ(own.rows(0).person_employee_id(), "A1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAttendanceResponse team, Grid(lead_));
  ASSERT_EQ(team.rows_size(), 1);
  EXPECT_EQ(team.rows(0).person_employee_id(), "B1");
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAttendanceResponse all, Grid(trainer_));
  EXPECT_EQ(all.rows_size(), 3);
}

TEST_F(AttendanceHandlerTest, TheGridReportsTakenAllAndStillAchievable) {
  At(TestDay(14));
  ASSERT_THAT(MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_PARTIAL),
                                 Mark("A2", 1, v1::ATTENDANCE_STATUS_ABSENT),
                                 Mark("A2", 2, v1::ATTENDANCE_STATUS_PRESENT)}),
              IsOk());
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAttendanceResponse grid, Grid(manager_));
  ASSERT_EQ(grid.rows_size(), 3);
  // A1: 0.5 of 2 taken; 0.5 + 1 open of 2 = 75 % < 80 %.
  EXPECT_DOUBLE_EQ(grid.rows(0).attended_percent_of_taken(), 25.0);
  EXPECT_FALSE(grid.rows(0).threshold_still_achievable());
  // A2: 1 of 2.
  EXPECT_DOUBLE_EQ(grid.rows(1).attended_percent_of_all(), 50.0);
  // B1: nothing marked, everything still possible.
  EXPECT_TRUE(grid.rows(2).threshold_still_achievable());
  EXPECT_THAT(grid.rows(1).statuses(),
              ElementsAre(v1::ATTENDANCE_STATUS_ABSENT, v1::ATTENDANCE_STATUS_PRESENT));
}

TEST_F(AttendanceHandlerTest, AReplayAnswersWithoutMarkingAgain) {
  At(TestDay(14));
  ASSERT_THAT(MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT)},
                      v1::IMPORT_MODE_UNSPECIFIED, "", "r-1"),
              IsOk());
  const std::size_t events = audit_.events().size();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::MarkAttendanceResponse replay,
                              MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_PRESENT)},
                                      v1::IMPORT_MODE_UNSPECIFIED, "", "r-1"));
  EXPECT_EQ(replay.results(0).mark().status(), v1::ATTENDANCE_STATUS_PRESENT);
  EXPECT_EQ(audit_.events().size(), events);
  absl::StatusOr<v1::MarkAttendanceResponse> reused =
      MarkAll(trainer_, {Mark("A1", 1, v1::ATTENDANCE_STATUS_ABSENT)}, v1::IMPORT_MODE_UNSPECIFIED,
              "", "r-1");
  EXPECT_THAT(reused, StatusIs(absl::StatusCode::kAlreadyExists));
}

TEST_F(AttendanceHandlerTest, TheGridOfAnUnknownSessionIsNotFound) {
  v1::ListAttendanceRequest request;
  request.set_training_session_id(session_.id() + 1000);
  for (const server::CallContext& call : {manager_, trainer_, agent_}) {
    EXPECT_THAT(handler_.ListAttendance(call, request),
                StatusIs(absl::StatusCode::kNotFound,
                         HasSubstr(absl::StrCat("training session ", session_.id() + 1000))));
  }
}

server::CallContext ForAssessment(server::CallContext call) {
  call.method = "escala.v1.AttendanceService/RecordAssessment";
  return call;
}

class AssessmentHandlerTest : public AttendanceHandlerTest {
 protected:
  absl::StatusOr<v1::Assessment> Record(const server::CallContext& call, int64_t enrolment,
                                        int score, const std::string& note = "",
                                        const std::string& request_id = "") {
    v1::RecordAssessmentRequest request;
    request.set_enrolment_id(enrolment);
    request.set_score_percent(score);
    request.set_note(note);
    request.set_request_id(request_id);
    return handler_.RecordAssessment(ForAssessment(call), request);
  }
  // The fixture enrols A1, A2 and B1 in this order: enrolments 1, 2, 3.
  static constexpr int64_t kA1 = 1;
  static constexpr int64_t kA2 = 2;
};

TEST_F(AssessmentHandlerTest, AScoreIsRecordedWithItsResultAndShownInTheGrid) {
  At(TestDay(14));
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assessment below, Record(trainer_, kA1, 79, "written test"));
  EXPECT_EQ(below.score_percent(), 79);
  EXPECT_EQ(below.pass_mark_percent(), 80);
  EXPECT_EQ(below.result(), v1::ASSESSMENT_RESULT_FAILED);
  EXPECT_EQ(below.person_employee_id(), "A1");
  EXPECT_EQ(below.assessed_by(), "people/T1");
  // Corrected: at the pass mark it passes; the change is in the history and audited.
  const std::size_t events = audit_.events().size();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assessment at, Record(trainer_, kA1, 80, "re-marked"));
  EXPECT_EQ(at.result(), v1::ASSESSMENT_RESULT_PASSED);
  EXPECT_EQ(audit_.events().size(), events + 1);
  EXPECT_EQ(audit_.events().back().resource_name(), "enrolments/1");
  ESCALA_ASSERT_OK_AND_ASSIGN(std::vector<v1::EnrolmentHistoryEntry> history,
                              enrolments_.History(kA1, 0, 10));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[2].from_score_percent(), 79);
  EXPECT_EQ(history[2].to_score_percent(), 80);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::ListAttendanceResponse grid, Grid(manager_));
  EXPECT_EQ(grid.pass_mark_percent(), 80);
  EXPECT_EQ(grid.rows(0).assessment_score_percent(), 80);
  EXPECT_EQ(grid.rows(0).assessment_result(), v1::ASSESSMENT_RESULT_PASSED);
  EXPECT_FALSE(grid.rows(1).has_assessment_score_percent());
  EXPECT_EQ(grid.rows(1).assessment_result(), v1::ASSESSMENT_RESULT_NOT_ASSESSED);
}

TEST_F(AssessmentHandlerTest, MalformedRequestsAreInvalidArgumentNamingTheField) {
  At(TestDay(14));
  EXPECT_THAT(FieldViolations(Record(trainer_, 0, 101, std::string(1001, 'x'))),
              ElementsAre("enrolment_id: must be a positive id, got 0",
                          "score_percent: must be a whole percent from 0 to 100, got 101",
                          HasSubstr("note: ")));
  EXPECT_THAT(Record(trainer_, kA1, -1),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("score_percent")));
}

TEST_F(AssessmentHandlerTest, OnlyTheSessionsTrainersAndManagersRecord) {
  At(TestDay(14));
  EXPECT_THAT(Record(other_trainer_, kA1, 90), StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(Record(manager_, kA1, 90), IsOk());
  EXPECT_THAT(Record(manager_, 99, 90), StatusIs(absl::StatusCode::kNotFound));
}

TEST_F(AssessmentHandlerTest, ScoresOpenAtTheStartAndCloseWithTheSession) {
  At(TestDay(8));
  absl::StatusOr<v1::Assessment> early = Record(trainer_, kA1, 90);
  EXPECT_THAT(early, StatusIs(absl::StatusCode::kFailedPrecondition,
                              HasSubstr("assessments open when its first block starts")));
  EXPECT_EQ(Reason(early), db::kReasonInvalidStateTransition);
  At(TestDay(18));
  ASSERT_THAT(Record(trainer_, kA1, 90), IsOk());
  db::CloseOptions options;
  options.pass_mark_percent = 80;
  options.allow_missing_assessments = true;
  ASSERT_THAT(sessions_.Close(session_.id(), 0, options, db::AuditStamp{"people/T1"}, clock_.Now()),
              IsOk());
  absl::StatusOr<v1::Assessment> closed = Record(trainer_, kA1, 95);
  EXPECT_THAT(closed, StatusIs(absl::StatusCode::kFailedPrecondition,
                               HasSubstr("its attendance can no longer change")));
}

TEST_F(AssessmentHandlerTest, ACourseWithoutAPassMarkTakesNoScore) {
  v1::Course plain = ValidTestCourse("PLAIN-1", "Plain");
  plain.clear_pass_mark_percent();
  ASSERT_THAT(courses_.Create(plain, {}, db::AuditStamp{}, clock_.Now()), IsOk());
  v1::TrainingSession session = ValidTestSession("PLAIN-1");
  session.set_course_version(1);
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::TrainingSession created,
                              sessions_.Create(session, {}, db::AuditStamp{}, clock_.Now()));
  db::NewEnrolment enrolment;
  enrolment.session_id = created.id();
  enrolment.person_employee_id = "A1";
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Enrolment booked,
                              enrolments_.Enrol(enrolment, db::AuditStamp{}, clock_.Now()));
  At(TestDay(14));
  absl::StatusOr<v1::Assessment> refused = Record(trainer_, booked.id(), 90);
  EXPECT_THAT(refused, StatusIs(absl::StatusCode::kFailedPrecondition,
                                HasSubstr("course PLAIN-1 version 1 has no assessment")));
  EXPECT_EQ(Reason(refused), db::kReasonNoAssessment);
}

TEST_F(AssessmentHandlerTest, AReplayAnswersTheScoreAsItIsWithoutRecordingAgain) {
  At(TestDay(14));
  ASSERT_THAT(Record(trainer_, kA2, 60, "", "s-1"), IsOk());
  const std::size_t events = audit_.events().size();
  ESCALA_ASSERT_OK_AND_ASSIGN(v1::Assessment replay, Record(trainer_, kA2, 60, "", "s-1"));
  EXPECT_EQ(replay.score_percent(), 60);
  EXPECT_EQ(replay.result(), v1::ASSESSMENT_RESULT_FAILED);
  EXPECT_EQ(audit_.events().size(), events);
  EXPECT_THAT(Record(trainer_, kA2, 70, "", "s-1"), StatusIs(absl::StatusCode::kAlreadyExists));
}

}  // namespace
}  // namespace escala::testing
