// Calendars through the real escala CLI against the real escala-server, on each backend, read
// by an independent parser (Python's icalendar package, Debian's python3-icalendar): a trainer
// schedules a session, a learner enrols; the session's and the learner's calendars keep their
// UIDs across a move and raise SEQUENCE; a withdrawal is a cancellation and a new enrolment new
// UIDs; a session on the day the clocks change is written as the right UTC instant; a
// cancelled session's calendar is a METHOD:CANCEL.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "escala/v1/enrolments.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/training_sessions.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/cli_json.h"
#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

// Prints what it parsed, one line per event: "METHOD UID SEQUENCE DTSTART STATUS" (DTSTART "-"
// when the event has none); every
// calendar object of the stream (a person's schedule has a REQUEST and a CANCEL object).
constexpr char kParser[] = R"(import sys
from icalendar import Calendar

with open(sys.argv[1], 'rb') as f:
    calendars = Calendar.from_ical(f.read(), multiple=True)
for calendar in calendars:
    for event in calendar.walk('VEVENT'):
        start = event.decoded('DTSTART').isoformat() if 'DTSTART' in event else '-'
        print(str(calendar['METHOD']), str(event['UID']), int(event['SEQUENCE']), start,
              str(event['STATUS']))
)";

class CalendarCliEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ExpectOk(Cli({"teams", "create", "--team-id", "t1", "--display-name", "Team one"}));
    for (const auto& [id, role] :
         std::map<std::string, std::string>{{"T1", "trainer"}, {"A1", "agent"}}) {
      ExpectOk(Cli({"people", "create", "--employee-id", id, "--display-name",
                    absl::StrCat("Person ", id), "--role", role, "--level", "1", "--team", "t1"}));
      ProcessResult token =
          Cli({"--output", "json", "tokens", "create", "--principal", absl::StrCat("people/", id)});
      ExpectOk(token);
      tokens_[id] = FromCliJson<v1::CreateTokenResponse>(token.out).secret();
    }
    WriteFile(dir_.File("parse.py"), kParser);
  }

  ProcessResult As(const std::string& who, const std::vector<std::string>& args) {
    return server_->CliAs(tokens_.at(who), args);
  }
  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // The events of the calendar stream `who` gets from the CLI with `args`, as the parser read
  // them.
  std::vector<std::string> Events(const std::string& who, const std::vector<std::string>& args) {
    ProcessResult exported = As(who, args);
    ExpectOk(exported);
    WriteFile(dir_.File("export.ics"), exported.out);
    const ProcessResult parsed =
        RunProcess({"/usr/bin/python3", dir_.File("parse.py"), dir_.File("export.ics")});
    EXPECT_EQ(parsed.exit_code, 0) << "python3 with the icalendar package (python3-icalendar) "
                                      "could not parse the calendar:\n"
                                   << parsed.err << "\n"
                                   << exported.out;
    return absl::StrSplit(parsed.out, '\n', absl::SkipEmpty());
  }

  std::string Schedule(const std::string& block) {
    ProcessResult scheduled =
        As("T1", {"--output", "json", "sessions", "schedule", "L1-ETIQ-101", "--trainers", "T1",
                  "--time-zone", "Europe/Berlin", "--block", block, "--location", "Room 2.14"});
    ExpectOk(scheduled);
    return absl::StrCat(FromCliJson<v1::TrainingSession>(scheduled.out).id());
  }

  std::map<std::string, std::string> tokens_;
  TempDir dir_;
};

TEST_P(CalendarCliEndToEndTest, AMoveKeepsTheUidsAndAWithdrawalCancels) {
  ExpectOk(As("T1", {"courses", "create", "L1-ETIQ-101", "--title", "Phone etiquette", "--duration",
                     "3h", "--kind", "channel-etiquette"}));
  const std::string session = Schedule("2099-01-05T09:00:00+01:00/12:00");
  ProcessResult enrolled = As("A1", {"--output", "json", "enrol", session});
  ExpectOk(enrolled);
  const std::string enrolment = absl::StrCat(FromCliJson<v1::Enrolment>(enrolled.out).id());
  const std::string session_uid = absl::StrCat("session-", session, "-block-1@escala");
  const std::string enrolment_uid = absl::StrCat("enrolment-", enrolment, "-block-1@escala");

  EXPECT_THAT(Events("T1", {"sessions", "ics", session}),
              ElementsAre("REQUEST " + session_uid + " 0 2099-01-05T08:00:00+00:00 CONFIRMED"));
  EXPECT_THAT(Events("A1", {"my", "training", "--ics"}),
              ElementsAre("REQUEST " + enrolment_uid + " 0 2099-01-05T08:00:00+00:00 CONFIRMED"));

  // The session moves a day: same UIDs, one more in SEQUENCE.
  ExpectOk(As("T1", {"sessions", "move", session, "--block", "2099-01-06T09:00:00+01:00/12:00"}));
  EXPECT_THAT(Events("T1", {"sessions", "ics", session}),
              ElementsAre("REQUEST " + session_uid + " 1 2099-01-06T08:00:00+00:00 CONFIRMED"));
  EXPECT_THAT(Events("A1", {"my", "training", "--ics"}),
              ElementsAre("REQUEST " + enrolment_uid + " 1 2099-01-06T08:00:00+00:00 CONFIRMED"));
  // The trainer's own schedule holds the session under the session's UIDs.
  EXPECT_THAT(Events("T1", {"calendar", "T1", "--ics"}),
              ElementsAre("REQUEST " + session_uid + " 1 2099-01-06T08:00:00+00:00 CONFIRMED"));

  // A withdrawal cancels the learner's events; enrolling again invites with new UIDs.
  ExpectOk(As("A1", {"withdraw", enrolment}));
  EXPECT_THAT(Events("A1", {"my", "training", "--ics"}),
              ElementsAre("CANCEL " + enrolment_uid + " 2 2099-01-06T08:00:00+00:00 CANCELLED"));
  ProcessResult again = As("A1", {"--output", "json", "enrol", session});
  ExpectOk(again);
  const std::string new_uid =
      absl::StrCat("enrolment-", FromCliJson<v1::Enrolment>(again.out).id(), "-block-1@escala");
  EXPECT_NE(new_uid, enrolment_uid);
  EXPECT_THAT(Events("A1", {"my", "training", "--ics"}),
              ElementsAre("REQUEST " + new_uid + " 1 2099-01-06T08:00:00+00:00 CONFIRMED",
                          "CANCEL " + enrolment_uid + " 2 2099-01-06T08:00:00+00:00 CANCELLED"));

  // `my training` lists both enrolments with their states.
  ProcessResult mine = As("A1", {"--output", "csv", "my", "training"});
  ExpectOk(mine);
  EXPECT_THAT(mine.out, HasSubstr(absl::StrCat(enrolment, ",", session, ",L1-ETIQ-101")));
  EXPECT_THAT(mine.out, HasSubstr("withdrawn"));
  EXPECT_THAT(mine.out, HasSubstr("booked"));

  // A learner reaches only their own calendar.
  ProcessResult other = As("A1", {"calendar", "T1", "--ics"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("NOT_FOUND"));

  // A cancelled session is a METHOD:CANCEL, its sequence one higher again.
  ExpectOk(As("T1", {"sessions", "cancel", session, "--reason", "Trainer ill"}));
  EXPECT_THAT(Events("T1", {"sessions", "ics", session}),
              ElementsAre("CANCEL " + session_uid + " 2 2099-01-06T08:00:00+00:00 CANCELLED"));
  EXPECT_THAT(Events("A1", {"my", "training", "--ics"}),
              ElementsAre("CANCEL " + enrolment_uid + " 3 2099-01-06T08:00:00+00:00 CANCELLED",
                          "CANCEL " + new_uid + " 3 2099-01-06T08:00:00+00:00 CANCELLED"));
}

TEST_P(CalendarCliEndToEndTest, ARemovedBlockIsCancelledInTheCalendarsThatHeldIt) {
  ExpectOk(As("T1", {"courses", "create", "L1-ETIQ-101", "--title", "Phone etiquette", "--duration",
                     "3h", "--kind", "channel-etiquette"}));
  ProcessResult scheduled =
      As("T1", {"--output", "json", "sessions", "schedule", "L1-ETIQ-101", "--trainers", "T1",
                "--time-zone", "UTC", "--block", "2099-02-01T09:00:00Z/12:00", "--block",
                "2099-02-02T09:00:00Z/12:00", "--location", "Room 2.14"});
  ExpectOk(scheduled);
  const std::string session = absl::StrCat(FromCliJson<v1::TrainingSession>(scheduled.out).id());
  ProcessResult enrolled = As("A1", {"--output", "json", "enrol", session});
  ExpectOk(enrolled);
  const std::string enrolment = absl::StrCat(FromCliJson<v1::Enrolment>(enrolled.out).id());
  const std::string session_uid = "session-" + session + "-block-";
  const std::string enrolment_uid = "enrolment-" + enrolment + "-block-";
  // The second day is dropped: both calendars still hold invitations numbered 1 and 2.
  ExpectOk(As("T1", {"sessions", "move", session, "--block", "2099-02-01T09:00:00Z/12:00"}));
  EXPECT_THAT(
      Events("T1", {"sessions", "ics", session}),
      ElementsAre("REQUEST " + session_uid + "1@escala 1 2099-02-01T09:00:00+00:00 CONFIRMED",
                  "CANCEL " + session_uid + "2@escala 1 - CANCELLED"));
  EXPECT_THAT(
      Events("A1", {"my", "training", "--ics"}),
      ElementsAre("REQUEST " + enrolment_uid + "1@escala 1 2099-02-01T09:00:00+00:00 CONFIRMED",
                  "CANCEL " + enrolment_uid + "2@escala 1 - CANCELLED"));
  // A block added back later is a new invitation under the number it takes, sequence raised.
  ExpectOk(As("T1", {"sessions", "move", session, "--block", "2099-02-01T09:00:00Z/12:00",
                     "--block", "2099-02-03T09:00:00Z/12:00"}));
  EXPECT_THAT(
      Events("T1", {"sessions", "ics", session}),
      ElementsAre("REQUEST " + session_uid + "1@escala 2 2099-02-01T09:00:00+00:00 CONFIRMED",
                  "REQUEST " + session_uid + "2@escala 2 2099-02-03T09:00:00+00:00 CONFIRMED"));
}

TEST_P(CalendarCliEndToEndTest, ASessionOnTheDayTheClocksChangeIsItsUtcInstant) {
  ExpectOk(As("T1", {"courses", "create", "L1-ETIQ-101", "--title", "Phone etiquette", "--duration",
                     "3h", "--kind", "channel-etiquette"}));
  // 09:00 in Berlin on 2027-03-28, after the clocks went forward at 02:00: 07:00Z.
  const std::string session = Schedule("2027-03-28T09:00:00+02:00/12:00");
  EXPECT_THAT(Events("T1", {"sessions", "ics", session}),
              ElementsAre(absl::StrCat("REQUEST session-", session,
                                       "-block-1@escala 0 2027-03-28T07:00:00+00:00 CONFIRMED")));
  ProcessResult shown = As("T1", {"sessions", "show", session});
  ExpectOk(shown);
  EXPECT_THAT(shown.out, HasSubstr("2027-03-28 09:00–12:00"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CalendarCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
