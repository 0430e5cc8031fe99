// Certifications and learning paths through the real escala CLI against the real escala-server,
// on each backend: a trainer defines a certification and a path, statuses and progress are
// computed per caller's reach, tables and CSV print, and the errors name the CLI's flags.

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "escala/v1/certifications.pb.h"
#include "escala/v1/learning_paths.pb.h"
#include "escala/v1/people.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/qa_cli_fixture.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class CertificationCliEndToEndTest : public QaCliTest {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    StartQaServer({{"T1", v1::ROLE_TRAINER}, {"A1", v1::ROLE_AGENT}, {"A2", v1::ROLE_AGENT}});
    for (const char* course : {"DP-101", "L1-ETIQ", "L1-TOOLS"}) {
      ExpectOk(As("T1", {"courses", "create", course, "--title", course, "--kind", "theory",
                         "--duration", "1h"}));
    }
  }

  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }
};

TEST_P(CertificationCliEndToEndTest, ACertificationIsDefinedAndEveryAgentOwesIt) {
  ProcessResult r = As("T1", {"certifications", "create", "--id", "DP", "--title",
                              "Data protection", "--course", "DP-101", "--active-period", "12m",
                              "--window", "12m", "--basis", "fixed", "--roles", "agent"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--window"));
  r = As("T1", {"certifications", "create", "--id", "DP", "--title", "Data protection", "--course",
                "NOPE", "--active-period", "12m", "--window", "1m"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("course 'NOPE' does not exist"));
  r = As("A1", {"certifications", "create", "--id", "DP", "--title", "Data protection", "--course",
                "DP-101", "--active-period", "12m", "--window", "1m"});
  EXPECT_EQ(r.exit_code, 1);
  r = JsonAs("T1", {"certifications", "create", "--id", "DP", "--title", "Data protection",
                    "--course", "DP-101", "--active-period", "12m", "--window", "1m", "--basis",
                    "previous-expiry", "--roles", "agent"});
  ExpectOk(r);
  const auto created = FromJson<v1::Certification>(r.out);
  EXPECT_EQ(created.renewal_basis(), v1::RENEWAL_BASIS_PREVIOUS_EXPIRY);
  EXPECT_EQ(created.active_period().unit(), v1::CALENDAR_PERIOD_UNIT_MONTHS);
  r = As("A1", {"certifications", "show", "DP"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("previous-expiry"));
  r = As("A1", {"certifications", "list"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("Data protection"));

  // No completions yet: each agent must hold it and does not; an agent sees only their own.
  r = As("T1", {"--output", "csv", "certifications", "status"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("PERSON,CERTIFICATION,STATE,CERTIFIED,EXPIRES"));
  EXPECT_THAT(r.out, HasSubstr("A1,DP,not-certified,,"));
  EXPECT_THAT(r.out, HasSubstr("A2,DP,not-certified,,"));
  EXPECT_THAT(r.out, Not(HasSubstr("T1,")));
  r = JsonAs("A1", {"certifications", "status"});
  ExpectOk(r);
  const auto mine = FromJson<v1::ListCertificationStatusesResponse>(r.out);
  ASSERT_EQ(mine.statuses_size(), 1);
  EXPECT_EQ(mine.statuses(0).employee_id(), "A1");
  r = As("A1", {"my", "certifications"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("not-certified"));
  r = As("A1", {"certifications", "status", "--person", "A2"});
  EXPECT_EQ(r.exit_code, 1);
  r = As("T1", {"certifications", "expiring", "--within", "30d"});
  ExpectOk(r);
  EXPECT_THAT(r.out, Not(HasSubstr("A1")));
  r = As("T1", {"certifications", "expiring", "--within", "-3"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--within"));
}

TEST_P(CertificationCliEndToEndTest, APathShowsEachPersonsCoursesAndDueDates) {
  ASSERT_EQ(server_->Cli({"people", "update", "A1", "--hire-date", "2026-01-10"}).exit_code, 0);
  ProcessResult r = As("T1", {"paths", "create", "--id", "L1", "--title", "Onboarding", "--role",
                              "agent", "--item", "L1-ETIQ:30d", "--item", "L1-ETIQ:optional"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("listed twice"));
  r = As("T1", {"paths", "create", "--id", "L1", "--title", "Onboarding", "--role", "agent",
                "--item", "L1-ETIQ:30d,L1-TOOLS:optional:60d"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("L1-TOOLS"));
  r = As("A1", {"paths", "list"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("Onboarding"));
  // Hired 2026-01-10: L1-ETIQ due 2026-02-09, L1-TOOLS 2026-03-11; as of 2026-03-01 the first
  // is overdue, the optional one not yet due.
  r = As("A1", {"paths", "progress", "A1", "--as-of", "2026-03-01T00:00:00Z"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("A1 L1: 0% done (0 of 1 required), 1 overdue; started 2026-01-10"));
  EXPECT_THAT(r.out, HasSubstr("2026-02-09"));
  EXPECT_THAT(r.out, HasSubstr("OVERDUE"));
  EXPECT_THAT(r.out, HasSubstr("open (optional)"));
  r = As("A1", {"my", "path", "--as-of", "2026-03-01T00:00:00Z"});
  ExpectOk(r);
  EXPECT_THAT(r.out, HasSubstr("1 overdue; started 2026-01-10"));
  r = JsonAs("T1", {"paths", "progress"});
  ExpectOk(r);
  const auto everyone = FromJson<v1::ListLearningPathProgressResponse>(r.out);
  ASSERT_EQ(everyone.people_size(), 2);  // the agents; the trainer has no path
  EXPECT_EQ(everyone.people(1).employee_id(), "A2");
  r = As("A1", {"paths", "progress", "A2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("not found"));
}

// An expiry is announced on the event feed by the server itself, after a restart too: A1's
// certification (completed 2024-01-10, held 12 months) expired on 2025-01-10; A2's, completed
// yesterday, holds.
TEST_P(CertificationCliEndToEndTest, AnExpiryIsAnnouncedOnTheFeedOnce) {
  ExpectOk(
      As("T1", {"certifications", "create", "--id", "DP", "--title", "Data protection", "--course",
                "DP-101", "--active-period", "12m", "--window", "1m", "--roles", "agent"}));
  const std::string yesterday =
      absl::FormatTime("%Y-%m-%d", absl::Now() - absl::Hours(24), absl::UTCTimeZone());
  const std::string csv = ::testing::TempDir() + "/expiry-" + GetParam() + ".csv";
  std::ofstream(csv) << "employee_id,course_id,completion_time\n"
                        "A1,DP-101,2024-01-10\n"
                     << "A2,DP-101," << yesterday << "\n";
  ProcessResult imported = As("T1", {"completions", "import", csv});
  std::remove(csv.c_str());
  ExpectOk(imported);
  ProcessResult listed = server_->Cli({"--output", "json", "people", "list"});
  ExpectOk(listed);
  const std::string watermark = FromJson<v1::ListPeopleResponse>(listed.out).event_watermark();
  ASSERT_FALSE(watermark.empty());

  // The server looks for expiries when it starts (and hourly).
  server_->Stop();
  server_.reset();
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> restarted =
      ServerUnderTest::Start(database(), ServerFlags());
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  server_ = std::move(*restarted);

  ProcessResult watched = server_->Cli({"events", "watch", "--from", watermark, "--type",
                                        "escala.training.certification.", "--count", "1"});
  ExpectOk(watched);
  EXPECT_THAT(watched.out, HasSubstr("escala.training.certification.expired.v1  people/A1  "
                                     "A1 DP expired on 2025-01-10"));
  // The agent sees their own expiry; A2 sees nothing of A1's.
  ProcessResult own = As("A1", {"--output", "json", "events", "watch", "--from", watermark,
                                "--type", "escala.training.", "--count", "1"});
  ExpectOk(own);
  EXPECT_THAT(own.out, HasSubstr("\"certification_id\":\"DP\""));
}

INSTANTIATE_TEST_SUITE_P(Backends, CertificationCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
