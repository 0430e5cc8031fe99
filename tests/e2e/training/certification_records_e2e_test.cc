// Certifications and learning-path progress computed from real completion records, over gRPC
// against the real escala-server on each backend: a session held ten days ago is closed
// (CloseTrainingSession writes A1's completion), completions of the past are imported
// (ImportCompletions), and the statuses, the expiring list and the path progress are what was
// computed by hand, today and as of the instant between the close and the import (when only the
// session's completion was known).
#include <grpcpp/grpcpp.h>

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "db/common/proto_time.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_training_session_repository.h"
#include "escala/v1/attendance.grpc.pb.h"
#include "escala/v1/certifications.grpc.pb.h"
#include "escala/v1/completions.grpc.pb.h"
#include "escala/v1/learning_paths.grpc.pb.h"
#include "escala/v1/people.grpc.pb.h"
#include "escala/v1/training_sessions.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;

// Today's UTC date when the test started, and the instant of its midnight.
absl::CivilDay Today() { return absl::ToCivilDay(absl::Now(), absl::UTCTimeZone()); }

std::string DateText(absl::CivilDay day) { return absl::FormatCivilTime(day); }

google::protobuf::Timestamp Midnight(absl::CivilDay day) {
  return db::MillisToTimestamp(absl::ToUnixMillis(absl::FromCivil(day, absl::UTCTimeZone())));
}

google::protobuf::Timestamp At(absl::Time t) {
  return db::MillisToTimestamp(absl::ToUnixMillis(t));
}

class CertificationRecordsEndToEndTest : public ServerUnderTestFixture {
 protected:
  // Courses CX-101 and CX-201 (no assessment) written 400 days ago; session 1 of CX-101, one
  // block 09:00–12:00 UTC ten days ago, with A1 booked the day before.
  void SeedDatabase() override {
    const db::AuditStamp stamp{"people/T1"};
    const absl::Time long_ago = absl::Now() - absl::Hours(24 * 400);
    db::SociCourseRepository courses(database().pool());
    for (const char* id : {"CX-101", "CX-201"}) {
      v1::Course course = ValidTestCourse(id, absl::StrCat("Course ", id));
      course.clear_pass_mark_percent();
      ASSERT_TRUE(courses.Create(course, {}, stamp, long_ago).ok());
    }
    const absl::Time start = absl::FromCivil(Today() - 10, absl::UTCTimeZone()) + absl::Hours(9);
    v1::TrainingSession session = ValidTestSession("CX-101", "T1");
    session.set_course_version(1);
    session.clear_blocks();
    *session.add_blocks() = TestBlock(start, absl::Hours(3));
    db::SociTrainingSessionRepository sessions(database().pool());
    absl::StatusOr<v1::TrainingSession> created =
        sessions.Create(session, {}, stamp, start - absl::Hours(24 * 5));
    ASSERT_TRUE(created.ok()) << created.status();
    db::SociEnrolmentRepository enrolments(database().pool());
    db::NewEnrolment enrolment;
    enrolment.session_id = created->id();
    enrolment.person_employee_id = "A1";
    enrolment.team_id = "t1";
    ASSERT_TRUE(enrolments.Enrol(enrolment, stamp, start - absl::Hours(24)).ok());
  }

  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    channel_ = PlaintextChannel(server_->address());
    v1::CreateTeamRequest team;
    team.mutable_team()->set_team_id("t1");
    team.mutable_team()->set_display_name("Team one");
    v1::Team created_team;
    Ok(Call(&v1::PeopleService::Stub::CreateTeam, team, &created_team));
    for (const auto& [id, role] : std::map<std::string, v1::Role>{{"T1", v1::ROLE_TRAINER},
                                                                  {"A1", v1::ROLE_AGENT},
                                                                  {"A2", v1::ROLE_AGENT},
                                                                  {"A3", v1::ROLE_AGENT},
                                                                  {"A4", v1::ROLE_AGENT}}) {
      v1::CreatePersonRequest request;
      v1::Person* person = request.mutable_person();
      person->set_employee_id(id);
      person->set_display_name(absl::StrCat("Person ", id));
      person->set_role(role);
      person->set_level(1);
      person->set_team_id("t1");
      person->set_active(true);
      v1::Person created;
      Ok(Call(&v1::PeopleService::Stub::CreatePerson, request, &created));
    }
  }

  template <typename Stub, typename Request, typename Response>
  grpc::Status Call(grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                    const Request& request, Response* response) {
    Stub stub(channel_);
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    return (stub.*method)(&context, request, response);
  }
  static void Ok(const grpc::Status& status) {
    EXPECT_TRUE(status.ok()) << status.error_code() << ": " << status.error_message();
  }

  // The certification CX: earned by CX-101, holds 100 days, renewal window 30 days, counted
  // from the completion date; agents must hold it.
  void CreateCertification() {
    v1::CreateCertificationRequest request;
    v1::Certification* c = request.mutable_certification();
    c->set_certification_id("CX");
    c->set_title("Customer data handling");
    c->add_course_ids("CX-101");
    c->mutable_active_period()->set_count(100);
    c->mutable_active_period()->set_unit(v1::CALENDAR_PERIOD_UNIT_DAYS);
    c->mutable_renewal_window()->set_count(30);
    c->mutable_renewal_window()->set_unit(v1::CALENDAR_PERIOD_UNIT_DAYS);
    c->set_renewal_basis(v1::RENEWAL_BASIS_COMPLETION_DATE);
    c->add_required_roles(v1::ROLE_AGENT);
    v1::Certification created;
    Ok(Call(&v1::CertificationService::Stub::CreateCertification, request, &created));
  }

  // The path LP-A for level-1 agents: CX-101 and CX-201, both required.
  void CreatePath() {
    v1::CreateLearningPathRequest request;
    v1::LearningPath* path = request.mutable_learning_path();
    path->set_learning_path_id("LP-A");
    path->set_title("Agent basics");
    path->set_role(v1::ROLE_AGENT);
    path->set_level(1);
    for (const char* course : {"CX-101", "CX-201"}) {
      v1::LearningPathItem* item = path->add_items();
      item->set_course_id(course);
      item->set_required(true);
    }
    v1::LearningPath created;
    Ok(Call(&v1::LearningPathService::Stub::CreateLearningPath, request, &created));
  }

  // "A1 CERTIFIED 2026-11-27 2027-03-07 2027-02-05 90 2" per status.
  static std::vector<std::string> Rows(
      const google::protobuf::RepeatedPtrField<v1::CertificationStatus>& statuses) {
    std::vector<std::string> rows;
    for (const v1::CertificationStatus& s : statuses) {
      std::string state = v1::CertificationState_Name(s.state());
      state = state.substr(std::string("CERTIFICATION_STATE_").size());
      rows.push_back(absl::StrCat(s.employee_id(), " ", state, " ", s.certified_date(), " ",
                                  s.expiry_date(), " ", s.window_open_date(), " ",
                                  s.days_to_expiry(), " ", s.completions_counted()));
    }
    return rows;
  }

  std::vector<std::string> Statuses(const google::protobuf::Timestamp* as_of) {
    v1::ListCertificationStatusesRequest request;
    request.set_certification_id("CX");
    if (as_of != nullptr) *request.mutable_as_of_time() = *as_of;
    v1::ListCertificationStatusesResponse response;
    Ok(Call(&v1::CertificationService::Stub::ListCertificationStatuses, request, &response));
    return Rows(response.statuses());
  }

  std::vector<std::string> Expiring(const google::protobuf::Timestamp* as_of) {
    v1::ListExpiringCertificationsRequest request;
    request.set_within_days(30);
    if (as_of != nullptr) *request.mutable_as_of_time() = *as_of;
    v1::ListExpiringCertificationsResponse response;
    Ok(Call(&v1::CertificationService::Stub::ListExpiringCertifications, request, &response));
    return Rows(response.statuses());
  }

  // "LP-A 1/2 50" and each item's "course:completed".
  std::string Progress(const std::string& person, const google::protobuf::Timestamp* as_of) {
    v1::GetLearningPathProgressRequest request;
    request.set_employee_id(person);
    if (as_of != nullptr) *request.mutable_as_of_time() = *as_of;
    v1::PersonLearningProgress response;
    Ok(Call(&v1::LearningPathService::Stub::GetLearningPathProgress, request, &response));
    std::string text;
    for (const v1::LearningPathProgress& path : response.paths()) {
      absl::StrAppend(&text, path.learning_path_id(), " ", path.required_completed(), "/",
                      path.required_total(), " ", path.percent_done());
      for (const v1::LearningPathItemProgress& item : path.items()) {
        absl::StrAppend(&text, " ", item.course_id(), ":", item.completed() ? "done" : "open");
      }
    }
    return text;
  }

  std::shared_ptr<grpc::Channel> channel_;
};

TEST_P(CertificationRecordsEndToEndTest, StatusesExpiryAndProgressFollowTheRecordsAsOfTheirTime) {
  const absl::CivilDay today = Today();
  CreateCertification();
  CreatePath();

  // The session ten days ago: A1 present, then closed. A1 completes CX-101 at 12:00 that day.
  v1::MarkAttendanceRequest mark;
  mark.set_training_session_id(1);
  v1::AttendanceMarkInput* input = mark.add_marks();
  input->set_person_employee_id("A1");
  input->set_block_number(1);
  input->set_status(v1::ATTENDANCE_STATUS_PRESENT);
  v1::MarkAttendanceResponse marked;
  Ok(Call(&v1::AttendanceService::Stub::MarkAttendance, mark, &marked));
  v1::CloseTrainingSessionRequest close;
  close.set_id(1);
  v1::TrainingSession closed;
  Ok(Call(&v1::TrainingSessionService::Stub::CloseTrainingSession, close, &closed));
  ASSERT_EQ(closed.state(), v1::TRAINING_SESSION_STATE_CLOSED);

  // What was known between the close and the import.
  absl::SleepFor(absl::Milliseconds(20));
  const google::protobuf::Timestamp between = At(absl::Now());
  absl::SleepFor(absl::Milliseconds(20));

  // History from the previous system: A1 300 days ago (long expired, renewed by the session),
  // A2 80 days ago, A3 95 days ago, A4 130 days ago; A2 also took CX-201 60 days ago.
  v1::ImportCompletionsRequest import;
  import.set_request_id("history-1");
  for (const auto& [person, course, days] :
       std::vector<std::tuple<std::string, std::string, int>>{{"A1", "CX-101", 300},
                                                              {"A2", "CX-101", 80},
                                                              {"A3", "CX-101", 95},
                                                              {"A4", "CX-101", 130},
                                                              {"A2", "CX-201", 60}}) {
    v1::CompletionImportRecord* record = import.add_completions();
    record->set_person_employee_id(person);
    record->set_course_id(course);
    *record->mutable_completion_time() = Midnight(today - days);
  }
  v1::ImportCompletionsResponse imported;
  Ok(Call(&v1::CompletionService::Stub::ImportCompletions, import, &imported));
  EXPECT_EQ(imported.imported_count(), 5);
  ASSERT_EQ(imported.results_size(), 5);
  EXPECT_EQ(imported.results(0).completion().source(), v1::COMPLETION_SOURCE_IMPORT);
  EXPECT_EQ(imported.results(0).completion().course_version(), 1);
  // A retry with the request_id writes nothing and answers the same records.
  v1::ImportCompletionsResponse replayed;
  Ok(Call(&v1::CompletionService::Stub::ImportCompletions, import, &replayed));
  EXPECT_EQ(replayed.imported_count(), 0);
  EXPECT_EQ(replayed.already_present_count(), 5);
  EXPECT_EQ(replayed.results(4).completion().id(), imported.results(4).completion().id());
  // The same records again without it: already present, not stored twice.
  import.clear_request_id();
  v1::ImportCompletionsResponse again;
  Ok(Call(&v1::CompletionService::Stub::ImportCompletions, import, &again));
  EXPECT_EQ(again.already_present_count(), 5);
  v1::ListCompletionsRequest list;
  v1::ListCompletionsResponse completions;
  Ok(Call(&v1::CompletionService::Stub::ListCompletions, list, &completions));
  EXPECT_EQ(completions.completions_size(), 6);

  // By hand, 100 days from each completion date, the window 30 days before the expiry:
  // A1 certified anew on today-10 (the earlier record expired on today-200): expires today+90,
  // window today+60. A2: today-80 → today+20, window open since today-10. A3: today-95 →
  // today+5, window since today-25. A4: today-130 → expired on today-30.
  const auto d = [&](int offset) { return DateText(today + offset); };
  EXPECT_THAT(
      Statuses(nullptr),
      ElementsAre(absl::StrCat("A1 CERTIFIED ", d(-10), " ", d(90), " ", d(60), " 90 2"),
                  absl::StrCat("A2 RENEWAL_OPEN ", d(-80), " ", d(20), " ", d(-10), " 20 1"),
                  absl::StrCat("A3 RENEWAL_OPEN ", d(-95), " ", d(5), " ", d(-25), " 5 1"),
                  absl::StrCat("A4 EXPIRED ", d(-130), " ", d(-30), " ", d(-60), " -30 1")));
  // Expiring within 30 days, the expired first, then by expiry date; A1 is not.
  EXPECT_THAT(
      Expiring(nullptr),
      ElementsAre(absl::StrCat("A4 EXPIRED ", d(-130), " ", d(-30), " ", d(-60), " -30 1"),
                  absl::StrCat("A3 RENEWAL_OPEN ", d(-95), " ", d(5), " ", d(-25), " 5 1"),
                  absl::StrCat("A2 RENEWAL_OPEN ", d(-80), " ", d(20), " ", d(-10), " 20 1")));
  // Learning path: A2 completed both courses; A3 one of two; T1 is no agent.
  EXPECT_EQ(Progress("A2", nullptr), "LP-A 2/2 100 CX-101:done CX-201:done");
  EXPECT_EQ(Progress("A3", nullptr), "LP-A 1/2 50 CX-101:done CX-201:open");

  // As of the instant between: the imported records were not known yet, although completed
  // long before it. A1 held the certification by the session alone; nobody else did.
  EXPECT_THAT(
      Statuses(&between),
      ElementsAre(absl::StrCat("A1 CERTIFIED ", d(-10), " ", d(90), " ", d(60), " 90 1"),
                  "A2 NOT_CERTIFIED    0 0", "A3 NOT_CERTIFIED    0 0", "A4 NOT_CERTIFIED    0 0"));
  EXPECT_THAT(Expiring(&between), ElementsAre());
  EXPECT_EQ(Progress("A2", &between), "LP-A 0/2 0 CX-101:open CX-201:open");
  EXPECT_EQ(Progress("A1", &between), "LP-A 1/2 50 CX-101:done CX-201:open");
}

INSTANTIATE_TEST_SUITE_P(Backends, CertificationRecordsEndToEndTest,
                         ::testing::ValuesIn(AllBackends()), BackendName);

}  // namespace
}  // namespace escala::testing
