// `escala tokens` and `escala service-accounts` against the real escala-server, on each backend:
// a token works until it is revoked, a deactivated service account's token is refused, and an
// agent can make tokens only for themselves.

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/server_fixture.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The server remembers a checked token for at most 5 s; a change made through the same server
// applies at once, so this only bounds how long a wrong answer could keep coming.
constexpr absl::Duration kRefusalDeadline = absl::Seconds(10);

// The value of the `field` row of a field/value table as `get` and `create` print it.
std::string TableValue(const std::string& table, const std::string& field) {
  for (absl::string_view line : absl::StrSplit(table, '\n')) {
    if (absl::ConsumePrefix(&line, field) && absl::ConsumePrefix(&line, " ")) {
      return std::string(absl::StripAsciiWhitespace(line));
    }
  }
  return "";
}

class IdentityCliEndToEndTest : public ServerUnderTestFixture {
 protected:
  void SetUp() override {
    ServerUnderTestFixture::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ExpectOk(Cli({"people", "create", "--employee-id", "E1", "--display-name", "Ana Pérez",
                  "--role", "agent", "--level", "1"}));
    ExpectOk(Cli({"people", "create", "--employee-id", "E2", "--display-name", "Luis Gómez",
                  "--role", "specialist", "--level", "2"}));
  }
  ProcessResult Cli(const std::vector<std::string>& args) { return server_->Cli(args); }
  ProcessResult CliAs(const std::string& token, const std::vector<std::string>& args) {
    return server_->CliAs(token, args);
  }
  void ExpectOk(const ProcessResult& r) {
    EXPECT_EQ(r.exit_code, 0) << "stdout: " << r.out << "\nstderr: " << r.err;
  }

  // Creates a token with `args` as the administrator; returns its table output.
  ProcessResult CreateToken(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"tokens", "create"};
    argv.insert(argv.end(), args.begin(), args.end());
    ProcessResult created = Cli(argv);
    ExpectOk(created);
    EXPECT_THAT(created.out, HasSubstr("shown only once"));
    return created;
  }

  // Whether `args` run with `token` fails with UNAUTHENTICATED before kRefusalDeadline.
  bool RefusedSoon(const std::string& token, const std::vector<std::string>& args) {
    const absl::Time give_up = absl::Now() + kRefusalDeadline;
    while (true) {
      ProcessResult r = CliAs(token, args);
      if (r.exit_code == 1 && absl::StrContains(r.err, "UNAUTHENTICATED")) return true;
      if (absl::Now() > give_up) {
        ADD_FAILURE() << "still answered after " << kRefusalDeadline << ": " << r.out << r.err;
        return false;
      }
      absl::SleepFor(absl::Milliseconds(250));
    }
  }
};

TEST_P(IdentityCliEndToEndTest, PersonTokenWorksUntilRevoked) {
  ProcessResult created =
      CreateToken({"--principal", "people/E1", "--description", "e2e laptop", "--expires-in", "7"});
  const std::string secret = TableValue(created.out, "secret");
  const std::string token_id = TableValue(created.out, "token_id");
  ASSERT_THAT(secret, ::testing::StartsWith("esc_")) << created.out;
  ASSERT_FALSE(token_id.empty()) << created.out;
  EXPECT_EQ(TableValue(created.out, "principal"), "people/E1");
  EXPECT_FALSE(TableValue(created.out, "expire_time").empty());
  EXPECT_THAT(created.err, Not(HasSubstr(secret)));

  ProcessResult own = CliAs(secret, {"people", "get", "E1"});
  ExpectOk(own);
  EXPECT_THAT(own.out, HasSubstr("Ana Pérez"));
  ProcessResult whoami = CliAs(secret, {"--output", "csv", "whoami"});
  ExpectOk(whoami);
  EXPECT_THAT(whoami.out, ::testing::StartsWith("principal,role,display_name,team_id\npeople/E1,"));

  ProcessResult list = Cli({"tokens", "list", "--principal", "people/E1"});
  ExpectOk(list);
  EXPECT_THAT(list.out, HasSubstr(token_id));
  EXPECT_THAT(list.out, HasSubstr("e2e laptop"));
  EXPECT_THAT(list.out, Not(HasSubstr(secret)));

  ProcessResult revoked = Cli({"tokens", "revoke", token_id});
  ExpectOk(revoked);
  EXPECT_FALSE(TableValue(revoked.out, "revoke_time").empty()) << revoked.out;
  EXPECT_TRUE(RefusedSoon(secret, {"people", "get", "E1"}));

  // A revoked token is listed only on request, and cannot be revoked twice.
  EXPECT_THAT(Cli({"tokens", "list", "--principal", "people/E1"}).out, Not(HasSubstr(token_id)));
  EXPECT_THAT(Cli({"tokens", "list", "--principal", "people/E1", "--include-inactive"}).out,
              HasSubstr(token_id));
  ProcessResult again = Cli({"tokens", "revoke", token_id});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("FAILED_PRECONDITION"));
}

// A revocation that timed out can be retried with its --request-id: the retry answers the token
// as revoked the first time instead of "revoked already"; the same id for another token is refused.
// Without --request-id each invocation sends a fresh one (see PersonTokenWorksUntilRevoked).
TEST_P(IdentityCliEndToEndTest, ARevokeRetriedWithItsRequestIdAnswersTheFirstRevocation) {
  const std::string token_id =
      TableValue(CreateToken({"--principal", "people/E1", "--expires-in", "7"}).out, "token_id");
  const std::string other_id =
      TableValue(CreateToken({"--principal", "people/E1", "--expires-in", "7"}).out, "token_id");
  ASSERT_FALSE(token_id.empty());
  ProcessResult first = Cli({"tokens", "revoke", token_id, "--request-id", "revoke-retry-1"});
  ExpectOk(first);
  ProcessResult retry = Cli({"tokens", "revoke", token_id, "--request-id", "revoke-retry-1"});
  ExpectOk(retry);
  EXPECT_EQ(TableValue(retry.out, "revoke_time"), TableValue(first.out, "revoke_time"));
  ProcessResult events =
      Cli({"--output", "json", "audit", "list", "--resource", "tokens/" + token_id});
  ExpectOk(events);
  std::size_t revocations = 0;
  for (std::size_t at = events.out.find("RevokeToken"); at != std::string::npos;
       at = events.out.find("RevokeToken", at + 1)) {
    ++revocations;
  }
  EXPECT_EQ(revocations, 1u) << events.out;

  ProcessResult reused = Cli({"tokens", "revoke", other_id, "--request-id", "revoke-retry-1"});
  EXPECT_EQ(reused.exit_code, 1);
  EXPECT_THAT(reused.err, HasSubstr("ALREADY_EXISTS"));
  EXPECT_THAT(reused.err, HasSubstr("was already used for a different request"));
}

TEST_P(IdentityCliEndToEndTest, JsonCreateCarriesTheSecretAsTheApiReturnsIt) {
  ProcessResult created = Cli({"--output", "json", "tokens", "create", "--principal", "people/E2"});
  ExpectOk(created);
  EXPECT_THAT(created.out, HasSubstr("\"secret\": \"esc_"));
  EXPECT_THAT(created.out, HasSubstr("\"principal\": \"people/E2\""));
  EXPECT_THAT(created.err, HasSubstr("shown only once"));
}

TEST_P(IdentityCliEndToEndTest, DeactivatedServiceAccountTokenIsRefused) {
  ProcessResult account = Cli({"service-accounts", "create", "--account-id", "hr-sync",
                               "--display-name", "HR sync", "--role", "hr_system"});
  ExpectOk(account);
  EXPECT_EQ(TableValue(account.out, "role"), "hr-system");
  EXPECT_EQ(TableValue(account.out, "active"), "true");

  ProcessResult list = Cli({"service-accounts", "list"});
  ExpectOk(list);
  EXPECT_THAT(list.out, HasSubstr("hr-sync"));
  EXPECT_THAT(list.out, HasSubstr("hr-system"));

  const std::string secret =
      TableValue(CreateToken({"--principal", "serviceAccounts/hr-sync"}).out, "secret");
  ASSERT_FALSE(secret.empty());
  ExpectOk(CliAs(secret, {"people", "list"}));

  ProcessResult updated = Cli({"service-accounts", "update", "hr-sync", "--active", "false"});
  ExpectOk(updated);
  EXPECT_EQ(TableValue(updated.out, "active"), "false");
  EXPECT_EQ(TableValue(Cli({"service-accounts", "get", "hr-sync"}).out, "active"), "false");
  EXPECT_TRUE(RefusedSoon(secret, {"people", "list"}));

  // A stale etag is refused rather than overwriting a newer change.
  ProcessResult stale =
      Cli({"service-accounts", "update", "hr-sync", "--active", "true", "--etag", "1"});
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_THAT(stale.err, HasSubstr("ABORTED"));
}

TEST_P(IdentityCliEndToEndTest, AgentMakesTokensOnlyForThemselves) {
  const std::string agent = TableValue(CreateToken({"--principal", "people/E1"}).out, "secret");
  ASSERT_FALSE(agent.empty());
  CreateToken({"--principal", "people/E2", "--description", "luis desk"});

  ProcessResult other = CliAs(agent, {"tokens", "create", "--principal", "people/E2"});
  EXPECT_EQ(other.exit_code, 1);
  EXPECT_THAT(other.err, HasSubstr("NOT_FOUND"));

  ProcessResult own = CliAs(agent, {"tokens", "create", "--description", "second laptop"});
  ExpectOk(own);
  EXPECT_EQ(TableValue(own.out, "principal"), "people/E1");
  // The agent sees their own tokens only.
  ProcessResult listed = CliAs(agent, {"tokens", "list"});
  ExpectOk(listed);
  EXPECT_THAT(listed.out, HasSubstr("second laptop"));
  EXPECT_THAT(listed.out, Not(HasSubstr("luis desk")));
}

TEST_P(IdentityCliEndToEndTest, UnknownRoleIsRefusedBeforeAnythingIsSent) {
  ProcessResult r = Cli({"service-accounts", "create", "--account-id", "x", "--display-name", "X",
                         "--role", "robot"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--role: 'robot'"));
  ProcessResult both =
      Cli({"tokens", "create", "--expires-in", "3", "--expire-time", "2030-01-01T00:00:00Z"});
  EXPECT_EQ(both.exit_code, 2);
}

// Every CLI call carries an x-request-id of its own, so each change in the audit log points back
// to the command (and the server log line) that made it.
TEST_P(IdentityCliEndToEndTest, EveryCliChangeIsAuditedWithARequestIdOfItsOwn) {
  ProcessResult listed = Cli({"--output", "json", "audit", "list"});
  ExpectOk(listed);
  const std::regex request_id(
      "\"requestId\": \"([0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12})\"");
  std::set<std::string> ids;
  for (auto it = std::sregex_iterator(listed.out.begin(), listed.out.end(), request_id);
       it != std::sregex_iterator(); ++it) {
    ids.insert((*it)[1].str());
  }
  // The two `people create` of SetUp: two events, two different ids.
  EXPECT_EQ(ids.size(), 2u) << listed.out;
}

INSTANTIATE_TEST_SUITE_P(Backends, IdentityCliEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
