// SIGTERM during an import: every batch the server acknowledged as final is stored, nothing
// beyond it is, and re-sending the file completes the import.

#include <regex>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

class ShutdownEndToEndTest : public DatabaseTest {};

TEST_P(ShutdownEndToEndTest, ShutdownDuringImportLosesNoAcknowledgedBatch) {
  constexpr int kRecords = 60000;
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> server = ServerUnderTest::Start(database());
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_EQ((*server)
                ->Cli({"people", "create", "--employee-id", "E1", "--display-name", "Ana", "--role",
                       "agent", "--level", "1"})
                .exit_code,
            0);
  std::string body =
      "source_system,source_id,channel,direction,priority,agent_employee_id,start_time\n";
  for (int i = 0; i < kRecords; ++i) {
    absl::StrAppend(&body, "pbx,s", i, ",phone,inbound,medium,E1,2026-11-01T00:00:00Z\n");
  }
  const std::string csv = (*server)->dir().File("big.csv");
  WriteFile(csv, body);

  BackgroundProcess import((*server)->CliArgv({"interactions", "import", csv}));
  // Stop the server once the first batches are in.
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  long long stored = 0;
  while (absl::Now() < give_up) {
    absl::StatusOr<long long> count = database().QueryInt("SELECT COUNT(*) FROM interactions");
    if (count.ok() && *count > 0) {
      stored = *count;
      break;
    }
    absl::SleepFor(absl::Milliseconds(5));
  }
  ASSERT_GT(stored, 0) << "the import never started";
  ProcessResult stopped = (*server)->Stop();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  ProcessResult result = import.Wait(absl::Seconds(60));

  long long final_through = kRecords;
  if (result.exit_code != 0) {
    // The server ended the stream at a batch boundary and said how far it got.
    EXPECT_THAT(result.err, ::testing::HasSubstr("UNAVAILABLE"));
    std::smatch match;
    ASSERT_TRUE(std::regex_search(result.err, match, std::regex(R"(records 1\.\.(\d+) are final)")))
        << result.err;
    ASSERT_TRUE(absl::SimpleAtoi(match[1].str(), &final_through));
  }
  // Everything acknowledged is stored, and nothing after it.
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"), final_through);

  // A restarted server takes the rest; the re-sent part counts as already present.
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> restarted = ServerUnderTest::Start(database());
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  ProcessResult again = (*restarted)->Cli({"interactions", "import", csv});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.out, ::testing::HasSubstr(absl::StrCat("already present ", final_through)));
  EXPECT_EQ(*database().QueryInt("SELECT COUNT(*) FROM interactions"), kRecords);
}

INSTANTIATE_TEST_SUITE_P(Backends, ShutdownEndToEndTest, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
