// Attendance through the real escala CLI against the real escala-server, on each backend: a
// two-block session held on 2024-03-04 with three booked learners (seeded through the
// repositories, as the API enrols only into sessions ahead), attendance imported from CSV with
// two bad rows reported by line, one correction, the grid computed by hand, the readers' reach,
// and no mark once the session is closed.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_training_session_repository.h"
#include "escala/v1/attendance.pb.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/identity.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/cli_json.h"
#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_courses.h"
#include "tests/testing/test_database.h"
#include "tests/testing/test_training_sessions.h"

namespace escala::testing {
namespace {

using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AttendanceCliEndToEndTest : public ServerUnderTestFixture {
 protected:
  // Session 1 of course AT-101, trained by T1: 09:00–12:00 and 13:00–17:00 UTC on 2024-03-04;
  // A1, A2 and A3 booked on 2024-03-02 (enrolments 1, 2, 3).
  void SeedDatabase() override {
    const db::AuditStamp stamp{"people/T1"};
    const absl::Time scheduled = TestDay(9, 1);
    db::SociCourseRepository courses(database().pool());
    ASSERT_TRUE(courses.Create(ValidTestCourse("AT-101"), {}, stamp, scheduled).ok());
    db::SociTrainingSessionRepository sessions(database().pool());
    v1::TrainingSession session = ValidTestSession("AT-101", "T1");
    session.set_course_version(1);
    absl::StatusOr<v1::TrainingSession> created = sessions.Create(session, {}, stamp, scheduled);
    ASSERT_TRUE(created.ok()) << created.status();
    db::SociEnrolmentRepository enrolments(database().pool());
    for (const char* person : {"A1", "A2", "A3"}) {
      db::NewEnrolment enrolment;
      enrolment.session_id = created->id();
      enrolment.person_employee_id = person;
      enrolment.team_id = "t1";
      absl::StatusOr<v1::Enrolment> enrolled = enrolments.Enrol(enrolment, stamp, TestDay(9, 2));
      ASSERT_TRUE(enrolled.ok()) << enrolled.status();
    }
  }

  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ExpectOk(Cli({"teams", "create", "--team-id", "t1", "--display-name", "Team one"}));
    for (const auto& [id, role] : std::map<std::string, std::string>{
             {"T1", "trainer"}, {"A1", "agent"}, {"A2", "agent"}, {"A3", "agent"}}) {
      ExpectOk(Cli({"people", "create", "--employee-id", id, "--display-name",
                    absl::StrCat("Person ", id), "--role", role, "--level", "1", "--team", "t1"}));
      ProcessResult token =
          Cli({"--output", "json", "tokens", "create", "--principal", absl::StrCat("people/", id)});
      ExpectOk(token);
      tokens_[id] = FromCliJson<v1::CreateTokenResponse>(token.out).secret();
    }
  }

  ProcessResult As(const std::string& who, const std::vector<std::string>& args) {
    return server_->CliAs(tokens_.at(who), args);
  }
  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  std::map<std::string, std::string> tokens_;
  TempDir dir_;
};

TEST_P(AttendanceCliEndToEndTest, ImportCorrectShowAndClose) {
  const std::string csv = dir_.File("attendance.csv");
  WriteFile(csv,
            "employee_id,block,status,note\n"
            "A1,1,present,\n"
            "A1,2,late,traffic\n"
            "A2,1,partial,left at 11:00\n"
            "A2,2,absent,\n"
            "A3,1,excused,\"doctor, with a note\"\n"
            "A3,2,present,\n"
            "A3,3,present,\n"
            "A1,1,present,caf\xE9\n");
  ProcessResult imported = As("T1", {"attendance", "import", "1", csv});
  EXPECT_EQ(imported.exit_code, 1) << imported.err;
  EXPECT_THAT(imported.err,
              HasSubstr("line 8: block: must be between 1 and 2 (the session has 2 blocks)"));
  EXPECT_THAT(imported.err, HasSubstr("line 9: note: is not valid UTF-8"));
  EXPECT_THAT(imported.out, HasSubstr("changed 6, unchanged 0, rejected 2"));

  // The same file again changes nothing it wrote.
  ProcessResult again = As("T1", {"attendance", "import", "1", csv});
  EXPECT_THAT(again.out, HasSubstr("changed 0, unchanged 6, rejected 2"));

  // A2 brought a sick note for the afternoon: a correction, kept in the history.
  ExpectOk(As("T1", {"attendance", "mark", "1", "--person", "A2", "--block", "2", "--status",
                     "excused", "--reason", "sick note"}));
  ProcessResult history = As("T1", {"--output", "json", "enrolments", "history", "2"});
  ExpectOk(history);
  const auto entries = FromCliJson<v1::ListEnrolmentHistoryResponse>(history.out);
  ASSERT_EQ(entries.entries_size(), 4);  // booked, two marks, the correction
  EXPECT_EQ(entries.entries(3).block_number(), 2);
  EXPECT_EQ(entries.entries(3).from_attendance(), v1::ATTENDANCE_STATUS_ABSENT);
  EXPECT_EQ(entries.entries(3).to_attendance(), v1::ATTENDANCE_STATUS_EXCUSED);
  EXPECT_EQ(entries.entries(3).reason(), "sick note");
  EXPECT_EQ(entries.entries(3).actor(), "people/T1");

  // The grid, by hand: A1 1 + 1 of 2 = 100 %; A2 0.5 of 1 (block 2 excused) = 50 %;
  // A3 1 of 1 (block 1 excused) = 100 %.
  ProcessResult shown = As("T1", {"--output", "json", "attendance", "show", "1"});
  ExpectOk(shown);
  const auto grid = FromCliJson<v1::ListAttendanceResponse>(shown.out);
  ASSERT_EQ(grid.rows_size(), 3);
  EXPECT_EQ(grid.block_count(), 2);
  EXPECT_THAT(grid.rows(0).statuses(),
              ElementsAre(v1::ATTENDANCE_STATUS_PRESENT, v1::ATTENDANCE_STATUS_LATE));
  EXPECT_DOUBLE_EQ(grid.rows(0).attended_percent_of_all(), 100.0);
  EXPECT_DOUBLE_EQ(grid.rows(1).attended_percent_of_all(), 50.0);
  EXPECT_EQ(grid.rows(1).counted_blocks(), 1);
  EXPECT_FALSE(grid.rows(1).threshold_still_achievable());
  EXPECT_DOUBLE_EQ(grid.rows(2).attended_percent_of_all(), 100.0);
  EXPECT_EQ(grid.rows(2).notes(0), "doctor, with a note");
  ProcessResult table = As("T1", {"attendance", "show", "1"});
  ExpectOk(table);
  EXPECT_THAT(table.out, ContainsRegex("A2 +H +E +50\\.0 +50\\.0 +no"));

  // An agent sees their own row only.
  ProcessResult own = As("A1", {"--output", "json", "attendance", "show", "1"});
  ExpectOk(own);
  const auto own_grid = FromCliJson<v1::ListAttendanceResponse>(own.out);
  ASSERT_EQ(own_grid.rows_size(), 1);
  EXPECT_EQ(own_grid.rows(0).person_employee_id(), "A1");

  // Closed: attendance is final.
  ExpectOk(As("T1", {"sessions", "close", "1", "--allow-missing-assessments"}));
  ProcessResult late =
      As("T1", {"attendance", "mark", "1", "--person", "A1", "--block", "1", "--status", "absent"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("its attendance can no longer change"));
}

INSTANTIATE_TEST_SUITE_P(Backends, AttendanceCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
