#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/e2e/harness/process.h"

namespace escala::testing {

// A MariaDB server of one test's own (tools/mariadb.sh in a fresh directory), for tests that stop,
// pause or restart the database: doing that to the server the other tests share would fail them.
// Its destructor resumes a paused server and stops it, however the test ends.
class PrivateMariaDb {
 public:
  static absl::StatusOr<std::unique_ptr<PrivateMariaDb>> Start();
  ~PrivateMariaDb();
  PrivateMariaDb(const PrivateMariaDb&) = delete;
  PrivateMariaDb& operator=(const PrivateMariaDb&) = delete;

  // The server URL without db= ("mysql://user=escala unix_socket=…") and the password file.
  const std::string& url() const { return url_; }
  const std::string& password_file() const { return password_file_; }
  // Sets ESCALA_TEST_MYSQL and ESCALA_TEST_MYSQL_PASSWORD_FILE of this process to this server,
  // so that TestDatabase::Create(kMysqlBackend) makes its database here. The destructor puts
  // back what they were, for the tests that run after in the same process.
  void UseForTestDatabases();

  // SIGSTOP / SIGCONT of the server process: it keeps its connections but answers nothing.
  absl::Status Pause();
  absl::Status Resume();
  // A clean stop (SIGTERM, as tools/mariadb.sh stop) and a start again on the same data, socket
  // and password.
  absl::Status Stop();
  absl::Status Restart();

 private:
  PrivateMariaDb() = default;
  absl::StatusOr<pid_t> Pid() const;
  absl::Status RunScript(const std::string& command);

  TempDir dir_;
  std::string url_;
  std::string password_file_;
  bool paused_ = false;
  // The variables' values before UseForTestDatabases (nullopt: unset, or not changed).
  bool environment_changed_ = false;
  std::optional<std::string> previous_url_;
  std::optional<std::string> previous_password_file_;
};

}  // namespace escala::testing
