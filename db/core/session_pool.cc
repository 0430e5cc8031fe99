#include "db/core/session_pool.h"

#include <soci/soci.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "db/core/pool_stats.h"
#include "db/core/soci_error_status.h"

namespace escala::db {

SessionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), position_(other.position_), session_(other.session_) {
  other.pool_ = nullptr;
}

SessionPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->GiveBack(position_);
}

void SessionPool::Lease::MarkBroken() { pool_->needs_open_[position_] = true; }

SessionPool::SessionPool(DatabaseConfig config, std::size_t size, absl::Duration lease_timeout)
    : config_(std::move(config)),
      size_(size),
      lease_timeout_(lease_timeout),
      pool_(size),
      needs_open_(new std::atomic<bool>[size]) {
  for (std::size_t i = 0; i < size; ++i) needs_open_[i] = true;
}

SessionPool::~SessionPool() = default;

absl::StatusOr<std::unique_ptr<SessionPool>> SessionPool::Open(const DatabaseConfig& config,
                                                               std::size_t size,
                                                               absl::Duration lease_timeout) {
  if (size == 0) return absl::InvalidArgumentError("db-pool-size must be at least 1");
  std::unique_ptr<SessionPool> pool(new SessionPool(config, size, lease_timeout));
  for (std::size_t i = 0; i < size; ++i) {
    // Failures are remembered in needs_open_ and retried on lease.
    (void)pool->OpenSession(i);
  }
  return pool;
}

absl::Status SessionPool::OpenSession(std::size_t position) {
  soci::session& session = pool_.at(position);
  try {
    session.close();
    session.open(config_.backend, config_.connect_string);
    if (config_.dialect == Dialect::kSqlite) {
      // WAL lets readers run beside the one writer; foreign keys are off by default in SQLite.
      session << "PRAGMA journal_mode=WAL";
      session << "PRAGMA foreign_keys=ON";
      session << "PRAGMA synchronous=NORMAL";
    } else {
      // Strict mode turns silent truncation into errors; UTC keeps any server-side time sane.
      session << "SET SESSION sql_mode='STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION'";
      session << "SET SESSION time_zone='+00:00'";
    }
    needs_open_[position] = false;
    return absl::OkStatus();
  } catch (const std::exception& e) {
    needs_open_[position] = true;
    absl::Status status = SociErrorToStatus(e, absl::StrCat("connecting to ", config_.display));
    // Whatever went wrong while connecting, the caller should treat the database as unavailable.
    return absl::UnavailableError(status.message());
  }
}

absl::StatusOr<SessionPool::Lease> SessionPool::Acquire() {
  std::size_t position = 0;
  const int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(lease_timeout_));
  const absl::Time asked = absl::Now();
  const bool leased = pool_.try_lease(position, timeout_ms);
  pool_stats_internal::LeaseAttempted(absl::Now() - asked, leased);
  if (!leased) {
    return absl::UnavailableError(absl::StrCat("no database connection free within ", timeout_ms,
                                               " ms (pool of ", size_, ")"));
  }
  Lease lease(this, position, &pool_.at(position));
  if (needs_open_[position]) {
    absl::Status status = OpenSession(position);
    if (!status.ok()) return status;
  }
  return lease;
}

void SessionPool::GiveBack(std::size_t position) {
  pool_.give_back(position);
  pool_stats_internal::LeaseGivenBack();
}

absl::Status SessionPool::Ping() {
  absl::StatusOr<Lease> lease = Acquire();
  if (!lease.ok()) return lease.status();
  try {
    int one = 0;
    lease->session() << "SELECT 1", soci::into(one);
    return absl::OkStatus();
  } catch (const std::exception& e) {
    lease->MarkBroken();
    return absl::UnavailableError(absl::StrCat("database ping failed: ", e.what()));
  }
}

}  // namespace escala::db
