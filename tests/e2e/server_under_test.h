#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tests/e2e/process.h"
#include "tests/testing/test_database.h"

namespace escala::testing {

// The real escala-server binary on a loopback port (port 0, read back from --port_file), on a
// database of its own, and the real escala CLI pointed at it.
class ServerUnderTest {
 public:
  // Starts the server on `database` and waits until it listens. `transport_flags` secure its
  // port: --plaintext by default, or --tls_cert=… and the other --tls_* flags.
  static absl::StatusOr<std::unique_ptr<ServerUnderTest>> Start(
      const TestDatabase& database,
      const std::vector<std::string>& transport_flags = {"--plaintext"});
  ~ServerUnderTest();

  const std::string& address() const { return address_; }
  // Sends SIGTERM and waits for the server to exit; returns its exit status and log.
  ProcessResult Stop();
  BackgroundProcess& process() { return *process_; }

  // Runs `escala --server <address> <args…>`.
  ProcessResult Cli(const std::vector<std::string>& args) const;
  // The argv for the CLI, to run it in the background.
  std::vector<std::string> CliArgv(const std::vector<std::string>& args) const;

  TempDir& dir() { return dir_; }

 private:
  ServerUnderTest() = default;
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> process_;
  std::string address_;
};

}  // namespace escala::testing
