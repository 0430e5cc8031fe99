#include "tests/e2e/harness/server_fixture.h"

#include <gtest/gtest.h>

#include <utility>

namespace escala::testing {

void ServerUnderTestFixture::SetUp() {
  DatabaseTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  SeedDatabase();
  if (HasFatalFailure()) return;
  absl::StatusOr<std::unique_ptr<ServerUnderTest>> server =
      ServerUnderTest::Start(database(), ServerFlags());
  ASSERT_TRUE(server.ok()) << server.status();
  server_ = std::move(*server);
}

void ServerUnderTestFixture::TearDown() {
  server_.reset();
  DatabaseTest::TearDown();
}

}  // namespace escala::testing
