#pragma once

#include <soci/connection-pool.h>
#include <soci/session.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
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
//
// A pooled MariaDB connection can go stale without anyone noticing (the server restarted, a
// proxy dropped it). So before a call gets a session, the pool checks it with a round trip when
// it has been idle longer than kValidateIdleAfter, or when any session of the pool has lost its
// connection since this one was last known good (a lost connection rarely comes alone); a
// session that fails the check is re-opened, and the call only sees an error when re-opening
// fails too.
class SessionPool {
 public:
  // How long a MariaDB session may sit unused before its next lease checks it first.
  static constexpr absl::Duration kValidateIdleAfter = absl::Seconds(5);
  // A check slower than this failed on a server that does not answer (not on a dead connection,
  // which fails at once): the lease fails UNAVAILABLE without trying to connect again.
  static constexpr absl::Duration kSlowCheck = absl::Seconds(1);

  // A leased session, given back on destruction. Move-only.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    soci::session& session() { return *session_; }
    Dialect dialect() const { return pool_->dialect(); }
    // Records that the connection failed; it is re-opened before its next use, and the pool's
    // other sessions are checked before theirs.
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

  // Cancels the statements that leased sessions are running now, from a separate short-lived
  // connection (MariaDB: KILL QUERY with each session's connection id), so that their calls fail
  // promptly; the transactions they were in roll back. For the end of a shutdown's grace period.
  // Returns how many statements it asked to cancel. SQLite: nothing to do (the process exit ends
  // its statements), returns 0. Thread-safe; waits at most a few seconds whatever the database
  // does.
  int CancelRunningStatements();

  Dialect dialect() const { return config_.dialect; }
  std::size_t size() const { return size_; }

 private:
  // What the pool knows about one session. Written by the session's lessee; `leased` and
  // `connection_id` are also read by CancelRunningStatements from another thread.
  struct Slot {
    std::atomic<bool> needs_open{true};
    std::atomic<bool> leased{false};
    // The server's id of the connection (CONNECTION_ID()), 0 when unknown.
    std::atomic<uint64_t> connection_id{0};
    // The pool's broken-connection generation when the session was last known good.
    uint64_t generation = 0;
    absl::Time last_used = absl::InfinitePast();
  };

  SessionPool(DatabaseConfig config, std::size_t size, absl::Duration lease_timeout);
  // Opens (or re-opens) the session at `position` and applies the per-connection settings.
  absl::Status OpenSession(std::size_t position);
  // Whether a round trip on the session at `position` succeeds (MariaDB only).
  bool Validate(std::size_t position);
  void GiveBack(std::size_t position);

  DatabaseConfig config_;
  std::size_t size_;
  absl::Duration lease_timeout_;
  soci::connection_pool pool_;
  std::unique_ptr<Slot[]> slots_;
  // Incremented whenever a session loses its connection.
  std::atomic<uint64_t> broken_generation_{0};
};

}  // namespace escala::db
