// The global connection flags and the token commands up to the point where a request would be
// sent. HOME and XDG_CONFIG_HOME point into a temporary directory, so the user's config file and
// environment play no part.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/cli.h"
#include "client/core/config_file.h"

namespace escala::client {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct FlagsOutcome {
  int code;
  std::string out;
  std::string err;
};

FlagsOutcome RunEscalaWithFlags(const std::vector<std::string>& args) {
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunCli(args, out, err);
  return {code, out.str(), err.str()};
}

class ConnectionFlagsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/escala_connection_flags_test_XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    setenv("HOME", dir_.c_str(), 1);
    setenv("XDG_CONFIG_HOME", (dir_ + "/xdg").c_str(), 1);
    for (const char* name : {"ESCALA_SERVER", "ESCALA_TOKEN", "ESCALA_CA_CERT"}) unsetenv(name);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string ConfigPath() const { return dir_ + "/xdg/escala/config"; }
  void WriteConfig(const std::string& text) {
    ASSERT_TRUE(WritePrivateConfigFile(ConfigPath(), text).ok());
  }

  std::string dir_;
};

TEST_F(ConnectionFlagsTest, TokenInClearTextToRemoteServerIsAUsageError) {
  FlagsOutcome r =
      RunEscalaWithFlags({"--server", "escala.example:50051", "--token", "s3cret", "health"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("refusing to send the token in clear text"));
  EXPECT_THAT(r.err, HasSubstr("--plaintext"));
  EXPECT_THAT(r.err + r.out, Not(HasSubstr("s3cret")));
}

TEST_F(ConnectionFlagsTest, TokenFromConfigFileIsRefusedToRemoteServerToo) {
  WriteConfig("server = escala.example:50051\ntoken = from-file\n");
  FlagsOutcome r = RunEscalaWithFlags({"teams", "list"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("escala.example:50051"));
  EXPECT_THAT(r.err, Not(HasSubstr("from-file")));
}

TEST_F(ConnectionFlagsTest, EnvironmentTokenIsRefusedToRemoteServer) {
  setenv("ESCALA_TOKEN", "from-env", 1);
  FlagsOutcome r = RunEscalaWithFlags({"--server", "10.20.30.40:50051", "whoami"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("clear text"));
}

TEST_F(ConnectionFlagsTest, PlaintextConflictsWithTlsOptions) {
  for (const std::vector<std::string>& tls : std::vector<std::vector<std::string>>{
           {"--tls"}, {"--ca-cert", "/ca.pem"}, {"--client-cert", "/c.pem"}}) {
    std::vector<std::string> args = {"--plaintext"};
    args.insert(args.end(), tls.begin(), tls.end());
    args.push_back("health");
    FlagsOutcome r = RunEscalaWithFlags(args);
    EXPECT_EQ(r.code, 2) << tls[0];
    EXPECT_THAT(r.err, HasSubstr("--plaintext cannot be combined")) << tls[0];
  }
}

TEST_F(ConnectionFlagsTest, ClientCertificateNeedsKey) {
  FlagsOutcome r = RunEscalaWithFlags({"--client-cert", "/c.pem", "health"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--client-key is missing"));
}

TEST_F(ConnectionFlagsTest, UnreadableCaFileNamesTheFlag) {
  FlagsOutcome r = RunEscalaWithFlags({"--ca-cert", dir_ + "/none.pem", "health"});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, HasSubstr("--ca-cert: cannot read"));
}

TEST_F(ConnectionFlagsTest, LogoutRemovesOnlyTheTokenLineWhateverTheTlsSettings) {
  WriteConfig("# mine\nserver = 127.0.0.1:1\ntoken = saved\n");
  FlagsOutcome r = RunEscalaWithFlags({"--ca-cert", dir_ + "/none.pem", "logout"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("token removed"));
  EXPECT_EQ(ReadConfigFile(ConfigPath()).value(), "# mine\nserver = 127.0.0.1:1\n");

  FlagsOutcome again = RunEscalaWithFlags({"logout"});
  EXPECT_EQ(again.code, 0);
  EXPECT_THAT(again.out, HasSubstr("no token saved"));
}

TEST_F(ConnectionFlagsTest, LoginSavesNothingWhenTheServerCannotBeAsked) {
  const std::string token_file = dir_ + "/token";
  std::ofstream(token_file) << "abc123\n";
  FlagsOutcome r = RunEscalaWithFlags(
      {"--server", "127.0.0.1:1", "--timeout", "5", "login", "--token-file", token_file});
  EXPECT_EQ(r.code, 1);
  EXPECT_THAT(r.err, HasSubstr("UNAVAILABLE"));
  EXPECT_FALSE(std::filesystem::exists(ConfigPath()));
}

TEST_F(ConnectionFlagsTest, LoginRejectsMissingOrMalformedTokenFiles) {
  FlagsOutcome missing = RunEscalaWithFlags({"login", "--token-file", dir_ + "/none"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_THAT(missing.err, HasSubstr("--token-file: cannot read"));

  const std::string blank = dir_ + "/blank";
  std::ofstream(blank) << "\n";
  EXPECT_EQ(RunEscalaWithFlags({"login", "--token-file", blank}).code, 2);

  const std::string spaced = dir_ + "/spaced";
  std::ofstream(spaced) << "two words\n";
  FlagsOutcome r = RunEscalaWithFlags({"login", "--token-file", spaced});
  EXPECT_EQ(r.code, 2);
  EXPECT_THAT(r.err, Not(HasSubstr("two words")));
}

TEST_F(ConnectionFlagsTest, HelpDocumentsTheConnectionFlagsAndCommands) {
  FlagsOutcome r = RunEscalaWithFlags({"--help"});
  for (const char* text : {"--token TOKEN", "--ca-cert FILE", "--tls", "--client-cert FILE",
                           "--client-key FILE", "--plaintext", "login", "logout", "whoami"}) {
    EXPECT_THAT(r.out, HasSubstr(text));
  }
}

}  // namespace
}  // namespace escala::client
