// The training catalogue through the real escala CLI against the real escala-server, on each
// backend: a trainer creates, versions and retires courses; agents read the catalogue and may
// not change it; a repeated request_id makes one course; errors name the CLI's flags.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "escala/v1/courses.pb.h"
#include "escala/v1/identity.pb.h"
#include "escala/v1/training_sessions.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/cli_json.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::escala::testing::IsOkAndHolds;
using ::testing::HasSubstr;
using ::testing::Not;

class CourseCliEndToEndTest : public ServerUnderTestFixture {
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
  }

  ProcessResult As(const std::string& who, const std::vector<std::string>& args) {
    return server_->CliAs(tokens_.at(who), args);
  }
  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // A course created by the trainer T1: channel etiquette of 90 minutes unless `extra` gives
  // another --kind.
  v1::Course CreateCourse(const std::string& id, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"--output",        "json",       "courses",
                                     "create",          id,           "--title",
                                     "Phone etiquette", "--duration", "1h30m"};
    if (std::find(extra.begin(), extra.end(), "--kind") == extra.end()) {
      args.insert(args.end(), {"--kind", "channel-etiquette"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    ProcessResult r = As("T1", args);
    ExpectOk(r);
    return FromCliJson<v1::Course>(r.out);
  }

  std::map<std::string, std::string> tokens_;
};

TEST_P(CourseCliEndToEndTest, ATrainerVersionsACourseAndAgentsReadTheCatalogue) {
  v1::Course created = CreateCourse(
      "L1-ETIQ-101", {"--roles", "agent;specialist", "--levels", "1", "--pass-mark", "80",
                      "--criteria", "greeting;closing", "--description", "Hold, transfer, close"});
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(created.planned_duration().seconds(), 90 * 60);
  EXPECT_EQ(created.pass_mark_percent(), 80);
  EXPECT_EQ(created.created_by(), "people/T1");

  ProcessResult updated =
      As("T1", {"--output", "json", "courses", "update", "L1-ETIQ-101", "--title",
                "Phone etiquette II", "--pass-mark", "none", "--etag", created.etag()});
  ExpectOk(updated);
  const v1::Course second = FromCliJson<v1::Course>(updated.out);
  EXPECT_EQ(second.version(), 2);
  EXPECT_FALSE(second.has_pass_mark_percent());
  EXPECT_EQ(second.description(), "Hold, transfer, close");

  // The old etag is stale now.
  ProcessResult stale =
      As("T1", {"courses", "update", "L1-ETIQ-101", "--title", "Third", "--etag", created.etag()});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("ABORTED"));

  ProcessResult show = As("A1", {"courses", "show", "L1-ETIQ-101", "--version", "1"});
  ExpectOk(show);
  EXPECT_THAT(show.out, HasSubstr("Phone etiquette"));
  EXPECT_THAT(show.out, HasSubstr("80%"));
  EXPECT_THAT(show.out, HasSubstr("1h30m"));

  ProcessResult versions = As("A1", {"courses", "versions", "L1-ETIQ-101"});
  ExpectOk(versions);
  EXPECT_THAT(versions.out, HasSubstr("Phone etiquette II"));

  CreateCourse("L2-CRISIS", {"--roles", "specialist", "--kind", "crisis-handling"});
  ProcessResult for_agents = As("A1", {"courses", "list", "--role", "agent"});
  ExpectOk(for_agents);
  EXPECT_THAT(for_agents.out, HasSubstr("L1-ETIQ-101"));
  EXPECT_THAT(for_agents.out, Not(HasSubstr("L2-CRISIS")));
  ProcessResult csv = As("A1", {"--output", "csv", "courses", "list", "--kind", "crisis-handling"});
  ExpectOk(csv);
  EXPECT_THAT(csv.out, HasSubstr("COURSE ID,"));
  EXPECT_THAT(csv.out, HasSubstr("L2-CRISIS"));
  EXPECT_THAT(csv.out, Not(HasSubstr("L1-ETIQ-101")));

  // Agents read the catalogue but do not write it.
  ProcessResult denied = As("A1", {"courses", "retire", "L2-CRISIS", "--reason", "mine"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_THAT(denied.err, HasSubstr("PERMISSION_DENIED"));

  ProcessResult retired =
      As("T1", {"--output", "json", "courses", "retire", "L2-CRISIS", "--reason", "merged"});
  ExpectOk(retired);
  EXPECT_EQ(FromCliJson<v1::Course>(retired.out).state(), v1::COURSE_STATE_RETIRED);
  ProcessResult active = As("A1", {"courses", "list", "--state", "active"});
  ExpectOk(active);
  EXPECT_THAT(active.out, Not(HasSubstr("L2-CRISIS")));
  // A retired course is no prerequisite.
  ProcessResult prerequisite =
      As("T1", {"courses", "create", "L3-LEAD", "--title", "Leading", "--kind", "theory",
                "--duration", "2h", "--prerequisites", "L1-ETIQ-101;L2-CRISIS"});
  EXPECT_EQ(prerequisite.exit_code, 1);
  EXPECT_THAT(prerequisite.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(prerequisite.err, HasSubstr("'L2-CRISIS' is retired"));
}

TEST_P(CourseCliEndToEndTest, ErrorsNameTheFlags) {
  ProcessResult bad = As("T1", {"courses", "create", "C1", "--title", "T", "--kind", "theory",
                                "--duration", "90s", "--levels", "12", "--pass-mark", "0"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(bad.err, HasSubstr("--duration: must be a whole number of minutes"));
  EXPECT_THAT(bad.err, HasSubstr("--pass-mark: must be between 1 and 100"));
  ProcessResult usage = As(
      "T1", {"courses", "create", "C1", "--title", "T", "--kind", "lecture", "--duration", "1h"});
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_THAT(usage.err, HasSubstr("--kind"));
}

TEST_P(CourseCliEndToEndTest, ARepeatedRequestIdReturnsTheSameCourseOnce) {
  const v1::Course first = CreateCourse("L1-RETRY", {"--request-id", "retry-course-1"});
  const v1::Course again = CreateCourse("L1-RETRY", {"--request-id", "retry-course-1"});
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM course_versions"), IsOkAndHolds(1));
  EXPECT_THAT(
      database().QueryInt("SELECT COUNT(*) FROM audit_events WHERE resource_type = 'course'"),
      IsOkAndHolds(1));
  // The same key for another course is refused, naming it.
  ProcessResult refused =
      As("T1", {"courses", "create", "L1-OTHER", "--title", "Other", "--kind", "theory",
                "--duration", "1h", "--request-id", "retry-course-1"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("ALREADY_EXISTS"));
  EXPECT_THAT(refused.err, HasSubstr("'retry-course-1'"));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM courses"), IsOkAndHolds(1));
}

TEST_P(CourseCliEndToEndTest, ATrainerIsNotScheduledIntoTwoSessionsAtOnce) {
  CreateCourse("L1-ETIQ-101");
  auto schedule = [&](const std::string& block, const std::vector<std::string>& extra) {
    std::vector<std::string> args = {
        "--output", "json", "sessions",    "schedule", "L1-ETIQ-101", "--trainers", "T1",
        "--block",  block,  "--time-zone", "UTC",      "--location",  "Room 1"};
    args.insert(args.end(), extra.begin(), extra.end());
    return As("T1", args);
  };
  ProcessResult first = schedule("2099-03-02T09:00:00Z/12:00", {});
  ExpectOk(first);
  const std::string first_id = absl::StrCat(FromCliJson<v1::TrainingSession>(first.out).id());
  // Back to back (half-open blocks) is fine.
  ExpectOk(schedule("2099-03-02T12:00:00Z/13:00", {}));
  // A minute of overlap is refused, naming the trainer, the other session and its block.
  ProcessResult refused = schedule("2099-03-02T11:59:00Z/12:30", {});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(refused.err,
              HasSubstr("T1 trains training session " + first_id +
                        ", whose block 2099-03-02T09:00:00Z–2099-03-02T12:00:00Z overlaps"));
  EXPECT_THAT(refused.err, HasSubstr("--override-conflicts"));
  EXPECT_THAT(database().QueryInt("SELECT COUNT(*) FROM training_sessions"), IsOkAndHolds(2));
  // --override-conflicts schedules it; the audit event records what was overridden.
  ProcessResult anyway = schedule("2099-03-02T11:59:00Z/12:30", {"--override-conflicts"});
  ExpectOk(anyway);
  const v1::TrainingSession overridden = FromCliJson<v1::TrainingSession>(anyway.out);
  EXPECT_EQ(overridden.schedule_conflicts_size(), 2);
  EXPECT_THAT(database().QueryInt(absl::StrCat(
                  "SELECT COUNT(*) FROM audit_events WHERE resource_name = 'trainingSessions/",
                  overridden.id(), "' AND after_json LIKE '%schedule_conflicts%'")),
              IsOkAndHolds(1));
  // Moving the session onto the first one's morning is refused the same way.
  ProcessResult moved = As("T1", {"sessions", "move", absl::StrCat(overridden.id()), "--block",
                                  "2099-03-02T10:00:00Z/11:00"});
  EXPECT_EQ(moved.exit_code, 1);
  EXPECT_THAT(moved.err, HasSubstr("T1 trains training session " + first_id));
}

TEST_P(CourseCliEndToEndTest, ATrainerSchedulesMovesAndCancelsASession) {
  CreateCourse("L1-ETIQ-101");
  // 09:00–12:00 and 13:00–15:00 Berlin time (UTC+1 in January), two seats.
  ProcessResult scheduled =
      As("T1", {"--output", "json", "sessions", "schedule", "L1-ETIQ-101", "--trainers", "T1",
                "--block", "2099-01-05T09:00:00+01:00/12:00", "--block",
                "2099-01-05T13:00:00+01:00/15:00", "--time-zone", "Europe/Berlin", "--location",
                "Room 2.14", "--capacity", "2", "--waitlist", "yes"});
  ExpectOk(scheduled);
  const v1::TrainingSession session = FromCliJson<v1::TrainingSession>(scheduled.out);
  ASSERT_GT(session.id(), 0);
  EXPECT_EQ(session.state(), v1::TRAINING_SESSION_STATE_SCHEDULED);
  EXPECT_EQ(session.capacity(), 2);
  EXPECT_EQ(session.course_version(), 1);
  ASSERT_EQ(session.blocks_size(), 2);
  EXPECT_EQ(session.blocks(0).start_time().seconds() % 86400, 8 * 3600);
  const std::string id = absl::StrCat(session.id());

  ProcessResult show = As("A1", {"sessions", "show", id});
  ExpectOk(show);
  EXPECT_THAT(show.out, HasSubstr("2099-01-05 09:00–12:00"));
  EXPECT_THAT(show.out, HasSubstr("Europe/Berlin"));
  ProcessResult list = As("A1", {"sessions", "list", "--course", "L1-ETIQ-101"});
  ExpectOk(list);
  EXPECT_THAT(list.out, HasSubstr("Room 2.14"));

  // Blocks that overlap are refused, naming the flag.
  ProcessResult overlap = As("T1", {"sessions", "move", id, "--block", "2099-01-06T09:00:00Z/12:00",
                                    "--block", "2099-01-06T11:00:00Z/13:00"});
  EXPECT_EQ(overlap.exit_code, 1);
  EXPECT_THAT(overlap.err, HasSubstr("overlaps"));
  ProcessResult moved =
      As("T1", {"--output", "json", "sessions", "move", id, "--block", "2099-01-06T09:00:00Z/12:00",
                "--capacity", "unlimited", "--etag", session.etag()});
  ExpectOk(moved);
  EXPECT_EQ(FromCliJson<v1::TrainingSession>(moved.out).blocks_size(), 1);
  EXPECT_FALSE(FromCliJson<v1::TrainingSession>(moved.out).has_capacity());

  ProcessResult denied = As("A1", {"sessions", "cancel", id, "--reason", "mine"});
  EXPECT_EQ(denied.exit_code, 1);
  EXPECT_THAT(denied.err, HasSubstr("PERMISSION_DENIED"));
  ProcessResult early = As("T1", {"sessions", "close", id});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.err, HasSubstr("SCHEDULED"));
  ProcessResult cancelled =
      As("T1", {"--output", "json", "sessions", "cancel", id, "--reason", "Trainer ill"});
  ExpectOk(cancelled);
  EXPECT_EQ(FromCliJson<v1::TrainingSession>(cancelled.out).state(),
            v1::TRAINING_SESSION_STATE_CANCELLED);

  // A session delivered in the past can be closed.
  ProcessResult past = As("T1", {"--output", "json", "sessions", "schedule", "L1-ETIQ-101",
                                 "--trainers", "T1", "--block", "2020-01-06T09:00:00Z/12:00",
                                 "--time-zone", "UTC", "--video-link", "https://meet.example/x"});
  ExpectOk(past);
  const v1::TrainingSession delivered = FromCliJson<v1::TrainingSession>(past.out);
  EXPECT_EQ(delivered.state(), v1::TRAINING_SESSION_STATE_DELIVERED);
  ProcessResult closed = As("T1", {"sessions", "close", absl::StrCat(delivered.id())});
  ExpectOk(closed);
  EXPECT_THAT(closed.out, HasSubstr("closed"));
  ProcessResult by_state = As("A1", {"sessions", "list", "--state", "closed"});
  ExpectOk(by_state);
  EXPECT_THAT(by_state.out, HasSubstr("meet.example"));
}

INSTANTIATE_TEST_SUITE_P(Backends, CourseCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
