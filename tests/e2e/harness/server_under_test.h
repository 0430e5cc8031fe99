#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tests/e2e/harness/process.h"
#include "tests/testing/test_database.h"

namespace escala::testing {

// The real escala-server binary on a loopback port (port 0, read back from --port_file), on a
// database of its own, and the real escala CLI pointed at it. Before the start, an
// administrator token is made with `escala-server --bootstrap_admin`, as an operator would.
class ServerUnderTest {
 public:
  // Starts the server on `database` and waits until it listens. `transport_flags` secure its
  // port: --plaintext by default, or --tls_cert=… and the other --tls_* flags. `extra_flags` come
  // last and so override the harness's own (a later --flag wins).
  static absl::StatusOr<std::unique_ptr<ServerUnderTest>> Start(
      const TestDatabase& database,
      const std::vector<std::string>& transport_flags = {"--plaintext"},
      const std::vector<std::string>& extra_flags = {});
  ~ServerUnderTest();

  const std::string& address() const { return address_; }
  // Sends SIGTERM and waits for the server to exit; returns its exit status and log.
  ProcessResult Stop();
  BackgroundProcess& process() { return *process_; }

  // Runs `escala --server <address> --token <administrator token> <args…>`.
  ProcessResult Cli(const std::vector<std::string>& args) const;
  // The argv for the CLI, to run it in the background.
  std::vector<std::string> CliArgv(const std::vector<std::string>& args) const;
  // Runs the CLI with `token` instead (none when empty).
  ProcessResult CliAs(const std::string& token, const std::vector<std::string>& args) const;

  // The secret of the administrator token made with --bootstrap_admin before the start.
  const std::string& admin_token() const { return admin_token_; }

  TempDir& dir() { return dir_; }

 private:
  ServerUnderTest() = default;
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> process_;
  std::string address_;
  std::string admin_token_;
};

}  // namespace escala::testing
