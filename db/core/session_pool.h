#pragma once

#include <soci/connection-pool.h>
#include <soci/session.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/core/database_url.h"

namespace escala::db {

// A bounded pool of SOCI sessions. Leasing waits at most `lease_timeout` and then answers
// UNAVAILABLE, so a saturated or unreachable database turns into an error the client can retry
// instead of a thread blocked forever (soci::session(pool) would block on an empty pool).
class SessionPool {
 public:
  // A leased session, given back on destruction. Move-only.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    soci::session& session() { return *session_; }
    Dialect dialect() const { return pool_->dialect(); }
    // Records that the connection failed; it is re-opened before its next use.
    void MarkBroken();

   private:
    friend class SessionPool;
    Lease(SessionPool* pool, std::size_t position, soci::session* session)
        : pool_(pool), position_(position), session_(session) {}
    SessionPool* pool_;
    std::size_t position_;
    soci::session* session_;
  };

  // Opens `size` sessions. A database that cannot be reached yet is not an error here: the
  // sessions are opened again on lease, and Ping() reports the state.
  static absl::StatusOr<std::unique_ptr<SessionPool>> Open(const DatabaseConfig& config,
                                                           std::size_t size,
                                                           absl::Duration lease_timeout);
  ~SessionPool();

  // UNAVAILABLE when no session is free within the lease timeout or the database is unreachable.
  absl::StatusOr<Lease> Acquire();

  // Runs `SELECT 1` on a leased session: OK when the database answers.
  absl::Status Ping();

  Dialect dialect() const { return config_.dialect; }
  std::size_t size() const { return size_; }

 private:
  SessionPool(DatabaseConfig config, std::size_t size, absl::Duration lease_timeout);
  // Opens (or re-opens) the session at `position` and applies the per-connection settings.
  absl::Status OpenSession(std::size_t position);
  void GiveBack(std::size_t position);

  DatabaseConfig config_;
  std::size_t size_;
  absl::Duration lease_timeout_;
  soci::connection_pool pool_;
  // Per slot: needs (re)opening before use. Only touched by the slot's current lessee.
  std::unique_ptr<std::atomic<bool>[]> needs_open_;
};

}  // namespace escala::db
