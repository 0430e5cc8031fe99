// The server against a database that hangs or restarts, on a MariaDB of the test's own: health
// turns NOT_SERVING without blocking, calls fail UNAVAILABLE instead of hanging, SIGTERM ends the
// process within the grace period, and once the database is back no call fails and no
// acknowledged write is missing or doubled. The measured times are printed ("measured: …").

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/private_mariadb.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// What a health check answered: whether the call itself worked, and the status it reported.
struct HealthAnswer {
  grpc::StatusCode code = grpc::StatusCode::UNKNOWN;
  bool serving = false;
};

HealthAnswer CheckHealth(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  HealthCheckResponse response;
  const grpc::Status status = Health::NewStub(channel)->Check(&context, {}, &response);
  return {status.error_code(), status.ok() && response.status() == HealthCheckResponse::SERVING};
}

class DatabaseFaultsEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::optional<BackendUnavailable> missing = CheckBackend(kMysqlBackend)) {
      if (missing->skip) GTEST_SKIP() << missing->reason;
    }
    absl::StatusOr<std::unique_ptr<PrivateMariaDb>> mariadb = PrivateMariaDb::Start();
    ASSERT_TRUE(mariadb.ok()) << mariadb.status();
    mariadb_ = *std::move(mariadb);
    mariadb_->UseForTestDatabases();
    absl::StatusOr<std::unique_ptr<TestDatabase>> database = TestDatabase::Create(kMysqlBackend);
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
  }

  void TearDown() override {
    // The database answers again before anything needs it (the server's exit, the DROP).
    if (mariadb_) {
      EXPECT_TRUE(mariadb_->Resume().ok());
    }
    server_.reset();
    database_.reset();
    mariadb_.reset();
  }

  // Starts the server with the database URL given these extra settings, and `flags`.
  void StartServer(const std::string& url_settings, std::vector<std::string> flags) {
    flags.push_back("--db=" + database_->config().display + " " + url_settings);
    absl::StatusOr<std::unique_ptr<ServerUnderTest>> server =
        ServerUnderTest::Start(*database_, {"--plaintext"}, flags);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = PlaintextChannel(server_->address());
    ProcessResult agent = server_->Cli({"people", "create", "--employee-id", "E1", "--display-name",
                                        "Ana", "--role", "agent", "--level", "1"});
    ASSERT_EQ(agent.exit_code, 0) << agent.err;
  }

  grpc::Status Create(const std::string& request_id, v1::Interaction* created,
                      std::chrono::seconds deadline = std::chrono::seconds(20)) {
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction("", "", "E1");
    request.set_request_id(request_id);
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    context.set_deadline(std::chrono::system_clock::now() + deadline);
    return v1::InteractionService::NewStub(channel_)->CreateInteraction(&context, request, created);
  }

  grpc::Status List() {
    v1::ListInteractionsRequest request;
    request.set_page_size(5);
    v1::ListInteractionsResponse response;
    grpc::ClientContext context;
    Authorize(context, server_->admin_token());
    return v1::InteractionService::NewStub(channel_)->ListInteractions(&context, request,
                                                                       &response);
  }

  std::unique_ptr<PrivateMariaDb> mariadb_;
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<ServerUnderTest> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(DatabaseFaultsEndToEndTest, AHungDatabaseTurnsHealthDownAndFailsCallsUnavailable) {
  // Read timeout 3 s, far below the calls' 20-second deadline: a hung statement must end as
  // UNAVAILABLE, not run into the caller's deadline.
  StartServer(
      "connect_timeout=2 read_timeout=3 write_timeout=3",
      {"--health_interval_ms=250", "--health_timeout_ms=500", "--db_lease_timeout_ms=1000"});
  ASSERT_TRUE(CheckHealth(channel_).serving);

  ASSERT_TRUE(mariadb_->Pause().ok());
  const absl::Time paused = absl::Now();
  // Every health check answers while the database hangs, and one soon says NOT_SERVING.
  absl::Duration not_serving_after = absl::InfiniteDuration();
  while (absl::Now() - paused < absl::Seconds(30)) {
    const HealthAnswer answer = CheckHealth(channel_);
    ASSERT_EQ(answer.code, grpc::StatusCode::OK) << "the health check itself must not block";
    if (!answer.serving) {
      not_serving_after = absl::Now() - paused;
      break;
    }
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_NE(not_serving_after, absl::InfiniteDuration()) << "health stayed SERVING";

  const absl::Time asked = absl::Now();
  v1::Interaction created;
  const grpc::Status write = Create("stalled-write", &created);
  const absl::Duration write_failed_after = absl::Now() - asked;
  EXPECT_EQ(write.error_code(), grpc::StatusCode::UNAVAILABLE) << write.error_message();
  const absl::Time read_asked = absl::Now();
  const grpc::Status read = List();
  const absl::Duration read_failed_after = absl::Now() - read_asked;
  EXPECT_EQ(read.error_code(), grpc::StatusCode::UNAVAILABLE) << read.error_message();
  std::cout << "measured: stall -> NOT_SERVING " << absl::FormatDuration(not_serving_after)
            << " (interval 250ms, ping timeout 500ms); write failed UNAVAILABLE after "
            << absl::FormatDuration(write_failed_after) << ", read after "
            << absl::FormatDuration(read_failed_after) << " (read_timeout 3s)" << std::endl;

  // Back again: SERVING, and calls work.
  ASSERT_TRUE(mariadb_->Resume().ok());
  bool serving = false;
  for (int i = 0; i < 300 && !serving; ++i) {
    serving = CheckHealth(channel_).serving;
    if (!serving) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(serving);
  EXPECT_TRUE(List().ok());
  EXPECT_TRUE(Create("after-the-stall", &created).ok());
}

TEST_F(DatabaseFaultsEndToEndTest, SigtermWhileTheDatabaseHangsExitsWithinTheGracePeriod) {
  // A read timeout far above the grace period: only the shutdown's own bound can end the calls
  // that wait on the hung database in time.
  constexpr int kGraceSeconds = 2;
  StartServer("connect_timeout=30 read_timeout=60 write_timeout=60",
              {absl::StrCat("--shutdown_grace_seconds=", kGraceSeconds)});
  ASSERT_TRUE(mariadb_->Pause().ok());
  // Calls in flight on the hung database.
  std::vector<std::thread> callers;
  std::atomic<int> acknowledged{0};
  for (int i = 0; i < 3; ++i) {
    callers.emplace_back([this, i, &acknowledged] {
      v1::Interaction created;
      if (Create(absl::StrCat("hung-", i), &created, std::chrono::seconds(60)).ok()) ++acknowledged;
    });
  }
  absl::SleepFor(absl::Milliseconds(500));

  const absl::Time signalled = absl::Now();
  server_->process().Signal(SIGTERM);
  ProcessResult stopped = server_->process().Wait(absl::Seconds(60));
  const absl::Duration exited_after = absl::Now() - signalled;
  for (std::thread& caller : callers) caller.join();
  std::cout << "measured: SIGTERM -> exit " << absl::FormatDuration(exited_after)
            << " with the database hung (grace " << kGraceSeconds << "s)" << std::endl;
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  // The contract: the grace period plus a second; the margin here is for a loaded machine.
  EXPECT_LT(exited_after, absl::Seconds(kGraceSeconds + 5)) << stopped.err;

  // Nothing was acknowledged, and nothing unacknowledged was written.
  ASSERT_TRUE(mariadb_->Resume().ok());
  EXPECT_EQ(acknowledged.load(), 0);
  EXPECT_EQ(*database_->QueryInt("SELECT COUNT(*) FROM interactions"), 0);
}

// One call of the load: when it started and ended, and how.
struct CallRecord {
  absl::Time started;
  absl::Time ended;
  grpc::StatusCode code;
  std::string message;
};

TEST_F(DatabaseFaultsEndToEndTest, ADatabaseRestartFailsCallsOnlyWhileItIsDown) {
  StartServer("connect_timeout=2 read_timeout=5 write_timeout=5",
              {"--health_interval_ms=250", "--health_timeout_ms=500"});
  std::mutex mutex;
  std::vector<CallRecord> calls;
  std::map<std::string, int64_t> acknowledged;  // request_id → id
  std::atomic<bool> stop{false};
  auto record = [&](absl::Time started, const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mutex);
    calls.push_back({started, absl::Now(), status.error_code(), status.error_message()});
  };
  std::vector<std::thread> load;
  for (int w = 0; w < 2; ++w) {
    // Writers: each request is retried with its request_id until acknowledged, as a client
    // should after UNAVAILABLE.
    load.emplace_back([&, w] {
      for (int n = 0; !stop.load(); ++n) {
        const std::string request_id = absl::StrCat("w", w, "-", n);
        for (;;) {
          v1::Interaction created;
          const absl::Time started = absl::Now();
          const grpc::Status status = Create(request_id, &created);
          record(started, status);
          if (status.ok()) {
            std::lock_guard<std::mutex> lock(mutex);
            acknowledged[request_id] = created.id();
            break;
          }
          absl::SleepFor(absl::Milliseconds(20));
        }
      }
    });
  }
  load.emplace_back([&] {
    while (!stop.load()) {
      const absl::Time started = absl::Now();
      record(started, List());
      absl::SleepFor(absl::Milliseconds(5));
    }
  });

  absl::SleepFor(absl::Seconds(1));
  const absl::Time down = absl::Now();
  ASSERT_TRUE(mariadb_->Stop().ok());
  absl::SleepFor(absl::Seconds(1));
  ASSERT_TRUE(mariadb_->Restart().ok());
  const absl::Time up = absl::Now();
  absl::SleepFor(absl::Seconds(3));
  stop = true;
  for (std::thread& thread : load) thread.join();

  int failed_while_down = 0;
  int after = 0;
  std::vector<std::string> failed_after;
  for (const CallRecord& call : calls) {
    const bool ok = call.code == grpc::StatusCode::OK;
    if (call.started >= up) {
      ++after;
      if (!ok) failed_after.push_back(call.message);
      continue;
    }
    if (!ok) {
      ++failed_while_down;
      EXPECT_EQ(call.code, grpc::StatusCode::UNAVAILABLE) << call.message;
    }
  }
  std::cout << "measured: database down for " << absl::FormatDuration(up - down) << "; "
            << failed_while_down << " call(s) failed UNAVAILABLE meanwhile; " << after
            << " call(s) after it, " << failed_after.size() << " failed" << std::endl;
  EXPECT_GT(after, 0);
  EXPECT_THAT(failed_after, ::testing::IsEmpty());

  // Every acknowledged write is stored exactly once, under the id it was acknowledged with.
  int64_t id_sum = 0;
  for (const auto& [request_id, id] : acknowledged) id_sum += id;
  const long long count = acknowledged.size();
  EXPECT_EQ(*database_->QueryInt("SELECT COUNT(*) FROM interactions"), count);
  EXPECT_EQ(*database_->QueryInt("SELECT COUNT(DISTINCT request_id) FROM interactions"), count);
  EXPECT_EQ(*database_->QueryInt("SELECT COALESCE(SUM(id), 0) FROM interactions"), id_sum);
}

}  // namespace
}  // namespace escala::testing
