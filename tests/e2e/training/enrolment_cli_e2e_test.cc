// Enrolments through the real escala CLI against the real escala-server, on each backend: a
// trainer schedules a two-seat session, three agents enrol (two booked, one waitlisted first in
// line), a booked one withdraws and the third is booked; the roster and the history show it.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/people.pb.h"
#include "escala/v1/training_sessions.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/cli_json.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class EnrolmentCliEndToEndTest : public ServerUnderTestFixture {
 protected:
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

  v1::Enrolment Enrol(const std::string& who, const std::string& session) {
    ProcessResult r = As(who, {"--output", "json", "enrol", session});
    ExpectOk(r);
    return FromCliJson<v1::Enrolment>(r.out);
  }

  std::map<std::string, std::string> tokens_;
};

TEST_P(EnrolmentCliEndToEndTest, AFreedSeatGoesToTheHeadOfTheWaitlist) {
  ExpectOk(As("T1", {"courses", "create", "L1-ETIQ-101", "--title", "Phone etiquette", "--duration",
                     "1h30m", "--kind", "channel-etiquette"}));
  ProcessResult scheduled =
      As("T1", {"--output", "json", "sessions", "schedule", "L1-ETIQ-101", "--trainers", "T1",
                "--time-zone", "Europe/Berlin", "--block", "2099-01-05T09:00:00+01:00/12:00",
                "--location", "Room 2.14", "--capacity", "2", "--waitlist", "yes"});
  ExpectOk(scheduled);
  const std::string session = absl::StrCat(FromCliJson<v1::TrainingSession>(scheduled.out).id());

  const v1::Enrolment a1 = Enrol("A1", session);
  const v1::Enrolment a2 = Enrol("A2", session);
  const v1::Enrolment a3 = Enrol("A3", session);
  EXPECT_EQ(a1.state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(a2.state(), v1::ENROLMENT_STATE_BOOKED);
  EXPECT_EQ(a3.state(), v1::ENROLMENT_STATE_WAITLISTED);
  EXPECT_EQ(a3.waitlist_position(), 1);

  ProcessResult roster = As("T1", {"sessions", "roster", session});
  ExpectOk(roster);
  EXPECT_THAT(roster.out, HasSubstr("Person A3"));
  EXPECT_THAT(roster.out, HasSubstr("waitlisted"));
  for (absl::string_view line : absl::StrSplit(roster.out, '\n')) {
    EXPECT_LE(line.size(), 80u) << line;
  }

  // A1 withdraws by session; A3 moves up.
  ProcessResult withdrawn =
      As("A1", {"--output", "json", "withdraw", "--session", session, "--reason", "sick"});
  ExpectOk(withdrawn);
  EXPECT_EQ(FromCliJson<v1::Enrolment>(withdrawn.out).state(), v1::ENROLMENT_STATE_WITHDRAWN);

  ProcessResult after = As("T1", {"--output", "csv", "sessions", "roster", session});
  ExpectOk(after);
  EXPECT_THAT(after.out, HasSubstr("A1,Person A1,withdrawn"));
  EXPECT_THAT(after.out, HasSubstr("A3,Person A3,booked"));
  EXPECT_THAT(after.out, Not(HasSubstr("waitlisted")));

  ProcessResult history = As("A3", {"enrolments", "history", absl::StrCat(a3.id())});
  ExpectOk(history);
  EXPECT_THAT(history.out, HasSubstr("waitlisted"));
  EXPECT_THAT(history.out, HasSubstr("booked"));
  EXPECT_THAT(history.out, HasSubstr("people/A1"));

  // An agent's withdrawal of someone else's enrolment is out of reach.
  ProcessResult other = As("A2", {"withdraw", absl::StrCat(a3.id())});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("NOT_FOUND"));
  // Errors name the CLI's own flags.
  ProcessResult bad = As("T1", {"enrol", session, "--person", "bad id!"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("--person"));
}

// The event feed carries every enrolment change in commit order, the waitlist promotion that a
// withdrawal causes included; an agent sees only their own.
TEST_P(EnrolmentCliEndToEndTest, TheFeedCarriesEachEnrolmentChangeInCommitOrder) {
  ProcessResult listed = Cli({"--output", "json", "people", "list"});
  ExpectOk(listed);
  const std::string start = FromCliJson<v1::ListPeopleResponse>(listed.out).event_watermark();
  ASSERT_FALSE(start.empty());
  ExpectOk(As("T1", {"courses", "create", "L1-ETIQ-101", "--title", "Phone etiquette", "--duration",
                     "1h30m", "--kind", "channel-etiquette"}));
  ProcessResult scheduled =
      As("T1", {"--output", "json", "sessions", "schedule", "L1-ETIQ-101", "--trainers", "T1",
                "--time-zone", "Europe/Berlin", "--block", "2099-01-05T09:00:00+01:00/12:00",
                "--location", "Room 2.14", "--capacity", "1", "--waitlist", "yes"});
  ASSERT_EQ(scheduled.exit_code, 0) << scheduled.err;
  const std::string session = absl::StrCat(FromCliJson<v1::TrainingSession>(scheduled.out).id());
  Enrol("A1", session);
  Enrol("A3", session);
  ExpectOk(As("A1", {"withdraw", "--session", session, "--reason", "sick"}));

  ProcessResult all = Cli(
      {"events", "watch", "--from", start, "--type", "escala.training.enrolment.", "--count", "4"});
  ExpectOk(all);
  const std::vector<std::string> lines = absl::StrSplit(all.out, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 4u) << all.out;
  const std::string in = absl::StrCat(" session ", session, " ");
  EXPECT_THAT(lines[0], HasSubstr(absl::StrCat("enrolment.created.v1")));
  EXPECT_THAT(lines[0], HasSubstr(absl::StrCat("A1", in, "new -> booked")));
  EXPECT_THAT(lines[1], HasSubstr(absl::StrCat("A3", in, "new -> waitlisted")));
  EXPECT_THAT(lines[2], HasSubstr("enrolment.cancelled.v1"));
  EXPECT_THAT(lines[2], HasSubstr(absl::StrCat("A1", in, "booked -> withdrawn")));
  EXPECT_THAT(lines[3], HasSubstr("enrolment.changed.v1"));
  EXPECT_THAT(lines[3], HasSubstr(absl::StrCat("A3", in, "waitlisted -> booked")));

  ProcessResult own = As("A3", {"events", "watch", "--from", start, "--count", "2"});
  ExpectOk(own);
  EXPECT_THAT(own.out, HasSubstr("A3 session"));
  EXPECT_THAT(own.out, Not(HasSubstr("A1 session")));
}

INSTANTIATE_TEST_SUITE_P(Backends, EnrolmentCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
