// The session pool's lease limit, against SQLite and MariaDB.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "db/core/pool_stats.h"
#include "db/core/session_pool.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/test_database.h"

namespace escala::testing {
namespace {

using ::testing::HasSubstr;

class SessionPoolContract : public DatabaseTest {
 protected:
  TestDatabaseOptions Options() const override {
    TestDatabaseOptions options;
    options.pool_size = 1;
    options.lease_timeout = absl::Milliseconds(100);
    return options;
  }
};

TEST_P(SessionPoolContract, AcquireIsUnavailableWhileEveryConnectionIsLeased) {
  db::SessionPool& pool = database().pool();
  ASSERT_EQ(pool.size(), 1u);
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(db::SessionPool::Lease held, pool.Acquire());
    EXPECT_THAT(pool.Acquire(), StatusIs(absl::StatusCode::kUnavailable, HasSubstr("100 ms")));
    EXPECT_THAT(pool.Ping(), StatusIs(absl::StatusCode::kUnavailable));
  }
  // Given back on destruction: the next lease succeeds and the session works.
  EXPECT_THAT(pool.Acquire(), IsOk());
  EXPECT_THAT(pool.Ping(), IsOk());
}

TEST_P(SessionPoolContract, AMovedLeaseStaysHeldUntilItsNewOwnerEnds) {
  db::SessionPool& pool = database().pool();
  {
    std::optional<db::SessionPool::Lease> moved;
    {
      ESCALA_ASSERT_OK_AND_ASSIGN(db::SessionPool::Lease first, pool.Acquire());
      moved.emplace(std::move(first));
    }
    // The moved-from lease has ended; the connection is still held by `moved`.
    EXPECT_THAT(pool.Acquire(), StatusIs(absl::StatusCode::kUnavailable));
  }
  EXPECT_THAT(pool.Acquire(), IsOk());
}

// What the metrics read: leases held now, and every lease attempt with its wait and outcome.
TEST_P(SessionPoolContract, CountsLeasesInUseAndReportsEveryAttempt) {
  db::SessionPool& pool = database().pool();
  int leased = 0;
  int refused = 0;
  db::SetLeaseObserver([&](absl::Duration waited, bool ok) {
    EXPECT_GE(waited, absl::ZeroDuration());
    ++(ok ? leased : refused);
  });
  const std::size_t before = db::SessionLeasesInUse();
  {
    ESCALA_ASSERT_OK_AND_ASSIGN(db::SessionPool::Lease held, pool.Acquire());
    EXPECT_EQ(db::SessionLeasesInUse(), before + 1);
    EXPECT_THAT(pool.Acquire(), StatusIs(absl::StatusCode::kUnavailable));
    EXPECT_EQ(db::SessionLeasesInUse(), before + 1);
  }
  EXPECT_EQ(db::SessionLeasesInUse(), before);
  db::SetLeaseObserver(nullptr);
  EXPECT_EQ(leased, 1);
  EXPECT_EQ(refused, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, SessionPoolContract, ::testing::ValuesIn(AllBackends()),
                         BackendName);

}  // namespace
}  // namespace escala::testing
