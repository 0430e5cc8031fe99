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

void SessionPool::Lease::MarkBroken() {
  pool_->slots_[position_].needs_open = true;
  pool_->broken_generation_.fetch_add(1);
}

SessionPool::SessionPool(DatabaseConfig config, std::size_t size, absl::Duration lease_timeout)
    : config_(std::move(config)),
      size_(size),
      lease_timeout_(lease_timeout),
      pool_(size),
      slots_(new Slot[size]) {}

SessionPool::~SessionPool() = default;

absl::StatusOr<std::unique_ptr<SessionPool>> SessionPool::Open(const DatabaseConfig& config,
                                                               std::size_t size,
                                                               absl::Duration lease_timeout) {
  if (size == 0) return absl::InvalidArgumentError("db-pool-size must be at least 1");
  std::unique_ptr<SessionPool> pool(new SessionPool(config, size, lease_timeout));
  for (std::size_t i = 0; i < size; ++i) {
    // Failures are remembered in needs_open and retried on lease.
    (void)pool->OpenSession(i);
  }
  return pool;
}

absl::Status SessionPool::OpenSession(std::size_t position) {
  soci::session& session = pool_.at(position);
  Slot& slot = slots_[position];
  // Read before connecting: a connection lost while this one opens must still get it checked.
  const uint64_t generation = broken_generation_.load();
  slot.connection_id = 0;
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
      // The id KILL QUERY names to cancel this connection's statement at shutdown.
      long long id = 0;
      session << "SELECT CONNECTION_ID()", soci::into(id);
      slot.connection_id = static_cast<uint64_t>(id);
    }
    slot.needs_open = false;
    slot.generation = generation;
    return absl::OkStatus();
  } catch (const std::exception& e) {
    slot.needs_open = true;
    absl::Status status = SociErrorToStatus(e, absl::StrCat("connecting to ", config_.display));
    // Whatever went wrong while connecting, the caller should treat the database as unavailable.
    return absl::UnavailableError(status.message());
  }
}

bool SessionPool::Validate(std::size_t position) {
  const uint64_t generation = broken_generation_.load();
  try {
    int one = 0;
    pool_.at(position) << "SELECT 1", soci::into(one);
    slots_[position].generation = generation;
    return true;
  } catch (const std::exception&) {
    return false;
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
  Slot& slot = slots_[position];
  slot.leased = true;
  Lease lease(this, position, &pool_.at(position));
  const absl::Time now = absl::Now();
  bool open = !slot.needs_open;
  if (open && config_.dialect == Dialect::kMysql &&
      (slot.generation != broken_generation_.load() || now - slot.last_used > kValidateIdleAfter)) {
    open = Validate(position);
    if (!open) {
      slot.needs_open = true;
      broken_generation_.fetch_add(1);
      // A check that failed slowly ran into the read timeout: the server is there but does not
      // answer, and connecting again would only add the connect timeout to the caller's wait.
      if (absl::Now() - now >= kSlowCheck) {
        return absl::UnavailableError(
            absl::StrCat("the database did not answer (", config_.display, ")"));
      }
    }
  }
  if (!open) {
    absl::Status status = OpenSession(position);
    if (!status.ok()) return status;
  }
  slot.last_used = now;
  return lease;
}

void SessionPool::GiveBack(std::size_t position) {
  Slot& slot = slots_[position];
  slot.last_used = absl::Now();
  slot.leased = false;
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

int SessionPool::CancelRunningStatements() {
  if (config_.dialect != Dialect::kMysql) return 0;
  std::vector<uint64_t> running;
  for (std::size_t i = 0; i < size_; ++i) {
    const uint64_t id = slots_[i].connection_id.load();
    if (slots_[i].leased.load() && id != 0) running.push_back(id);
  }
  if (running.empty()) return 0;
  int cancelled = 0;
  try {
    // Its own connection with one-second timeouts: the pool's are all busy, and a server that
    // does not answer must not hold the shutdown.
    soci::session control(config_.backend, config_.control_connect_string);
    for (uint64_t id : running) {
      try {
        long long thread_id = static_cast<long long>(id);
        control << "KILL QUERY :id", soci::use(thread_id);
        ++cancelled;
      } catch (const std::exception&) {
        // The connection ended meanwhile, or the statement did; either way nothing to cancel.
      }
    }
  } catch (const std::exception&) {
    // Cannot reach the database: the statements cannot be cancelled; the process exit ends them.
  }
  return cancelled;
}

}  // namespace escala::db
