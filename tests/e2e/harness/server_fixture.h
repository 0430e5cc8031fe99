#pragma once

// The fixture every end-to-end test that talks to a server shares: per backend, a database of
// its own, the real escala-server started on it, and the CLI as the administrator. Derived
// fixtures add their world in SetUp after calling ServerUnderTestFixture::SetUp (and returning
// when it skipped or failed), and choose the server's flags or seed rows the API cannot write
// by overriding ServerFlags or SeedDatabase.

#include <memory>
#include <string>
#include <vector>

#include "tests/e2e/harness/process.h"
#include "tests/e2e/harness/server_under_test.h"
#include "tests/testing/test_database.h"

namespace escala::testing {

class ServerUnderTestFixture : public DatabaseTest {
 protected:
  // Creates the database, runs SeedDatabase and starts the server with ServerFlags.
  void SetUp() override;
  // Stops the server, then drops the database. A derived fixture that holds a channel to the
  // server closes it first: a server stopping with a client still connected waits for it.
  void TearDown() override;

  // The flags the server starts with: a plaintext port by default.
  virtual std::vector<std::string> ServerFlags() const { return {"--plaintext"}; }
  // Runs on the new database before the server starts; failures are the test's.
  virtual void SeedDatabase() {}

  ServerUnderTest& server() { return *server_; }
  // Runs the CLI as the administrator.
  ProcessResult Cli(const std::vector<std::string>& args) const { return server_->Cli(args); }

  std::unique_ptr<ServerUnderTest> server_;
};

}  // namespace escala::testing
