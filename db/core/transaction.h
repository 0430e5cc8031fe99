#pragma once

#include <soci/session.h>

#include "db/core/sql_dialect.h"

namespace escala::db {

// An RAII transaction that rolls back unless committed. On SQLite it starts with
// BEGIN IMMEDIATE: a deferred BEGIN that later writes can fail with SQLITE_BUSY at the lock
// upgrade instead of waiting for the writer lock. Throws soci::soci_error like SOCI itself.
class Transaction {
 public:
  Transaction(soci::session& session, Dialect dialect);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void Commit();
  void Rollback();

 private:
  soci::session& session_;
  Dialect dialect_;
  bool active_ = true;
};

// An RAII read-only transaction: every read in it sees one snapshot (a List page and the event
// feed's head together). MariaDB: START TRANSACTION READ ONLY, whose snapshot opens at the first
// read (REPEATABLE READ); SQLite: a deferred BEGIN, whose read lock holds the snapshot without
// taking the writer lock. Ended by End() or, on the way out of an error, rolled back.
class ReadSnapshot {
 public:
  ReadSnapshot(soci::session& session, Dialect dialect);
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  ~ReadSnapshot();

  void End();

 private:
  soci::session& session_;
  bool active_ = true;
};

}  // namespace escala::db
