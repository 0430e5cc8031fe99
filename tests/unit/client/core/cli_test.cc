// The command line up to the point where a request would be sent. The server address points at
// a port nothing listens on, so any test that reached the network would see UNAVAILABLE.

#include "client/cli.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace escala::client {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kNowhere[] = "--server=127.0.0.1:1";

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome RunEscala(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

class CliTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }
  std::string Write(const std::string& suffix, const std::string& text) {
    char pattern[] = "/tmp/escala_cli_test_XXXXXX";
    const int fd = mkstemp(pattern);
    EXPECT_GE(fd, 0);
    close(fd);
    std::remove(pattern);
    const std::string path = std::string(pattern) + suffix;
    std::ofstream(path, std::ios::binary) << text;
    files_.push_back(path);
    return path;
  }
  std::vector<std::string> files_;
};

TEST_F(CliTest, HelpAtEveryLevelExitsZeroAndDocumentsFlags) {
  Outcome top = RunEscala({"--help"});
  EXPECT_EQ(top.code, 0);
  EXPECT_THAT(top.out, HasSubstr("--server HOST:PORT"));
  EXPECT_THAT(top.out, HasSubstr("interactions"));
  Outcome group = RunEscala({"people", "--help"});
  EXPECT_EQ(group.code, 0);
  EXPECT_THAT(group.out, HasSubstr("import"));
  Outcome verb = RunEscala({"interactions", "import", "--help"});
  EXPECT_EQ(verb.code, 0);
  EXPECT_THAT(verb.out, HasSubstr("--mode keep-valid|all-or-nothing"));
  EXPECT_THAT(verb.out, HasSubstr("--batch N"));
  EXPECT_THAT(RunEscala({"health", "--help"}).out, HasSubstr("SERVING"));
}

TEST_F(CliTest, UsageErrorsExitTwoWithReasonAndHint) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {},
           {"robots"},
           {"people"},
           {"people", "fire"},
           {"people", "list", "--colour", "red"},
           {"people", "get"},
           {"people", "get", "a", "b"},
           {"--output", "yaml", "health"},
           {"--timeout", "-1", "health"},
           {"interactions", "get", "abc"},
           {"people", "list", "--level", "three"},
           {"interactions", "list", "--from", "yesterday"},
       }) {
    Outcome outcome = RunEscala(args);
    EXPECT_EQ(outcome.code, 2) << testing::PrintToString(args);
    EXPECT_THAT(outcome.err, HasSubstr("--help")) << outcome.err;
    EXPECT_THAT(outcome.out, IsEmpty());
  }
}

TEST_F(CliTest, GlobalFlagAfterTheCommandGetsAHint) {
  Outcome outcome = RunEscala({"people", "list", "--output", "json"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("go before the command"));
}

TEST_F(CliTest, CreateWithoutRequiredFlagIsAUsageError) {
  Outcome outcome = RunEscala({kNowhere, "people", "create", "--employee-id", "e1"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--display-name"));
}

TEST_F(CliTest, UpdateWithoutFieldFlagsIsAUsageError) {
  EXPECT_EQ(RunEscala({kNowhere, "people", "update", "e1"}).code, 2);
  EXPECT_EQ(RunEscala({kNowhere, "teams", "update", "t1"}).code, 2);
  EXPECT_EQ(RunEscala({kNowhere, "interactions", "update", "7"}).code, 2);
}

TEST_F(CliTest, BadFieldValueIsAUsageErrorNamingTheFlag) {
  Outcome outcome = RunEscala({kNowhere, "interactions", "update", "7", "--channel", "fax"});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("--channel: 'fax'"));
}

TEST_F(CliTest, InteractionCreateNeedsFileOrFieldsButNotBoth) {
  EXPECT_EQ(RunEscala({kNowhere, "interactions", "create"}).code, 2);
  EXPECT_EQ(
      RunEscala({kNowhere, "interactions", "create", "--file", "x.json", "--channel", "phone"})
          .code,
      2);
}

TEST_F(CliTest, FailedRequestPrintsCodeAndExitsOne) {
  Outcome outcome = RunEscala({kNowhere, "--timeout", "5", "people", "get", "e1"});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_THAT(outcome.err, StartsWith("UNAVAILABLE: "));
}

TEST_F(CliTest, ImportWithBadHeaderSendsNothingAndExitsTwo) {
  const std::string path = Write(".csv", "channel,direction,priority,agent_employee_id\n");
  Outcome outcome = RunEscala({kNowhere, "interactions", "import", path});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("start_time"));
  EXPECT_THAT(outcome.err, Not(HasSubstr("UNAVAILABLE")));
}

TEST_F(CliTest, ImportWithUnknownColumnSendsNothingAndExitsTwo) {
  const std::string path =
      Write(".csv", "channel,direction,priority,agent_employee_id,start_time,mood\n");
  Outcome outcome = RunEscala({kNowhere, "interactions", "import", path});
  EXPECT_EQ(outcome.code, 2);
  EXPECT_THAT(outcome.err, HasSubstr("'mood'"));
}

TEST_F(CliTest, AllOrNothingWithABadRowSendsNothing) {
  const std::string path = Write(".csv",
                                 "channel,direction,priority,agent_employee_id,start_time\n"
                                 "phone,inbound,high,e1,2026-11-01T09:15:00Z\n"
                                 "phone,sideways,high,e1,2026-11-01T09:15:00Z\n");
  Outcome outcome =
      RunEscala({kNowhere, "interactions", "import", path, "--mode", "all-or-nothing"});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_EQ(outcome.out, "received 2, imported 0, already present 0, rejected 1\n");
  EXPECT_THAT(outcome.err, HasSubstr("line 3: direction: 'sideways'"));
  EXPECT_THAT(outcome.err, Not(HasSubstr("UNAVAILABLE")));
}

TEST_F(CliTest, KeepValidWithNothingValidSendsNothing) {
  const std::string path = Write(".csv",
                                 "channel,direction,priority,agent_employee_id,start_time\n"
                                 "phone,inbound,high,e1,not-a-time\n");
  Outcome outcome = RunEscala({kNowhere, "interactions", "import", path});
  EXPECT_EQ(outcome.code, 1);
  EXPECT_EQ(outcome.out, "received 1, imported 0, already present 0, rejected 1\n");
  EXPECT_THAT(outcome.err, HasSubstr("line 2: start_time: "));
  EXPECT_THAT(outcome.err, Not(HasSubstr("UNAVAILABLE")));
}

TEST_F(CliTest, ImportOptionsAreChecked) {
  const std::string path = Write(".csv", "channel\n");
  EXPECT_EQ(RunEscala({kNowhere, "interactions", "import", path, "--mode", "some"}).code, 2);
  EXPECT_EQ(RunEscala({kNowhere, "interactions", "import", path, "--batch", "0"}).code, 2);
  EXPECT_EQ(RunEscala({kNowhere, "interactions", "import", Write(".txt", "")}).code, 2);
  EXPECT_EQ(RunEscala({kNowhere, "people", "import", "/nonexistent/people.csv"}).code, 2);
}

}  // namespace
}  // namespace escala::client
