// Training effectiveness through the real escala CLI against the real escala-server, on each
// backend: a QA analyst scores five agents before and after they complete a course and five
// colleagues of the same role and level who do not take it, with the tone results of the
// hand-computed unit case (tests/unit/server/training/effectiveness_handler_test.cc), and
// `training effectiveness` answers the same estimate and interval from the stored completions
// and evaluations. The completions are real ones: a session scheduled a few seconds ahead, the
// learners enrolled, marked present once it ran, and closed. Four completions of another
// course are not enough data; team leads and agents are refused; errors name the CLI's flags.

#include <grpcpp/grpcpp.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/courses.grpc.pb.h"
#include "escala/v1/enrolments.grpc.pb.h"
#include "escala/v1/evaluations.grpc.pb.h"
#include "escala/v1/training_effectiveness.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/calibration_world.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

class EffectivenessCliEndToEndTest : public QaCliTest {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::map<std::string, v1::Role> people = {
        {"Q1", v1::ROLE_QA_ANALYST}, {"TR1", v1::ROLE_TRAINER}, {"L1", v1::ROLE_TEAM_LEAD}};
    for (const char* agent : {"A1", "A2", "A3", "A4", "A5", "B1", "B2", "B3", "B4", "B5"}) {
      people[agent] = v1::ROLE_AGENT;
    }
    StartQaServer(people);
  }

  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // A new interaction of `agent`, evaluated and submitted by Q1 with greet yes and this tone
  // (1–5: 1 = 0 %, 2 = 25 %, 3 = 50 %, 4 = 75 %, 5 = 100 %).
  void Submit(const std::string& agent, int tone) {
    absl::StatusOr<int64_t> interaction = AddInteraction(channel_, server_->admin_token(), agent,
                                                         absl::StrCat("effect-", ++submitted_));
    ASSERT_TRUE(interaction.ok()) << interaction.status();
    v1::SubmitEvaluationRequest request;
    v1::Evaluation* evaluation = request.mutable_evaluation();
    evaluation->set_interaction_id(*interaction);
    evaluation->set_scorecard_id(kCalibrationScorecard);
    for (auto [key, value] : {std::pair<const char*, int>{"greet", 1}, {"tone", tone}}) {
      v1::CriterionAnswer* answer = evaluation->add_answers();
      answer->set_criterion_key(key);
      answer->set_value(value);
    }
    grpc::ClientContext context;
    Authorize(context, tokens_.at("Q1"));
    v1::Evaluation submitted;
    grpc::Status status =
        NewStub<v1::EvaluationService>(channel_)->SubmitEvaluation(&context, request, &submitted);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Has `people` complete each course of `courses` (course → learners) the real way: one
  // session per course, a one-second block each, the first starting kLeadTime from now (a
  // session takes enrolments only before it starts) and each next one a second later; everyone
  // enrolled, marked present once the blocks ended, and every session closed. Returns the end of
  // each course's block: its completion time.
  std::map<std::string, absl::Time> Complete(
      const std::vector<std::pair<std::string, std::vector<std::string>>>& courses) {
    constexpr absl::Duration kLeadTime = absl::Seconds(10);
    const std::string& admin = server_->admin_token();
    absl::Time start = absl::FromUnixMillis(absl::ToUnixMillis(absl::Now() + kLeadTime));
    std::map<std::string, absl::Time> completed;
    std::vector<std::pair<int64_t, std::vector<std::string>>> sessions;
    for (const auto& [course, people] : courses) {
      v1::CreateTrainingSessionRequest create;
      v1::TrainingSession* session = create.mutable_training_session();
      session->set_course_id(course);
      session->add_trainer_employee_ids("TR1");
      *session->add_blocks() = TestBlock(start, absl::Seconds(1));
      session->set_time_zone("UTC");
      session->set_location("Room 1");
      v1::TrainingSession created;
      grpc::ClientContext context;
      Authorize(context, admin);
      grpc::Status status = NewStub<v1::TrainingSessionService>(channel_)->CreateTrainingSession(
          &context, create, &created);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const std::string& person : people) {
        v1::EnrolRequest enrol;
        enrol.set_training_session_id(created.id());
        enrol.set_person_employee_id(person);
        v1::Enrolment enrolment;
        grpc::ClientContext enrol_context;
        Authorize(enrol_context, admin);
        status = NewStub<v1::EnrolmentService>(channel_)->Enrol(&enrol_context, enrol, &enrolment);
        EXPECT_TRUE(status.ok()) << status.error_message();
        EXPECT_EQ(enrolment.state(), v1::ENROLMENT_STATE_BOOKED);
      }
      completed[course] = start + absl::Seconds(1);
      sessions.emplace_back(created.id(), people);
      start += absl::Seconds(1);
    }
    // Wait for the last block to end (times are kept to the millisecond: a little more).
    absl::SleepFor(start - absl::Now() + absl::Milliseconds(50));
    for (const auto& [id, people] : sessions) {
      v1::MarkAttendanceRequest mark;
      mark.set_training_session_id(id);
      for (const std::string& person : people) {
        v1::AttendanceMarkInput* input = mark.add_marks();
        input->set_person_employee_id(person);
        input->set_block_number(1);
        input->set_status(v1::ATTENDANCE_STATUS_PRESENT);
      }
      v1::MarkAttendanceResponse marked;
      grpc::ClientContext mark_context;
      Authorize(mark_context, admin);
      grpc::Status status =
          NewStub<v1::AttendanceService>(channel_)->MarkAttendance(&mark_context, mark, &marked);
      EXPECT_TRUE(status.ok()) << status.error_message();
      v1::CloseTrainingSessionRequest close;
      close.set_id(id);
      v1::TrainingSession closed;
      grpc::ClientContext close_context;
      Authorize(close_context, admin);
      status = NewStub<v1::TrainingSessionService>(channel_)->CloseTrainingSession(&close_context,
                                                                                   close, &closed);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return completed;
  }

  // A course teaching `criterion` with no assessment, made by TR1.
  void Course(const std::string& course_id, const std::string& criterion) {
    v1::CreateCourseRequest request;
    request.mutable_course()->set_course_id(course_id);
    request.mutable_course()->set_title(course_id == "L1-TONE-110" ? "Tone on the phone"
                                                                   : "Greeting");
    request.mutable_course()->set_kind(v1::COURSE_KIND_ROLE_PLAY);
    request.mutable_course()->mutable_planned_duration()->set_seconds(3600);
    request.mutable_course()->add_criterion_keys(criterion);
    v1::Course created;
    grpc::ClientContext context;
    Authorize(context, tokens_.at("TR1"));
    grpc::Status status =
        NewStub<v1::CourseService>(channel_)->CreateCourse(&context, request, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  int submitted_ = 0;
};

TEST_P(EffectivenessCliEndToEndTest, TheEstimateOfStoredCompletionsAndEvaluationsIsTheHandOne) {
  Course("L1-TONE-110", "tone");
  Course("L1-GREET-100", "greet");
  // Before: the trained tone 2 (25 %), the comparison tone 3 (50 %).
  for (const char* agent : {"A1", "A2", "A3", "A4", "A5"}) Submit(agent, 2);
  for (const char* agent : {"B1", "B2", "B3", "B4", "B5"}) Submit(agent, 3);
  if (HasFatalFailure()) return;
  const std::map<std::string, absl::Time> completed =
      Complete({{"L1-TONE-110", {"A1", "A2", "A3", "A4", "A5"}},
                {"L1-GREET-100", {"A1", "A2", "A3", "A4"}}});
  // After: the trained change by 0, +25, +25, +25, +50 (A5: 50 % and 100 %), the comparison by
  // −25, 0, 0, 0, +25.
  Submit("A1", 2);
  for (const char* agent : {"A2", "A3", "A4", "A5"}) Submit(agent, 3);
  Submit("A5", 5);
  Submit("B1", 2);
  for (const char* agent : {"B2", "B3", "B4"}) Submit(agent, 3);
  Submit("B5", 4);
  if (HasFatalFailure()) return;

  ProcessResult r = JsonAs("TR1", {"training", "effectiveness", "L1-TONE-110"});
  ExpectOk(r);
  const auto answer = FromJson<v1::ComputeCourseEffectivenessResponse>(r.out);
  EXPECT_EQ(answer.trained_people(), 5);
  EXPECT_EQ(answer.comparison_people(), 5);
  EXPECT_EQ(db::TimestampToMillis(answer.reference_time()),
            absl::ToUnixMillis(completed.at("L1-TONE-110")));
  ASSERT_EQ(answer.criteria_size(), 1);
  const v1::CriterionEffectiveness& tone = answer.criteria(0);
  EXPECT_EQ(tone.trained().evaluations_before(), 5);
  EXPECT_EQ(tone.trained().evaluations_after(), 6);
  EXPECT_DOUBLE_EQ(tone.trained().mean_change_points(), 25);
  EXPECT_DOUBLE_EQ(tone.comparison().mean_change_points(), 0);
  EXPECT_DOUBLE_EQ(tone.estimate_points(), 25);
  EXPECT_NEAR(tone.degrees_of_freedom(), 8, 1e-9);
  EXPECT_NEAR(tone.low_points(), -0.78191, 1e-4);
  EXPECT_NEAR(tone.high_points(), 50.78191, 1e-4);

  // The table: the groups, then the verdict, within 80 columns.
  r = As("TR1", {"training", "effectiveness", "L1-TONE-110", "--before", "30d", "--after", "30d"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("+25.0 points [-0.8, +50.8], trained 5 people / 11 evaluations"));
  EXPECT_THAT(r.out, HasSubstr("comparison 5 / 10"));
  EXPECT_THAT(r.out, HasSubstr("GROUP"));
  for (absl::string_view line : absl::StrSplit(r.out, '\n')) {
    EXPECT_LE(line.size(), 80u) << line;
  }
  r = As("TR1", {"--output", "csv", "training", "effectiveness", "L1-TONE-110"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("criterion_key,trained_people,"));
  EXPECT_THAT(r.out, HasSubstr("\ntone,5,0,5,6,"));

  // Four trained are not enough.
  r = As("TR1", {"training", "effectiveness", "L1-GREET-100"});
  ExpectOk(r);
  // The verdict is wrapped at 80 columns: read it as one line.
  EXPECT_THAT(absl::StrReplaceAll(r.out, {{"\n", " "}}),
              HasSubstr("not enough data: trained group has 4 people with scores before and "
                        "after (5 needed)"));

  // Team leads and agents are refused; errors name the flags.
  EXPECT_EQ(As("L1", {"training", "effectiveness", "L1-TONE-110"}).exit_code, 1);
  EXPECT_EQ(As("A1", {"training", "effectiveness", "L1-TONE-110"}).exit_code, 1);
  r = As("TR1", {"training", "effectiveness", "L1-TONE-110", "--before", "6d"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--before"));
  r = As("TR1", {"training", "effectiveness", "NO-SUCH-COURSE"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("not found"));
}

INSTANTIATE_TEST_SUITE_P(Backends, EffectivenessCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
