#include "tests/e2e/harness/private_mariadb.h"

#include <signal.h>

#include <cstdlib>
#include <regex>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "tests/testing/test_paths.h"

namespace escala::testing {

absl::StatusOr<std::unique_ptr<PrivateMariaDb>> PrivateMariaDb::Start() {
  std::unique_ptr<PrivateMariaDb> server(new PrivateMariaDb());
  ProcessResult started =
      RunProcess({"/bin/bash", SourcePath("tools/mariadb.sh"), "start", server->dir_.path()});
  if (started.exit_code != 0) {
    return absl::UnavailableError(absl::StrCat("tools/mariadb.sh start failed: ", started.err));
  }
  std::smatch match;
  if (std::regex_search(started.out, match, std::regex("export ESCALA_TEST_MYSQL='([^']*)'"))) {
    server->url_ = match[1].str();
  }
  if (std::regex_search(started.out, match,
                        std::regex("export ESCALA_TEST_MYSQL_PASSWORD_FILE='([^']*)'"))) {
    server->password_file_ = match[1].str();
  }
  if (server->url_.empty() || server->password_file_.empty()) {
    return absl::InternalError(absl::StrCat("unexpected tools/mariadb.sh output: ", started.out));
  }
  return server;
}

namespace {

std::optional<std::string> GetEnv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

void SetEnv(const char* name, const std::optional<std::string>& value) {
  if (value.has_value()) {
    setenv(name, value->c_str(), 1);
  } else {
    unsetenv(name);
  }
}

}  // namespace

PrivateMariaDb::~PrivateMariaDb() {
  (void)Resume();
  (void)RunScript("stop");
  if (environment_changed_) {
    SetEnv("ESCALA_TEST_MYSQL", previous_url_);
    SetEnv("ESCALA_TEST_MYSQL_PASSWORD_FILE", previous_password_file_);
  }
}

void PrivateMariaDb::UseForTestDatabases() {
  if (!environment_changed_) {
    previous_url_ = GetEnv("ESCALA_TEST_MYSQL");
    previous_password_file_ = GetEnv("ESCALA_TEST_MYSQL_PASSWORD_FILE");
    environment_changed_ = true;
  }
  setenv("ESCALA_TEST_MYSQL", url_.c_str(), 1);
  setenv("ESCALA_TEST_MYSQL_PASSWORD_FILE", password_file_.c_str(), 1);
}

absl::StatusOr<pid_t> PrivateMariaDb::Pid() const {
  int pid = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(ReadFile(dir_.File("mysqld.pid"))), &pid) ||
      pid <= 0) {
    return absl::FailedPreconditionError("no MariaDB pid file: is the server running?");
  }
  return pid;
}

absl::Status PrivateMariaDb::Pause() {
  absl::StatusOr<pid_t> pid = Pid();
  if (!pid.ok()) return pid.status();
  paused_ = true;
  if (kill(*pid, SIGSTOP) != 0) return absl::InternalError("kill(SIGSTOP) failed");
  return absl::OkStatus();
}

absl::Status PrivateMariaDb::Resume() {
  if (!paused_) return absl::OkStatus();
  absl::StatusOr<pid_t> pid = Pid();
  if (!pid.ok()) return pid.status();
  if (kill(*pid, SIGCONT) != 0) return absl::InternalError("kill(SIGCONT) failed");
  paused_ = false;
  return absl::OkStatus();
}

absl::Status PrivateMariaDb::Stop() {
  if (absl::Status resumed = Resume(); !resumed.ok()) return resumed;
  return RunScript("stop");
}

absl::Status PrivateMariaDb::Restart() { return RunScript("start"); }

absl::Status PrivateMariaDb::RunScript(const std::string& command) {
  ProcessResult result =
      RunProcess({"/bin/bash", SourcePath("tools/mariadb.sh"), command, dir_.path()});
  if (result.exit_code != 0) {
    return absl::UnavailableError(
        absl::StrCat("tools/mariadb.sh ", command, " failed: ", result.err));
  }
  return absl::OkStatus();
}

}  // namespace escala::testing
