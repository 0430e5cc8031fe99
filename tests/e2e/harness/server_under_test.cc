#include "tests/e2e/harness/server_under_test.h"

#include <signal.h>

#include <cstdlib>
#include <filesystem>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {

absl::StatusOr<std::unique_ptr<ServerUnderTest>> ServerUnderTest::Start(
    const TestDatabase& database, const std::vector<std::string>& transport_flags,
    const std::vector<std::string>& extra_flags) {
  std::unique_ptr<ServerUnderTest> server(new ServerUnderTest());
  const std::string port_file = server->dir_.File("port");
  std::vector<std::string> database_flags = {"--db=" + database.config().display};
  if (database.dialect() == db::Dialect::kMysql) {
    const char* password_file = std::getenv("ESCALA_TEST_MYSQL_PASSWORD_FILE");
    if (password_file != nullptr)
      database_flags.push_back(absl::StrCat("--db_password_file=", password_file));
  }
  std::vector<std::string> bootstrap = {ServerBinary(), "--bootstrap_admin=admin"};
  bootstrap.insert(bootstrap.end(), database_flags.begin(), database_flags.end());
  ProcessResult issued = RunProcess(bootstrap);
  if (issued.exit_code != 0) {
    return absl::UnavailableError(
        absl::StrCat("escala-server --bootstrap_admin failed: ", issued.err));
  }
  server->admin_token_ = std::string(absl::StripAsciiWhitespace(issued.out));

  std::vector<std::string> argv = {
      ServerBinary(), "--listen=127.0.0.1:0", "--port_file=" + port_file,
      "--workers=4",  "--db_pool_size=6",     "--shutdown_grace_seconds=10"};
  argv.insert(argv.end(), database_flags.begin(), database_flags.end());
  argv.insert(argv.end(), transport_flags.begin(), transport_flags.end());
  argv.insert(argv.end(), extra_flags.begin(), extra_flags.end());
  server->process_ = std::make_unique<BackgroundProcess>(argv);
  const absl::Time give_up = absl::Now() + absl::Seconds(30);
  while (absl::Now() < give_up) {
    std::error_code ignored;
    if (std::filesystem::exists(port_file, ignored)) {
      int port = 0;
      if (absl::SimpleAtoi(absl::StripAsciiWhitespace(ReadFile(port_file)), &port) && port > 0) {
        server->address_ = absl::StrCat("127.0.0.1:", port);
        return server;
      }
    }
    absl::SleepFor(absl::Milliseconds(20));
  }
  ProcessResult failed = server->process_->Wait(absl::Seconds(5));
  return absl::UnavailableError(absl::StrCat("escala-server did not start: ", failed.err));
}

ServerUnderTest::~ServerUnderTest() {
  if (process_ && process_->running()) Stop();
}

ProcessResult ServerUnderTest::Stop() {
  process_->Signal(SIGTERM);
  return process_->Wait(absl::Seconds(30));
}

std::vector<std::string> ServerUnderTest::CliArgv(const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {CliBinary(), "--server", address_, "--token", admin_token_};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

ProcessResult ServerUnderTest::CliAs(const std::string& token,
                                     const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {CliBinary(), "--server", address_};
  if (!token.empty()) {
    argv.push_back("--token");
    argv.push_back(token);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  return RunProcess(argv);
}

ProcessResult ServerUnderTest::Cli(const std::vector<std::string>& args) const {
  return RunProcess(CliArgv(args));
}

}  // namespace escala::testing
