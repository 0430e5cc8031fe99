// Assessments, the close of a session and its completions through the real escala CLI against
// the real escala-server, on each backend: a two-block session held on 2024-03-04 of a course
// with a pass mark of 80 %, three booked learners (seeded through the repositories, as the API
// enrols only into sessions ahead), their attendance and scores, a close refused while a score
// is missing, and the outcomes and completions computed by hand.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/training/soci_course_repository.h"
#include "db/training/soci_enrolment_repository.h"
#include "db/training/soci_training_session_repository.h"
#include "escala/v1/attendance.pb.h"
#include "escala/v1/completions.pb.h"
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

// "2024-02-10T00:00:00Z": a whole-second timestamp in UTC.
std::string FormatTimestampForTest(const google::protobuf::Timestamp& t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

class CompletionCliEndToEndTest : public ServerUnderTestFixture {
 protected:
  // Session 1 of course CO-101 (pass mark 80 %), trained by T1: 09:00–12:00 and 13:00–17:00 UTC
  // on 2024-03-04; A1, A2 and A3 booked on 2024-03-02 (enrolments 1, 2, 3).
  void SeedDatabase() override {
    const db::AuditStamp stamp{"people/T1"};
    const absl::Time scheduled = TestDay(9, 1);
    db::SociCourseRepository courses(database().pool());
    ASSERT_TRUE(courses.Create(ValidTestCourse("CO-101"), {}, stamp, scheduled).ok());
    db::SociTrainingSessionRepository sessions(database().pool());
    v1::TrainingSession session = ValidTestSession("CO-101", "T1");
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

TEST_P(CompletionCliEndToEndTest, AssessCloseAndListTheCompletions) {
  const std::string csv = dir_.File("attendance.csv");
  // A1 attends both blocks; A2 is absent from the first and never marked for the second; A3
  // comes late to the second (late counts fully).
  WriteFile(csv,
            "employee_id,block,status\n"
            "A1,1,present\n"
            "A1,2,present\n"
            "A2,1,absent\n"
            "A3,1,present\n"
            "A3,2,late\n");
  ExpectOk(As("T1", {"attendance", "import", "1", csv}));

  // A1 scores 70, then the paper is re-marked to 85: both are in the history.
  ProcessResult first = As("T1", {"assessments", "record", "1", "--score", "70"});
  ExpectOk(first);
  EXPECT_THAT(first.out, ContainsRegex("1 +A1 +1 +70 +80 +failed"));
  ProcessResult corrected = As("T1", {"--output", "json", "assessments", "record", "1", "--score",
                                      "85", "--note", "re-marked"});
  ExpectOk(corrected);
  EXPECT_EQ(FromCliJson<v1::Assessment>(corrected.out).result(), v1::ASSESSMENT_RESULT_PASSED);
  ExpectOk(As("T1", {"assessments", "record", "2", "--score", "90"}));
  ProcessResult out_of_range = As("T1", {"assessments", "record", "3", "--score", "101"});
  EXPECT_EQ(out_of_range.exit_code, 2);
  // Agents do not score.
  EXPECT_THAT(As("A3", {"assessments", "record", "3", "--score", "100"}).err,
              HasSubstr("PERMISSION_DENIED"));

  // A3 has no score yet: the close is refused, naming the enrolment.
  ProcessResult refused = As("T1", {"sessions", "close", "1"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("no score is recorded for enrolment 3 (A3)"));
  EXPECT_THAT(refused.err, HasSubstr("or close with --allow-missing-assessments"));
  ExpectOk(As("T1", {"assessments", "record", "3", "--score", "60"}));

  // The grid shows each score against the pass mark.
  ProcessResult grid = As("T1", {"attendance", "show", "1"});
  ExpectOk(grid);
  EXPECT_THAT(grid.out, HasSubstr("SCORE (PASS 80)"));
  EXPECT_THAT(grid.out, ContainsRegex("A3 +P +L +100\\.0 +100\\.0 +yes +60 failed"));

  ExpectOk(As("T1", {"sessions", "close", "1"}));

  // By hand: A1 2 of 2 blocks (100 %) and 85 ≥ 80: attended, completed. A2 nothing attended:
  // no show. A3 2 of 2 blocks but 60 < 80: partially attended, not completed.
  ProcessResult enrolments = As("T1", {"--output", "json", "enrolments", "list", "--session", "1"});
  ExpectOk(enrolments);
  const auto listed = FromCliJson<v1::ListEnrolmentsResponse>(enrolments.out);
  std::vector<v1::EnrolmentState> states;
  for (const v1::Enrolment& e : listed.enrolments()) states.push_back(e.state());
  EXPECT_THAT(states, ElementsAre(v1::ENROLMENT_STATE_ATTENDED, v1::ENROLMENT_STATE_NO_SHOW,
                                  v1::ENROLMENT_STATE_PARTIALLY_ATTENDED));
  ProcessResult history = As("T1", {"--output", "json", "enrolments", "history", "1"});
  const auto entries = FromCliJson<v1::ListEnrolmentHistoryResponse>(history.out);
  // Booked, two marks, two scores, the outcome.
  ASSERT_EQ(entries.entries_size(), 6);
  EXPECT_EQ(entries.entries(4).from_score_percent(), 70);
  EXPECT_EQ(entries.entries(4).to_score_percent(), 85);
  EXPECT_EQ(entries.entries(5).to_state(), v1::ENROLMENT_STATE_ATTENDED);

  ProcessResult completions = As("T1", {"--output", "json", "completions", "list"});
  ExpectOk(completions);
  const auto all = FromCliJson<v1::ListCompletionsResponse>(completions.out);
  ASSERT_EQ(all.completions_size(), 1);
  const v1::TrainingCompletion& completion = all.completions(0);
  EXPECT_EQ(completion.person_employee_id(), "A1");
  EXPECT_EQ(completion.course_id(), "CO-101");
  EXPECT_EQ(completion.course_version(), 1);
  EXPECT_EQ(completion.training_session_id(), 1);
  EXPECT_EQ(completion.enrolment_id(), 1);
  EXPECT_EQ(completion.assessment_score_percent(), 85);
  EXPECT_EQ(completion.source(), v1::COMPLETION_SOURCE_SESSION);
  EXPECT_EQ(completion.created_by(), "people/T1");
  EXPECT_EQ(db::TimestampToMillis(completion.completion_time()), absl::ToUnixMillis(TestDay(17)));
  ProcessResult table = As("T1", {"completions", "list", "--course", "CO-101"});
  ExpectOk(table);
  EXPECT_THAT(table.out, ContainsRegex("A1 +CO-101 +1 +2024-03-04T17:00:00.000Z +85 +session +1"));
  ProcessResult csv_out = As("T1", {"--output", "csv", "completions", "list"});
  ExpectOk(csv_out);
  EXPECT_THAT(csv_out.out, HasSubstr("employee_id,course_id,course_version,completion_date,"
                                     "assessment_score"));
  EXPECT_THAT(csv_out.out, HasSubstr("A1,CO-101,1,2024-03-04,85,session,1,"));

  // Learners see their own: A1 theirs, A3 none.
  EXPECT_THAT(As("A1", {"completions", "list"}).out, HasSubstr("CO-101"));
  ProcessResult none = As("A3", {"--output", "json", "completions", "list"});
  ExpectOk(none);
  EXPECT_EQ(FromCliJson<v1::ListCompletionsResponse>(none.out).completions_size(), 0);

  // Closed: scores are final.
  ProcessResult late = As("T1", {"assessments", "record", "3", "--score", "95"});
  EXPECT_EQ(late.exit_code, 1);
  EXPECT_THAT(late.err, HasSubstr("can no longer change"));
}

TEST_P(CompletionCliEndToEndTest, ImportKeepsTheGoodRowsAndNamesTheLineOfEachBadOne) {
  const std::string csv = dir_.File("history.csv");
  // Line 2: no version, a date before version 1 was written: version 1, with a score (the
  // course has a pass mark). Line 6 repeats line 2.
  WriteFile(csv,
            "employee_id,course_code,course_version,completion_time,score\n"
            "A1,CO-101,,2024-02-10,90\n"
            "A2,CO-101,1,2024-03-02T10:00:00Z,\n"
            "NOBODY,CO-101,,2024-03-02,\n"
            "A3,CO-101,,2999-01-01,\n"
            "A1,CO-101,,2024-02-10,90\n"
            "A3,CO-101,x,2024-03-02,\n");
  ProcessResult imported = As("T1", {"completions", "import", csv});
  EXPECT_EQ(imported.exit_code, 1) << imported.err;
  EXPECT_THAT(imported.out, HasSubstr("imported 2, already present 1, rejected 3"));
  EXPECT_THAT(imported.err, HasSubstr("line 4: employee_id: no person 'NOBODY' in the directory"));
  EXPECT_THAT(imported.err, HasSubstr("line 5: completion_time: must not be in the future"));
  EXPECT_THAT(imported.err, HasSubstr("line 7: course_version: 'x' is not a version number"));
  ProcessResult listed = As("T1", {"--output", "json", "completions", "list", "--person", "A1"});
  ExpectOk(listed);
  const auto a1 = FromCliJson<v1::ListCompletionsResponse>(listed.out);
  ASSERT_EQ(a1.completions_size(), 1);
  EXPECT_EQ(a1.completions(0).source(), v1::COMPLETION_SOURCE_IMPORT);
  EXPECT_EQ(a1.completions(0).course_version(), 1);
  EXPECT_EQ(a1.completions(0).assessment_score_percent(), 90);
  EXPECT_EQ(FormatTimestampForTest(a1.completions(0).completion_time()), "2024-02-10T00:00:00Z");

  // All or nothing: one good row and one bad, nothing written.
  const std::string strict = dir_.File("strict.csv");
  WriteFile(strict,
            "employee_id,course_id,completion_time\n"
            "A3,CO-101,2024-01-05\n"
            "A3,NO-COURSE,2024-01-05\n");
  ProcessResult refused = As("T1", {"completions", "import", strict, "--mode", "all-or-nothing"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("line 3: course_id: no course 'NO-COURSE'"));
  EXPECT_THAT(refused.err, HasSubstr("nothing was written (--mode all-or-nothing)"));
  ProcessResult a3 = As("T1", {"--output", "json", "completions", "list", "--person", "A3"});
  EXPECT_EQ(FromCliJson<v1::ListCompletionsResponse>(a3.out).completions_size(), 0);

  // A listing imports as it is: everything in it is already present.
  const std::string listing = dir_.File("listing.csv");
  ProcessResult csv_out = As("T1", {"--output", "csv", "completions", "list"});
  ExpectOk(csv_out);
  WriteFile(listing, csv_out.out);
  ProcessResult round_trip = As("T1", {"completions", "import", listing});
  ExpectOk(round_trip);
  EXPECT_THAT(round_trip.out, HasSubstr("imported 0, already present 2, rejected 0"));

  // Agents do not import.
  EXPECT_THAT(As("A1", {"completions", "import", listing}).err, HasSubstr("PERMISSION_DENIED"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CompletionCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
