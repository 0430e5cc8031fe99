// Calls that arrive while the server shuts down: clients firing calls without pause while the
// server gets SIGTERM. Every call is answered OK or UNAVAILABLE, none is dropped as CANCELLED,
// and the refusals are in the log: the first on a line of its own, the rest counted in a summary
// line, which together account for every refusal the clients saw. The clients back off after a
// refusal, as retrying clients do: gRPC itself cancels a call that reaches the server in the very
// instant it stops accepting, which is why the server refuses calls for a while before that.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "escala/v1/people.grpc.pb.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kRefusal[] = "server is shutting down; retry";
constexpr absl::Duration kBackoff = absl::Seconds(2);

class ShutdownCallsEndToEndTest : public DatabaseTest {};

TEST_P(ShutdownCallsEndToEndTest, CallsDuringShutdownAreAnsweredUnavailableAndLogged) {
  constexpr int kClients = 4;
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> server = ServerUnderTest::Start(database());
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string token = (*server)->admin_token();

  std::atomic<bool> stop{false};
  std::atomic<int> answered{0};
  std::mutex mutex;
  std::map<grpc::StatusCode, int> codes;
  std::map<std::string, int> messages;  // of the calls not answered OK
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.emplace_back([&] {
      // A channel each: each its own connection, as separate client processes would have.
      std::unique_ptr<v1::PeopleService::Stub> people =
          v1::PeopleService::NewStub(PlaintextChannel((*server)->address()));
      while (!stop) {
        grpc::ClientContext context;
        Authorize(context, token);
        v1::ListTeamsResponse response;
        const grpc::Status status = people->ListTeams(&context, v1::ListTeamsRequest(), &response);
        ++answered;
        {
          std::lock_guard<std::mutex> lock(mutex);
          ++codes[status.error_code()];
          if (!status.ok()) ++messages[status.error_message()];
        }
        // Longer than the server's notice (--shutdown_notice_ms, 500 ms).
        if (status.error_message() == kRefusal) absl::SleepFor(kBackoff);
      }
    });
  }
  // Calls are flowing on every connection before the signal.
  while (answered < 200 * kClients) absl::SleepFor(absl::Milliseconds(5));
  ProcessResult stopped = (*server)->Stop();
  // Every client's retry comes after the exit and finds no server (UNAVAILABLE too).
  absl::SleepFor(kBackoff + absl::Milliseconds(500));
  stop = true;
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;

  std::string seen;
  for (const auto& [code, count] : codes) absl::StrAppend(&seen, code, "×", count, " ");
  for (const auto& [message, count] : messages) absl::StrAppend(&seen, "\n", count, "× ", message);
  for (const auto& [code, count] : codes) {
    EXPECT_TRUE(code == grpc::StatusCode::OK || code == grpc::StatusCode::UNAVAILABLE)
        << "status code " << code << " answered " << count << " times; all: " << seen;
  }
  EXPECT_GT(codes[grpc::StatusCode::OK], 0) << seen;
  const int refused = messages[kRefusal];
  ASSERT_GT(refused, 0) << "no call was refused during shutdown: " << seen;

  // The log has the refusals: one line per client connection's first, and the others counted
  // in the summaries written at exit. The peer key drops the port, so all clients share a key.
  const std::string& log = stopped.err;
  EXPECT_THAT(log, HasSubstr(absl::StrCat("code=UNAVAILABLE")));
  EXPECT_THAT(log, HasSubstr(kRefusal));
  int logged = 0;
  const std::regex line(R"(rpc method=\S+ListTeams .*code=UNAVAILABLE)");
  for (std::sregex_iterator it(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it) {
    ++logged;
  }
  int suppressed = 0;
  const std::regex summary(
      R"(rpc failures repeated: method=\S+ListTeams \S+ code=UNAVAILABLE suppressed=(\d+))");
  for (std::sregex_iterator it(log.begin(), log.end(), summary); it != std::sregex_iterator();
       ++it) {
    int n = 0;
    ASSERT_TRUE(absl::SimpleAtoi((*it)[1].str(), &n));
    suppressed += n;
  }
  EXPECT_EQ(logged + suppressed, refused) << log;
}

// The shutdown path does not depend on the database: SQLite only.
INSTANTIATE_TEST_SUITE_P(Backends, ShutdownCallsEndToEndTest,
                         ::testing::Values(std::string("sqlite")), BackendName);

}  // namespace
}  // namespace escala::testing
