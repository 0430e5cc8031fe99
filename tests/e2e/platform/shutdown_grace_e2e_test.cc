// SIGTERM while calls wait on row locks another connection holds: the process exits within the
// grace period plus a second (MariaDB: their statements are cancelled with KILL QUERY; SQLite:
// the process ends them), and every write acknowledged before is stored.

#include <grpcpp/grpcpp.h>
#include <signal.h>
#include <soci/soci.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/core/transaction.h"
#include "escala/v1/interactions.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/grpc_client.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

class ShutdownGraceEndToEndTest : public DatabaseTest {};

TEST_P(ShutdownGraceEndToEndTest, CallsWaitingOnRowLocksDoNotHoldTheExitPastTheGracePeriod) {
  constexpr int kGraceSeconds = 5;
  std::vector<std::string> flags = {absl::StrCat("--shutdown_grace_seconds=", kGraceSeconds)};
  if (database().dialect() == db::Dialect::kMysql) {
    // A read timeout far above the grace period: only the cancellation can end the lock waits
    // (innodb_lock_wait_timeout is 50 s) in time.
    flags.push_back("--db=" + database().config().display + " read_timeout=60");
  }
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> server =
      ServerUnderTest::Start(database(), {"--plaintext"}, flags);
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_EQ((*server)
                ->Cli({"people", "create", "--employee-id", "E1", "--display-name", "Ana", "--role",
                       "agent", "--level", "1"})
                .exit_code,
            0);
  std::shared_ptr<grpc::Channel> channel = PlaintextChannel((*server)->address());
  auto stub = v1::InteractionService::NewStub(channel);

  // Acknowledged writes before the shutdown.
  std::vector<int64_t> acknowledged;
  for (int i = 0; i < 5; ++i) {
    v1::CreateInteractionRequest request;
    *request.mutable_interaction() = NewInteraction("", "", "E1");
    request.set_request_id(absl::StrCat("before-", i));
    v1::Interaction created;
    grpc::ClientContext context;
    Authorize(context, (*server)->admin_token());
    ASSERT_TRUE(stub->CreateInteraction(&context, request, &created).ok());
    acknowledged.push_back(created.id());
  }
  const int64_t locked_id = acknowledged.front();

  // Another connection holds the row (SQLite: the database's write lock) in an open transaction.
  absl::StatusOr<db::SessionPool::Lease> leased = database().pool().Acquire();
  ASSERT_TRUE(leased.ok()) << leased.status();
  std::optional<db::SessionPool::Lease> holder;
  holder.emplace(*std::move(leased));
  std::optional<db::Transaction> held;
  held.emplace(holder->session(), database().dialect());
  holder->session() << "UPDATE interactions SET queue = 'held' WHERE id = :id",
      soci::use(locked_id);

  // Updates of that row wait for the lock.
  std::atomic<int> updated{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < 3; ++i) {
    writers.emplace_back([&, i] {
      v1::UpdateInteractionRequest request;
      request.mutable_interaction()->set_id(locked_id);
      request.mutable_interaction()->set_queue(absl::StrCat("blocked-", i));
      request.mutable_update_mask()->add_paths("queue");
      v1::Interaction result;
      grpc::ClientContext context;
      Authorize(context, (*server)->admin_token());
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
      if (stub->UpdateInteraction(&context, request, &result).ok()) ++updated;
    });
  }
  absl::SleepFor(absl::Seconds(1));

  const absl::Time signalled = absl::Now();
  (*server)->process().Signal(SIGTERM);
  ProcessResult stopped = (*server)->process().Wait(absl::Seconds(90));
  const absl::Duration exited_after = absl::Now() - signalled;
  for (std::thread& writer : writers) writer.join();
  std::cout << "measured: SIGTERM -> exit " << absl::FormatDuration(exited_after) << " on "
            << GetParam() << " with 3 writes waiting on a held row lock (grace " << kGraceSeconds
            << "s)" << std::endl;
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  // The contract is the grace period plus a second; the margin here is for a loaded machine.
  EXPECT_LT(exited_after, absl::Seconds(kGraceSeconds + 5)) << stopped.err;
  if (database().dialect() == db::Dialect::kMysql) {
    // "cancelled N statement(s)": the waits ended by KILL QUERY.
    EXPECT_THAT(stopped.err, ::testing::HasSubstr("statement(s)"));
  }

  // Let go of the lock: none of the waiting updates was acknowledged, none took effect, and
  // every acknowledged create is stored once.
  held->Rollback();
  held.reset();
  holder.reset();
  EXPECT_EQ(updated.load(), 0);
  // All were created in queue "general"; a blocked update that took effect would show.
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions WHERE queue = 'general'"),
            static_cast<long long>(acknowledged.size()));
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"),
            static_cast<long long>(acknowledged.size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, ShutdownGraceEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
