#include "db/core/transaction.h"

#include <soci/soci.h>

namespace escala::db {

Transaction::Transaction(soci::session& session, Dialect dialect)
    : session_(session), dialect_(dialect) {
  if (dialect_ == Dialect::kSqlite) {
    session_ << "BEGIN IMMEDIATE";
  } else {
    session_.begin();
  }
}

Transaction::~Transaction() {
  if (!active_) return;
  try {
    Rollback();
  } catch (...) {
    // The connection is probably gone; the server rolls the transaction back itself.
  }
}

void Transaction::Commit() {
  active_ = false;
  if (dialect_ == Dialect::kSqlite) {
    session_ << "COMMIT";
  } else {
    session_.commit();
  }
}

void Transaction::Rollback() {
  active_ = false;
  if (dialect_ == Dialect::kSqlite) {
    session_ << "ROLLBACK";
  } else {
    session_.rollback();
  }
}

ReadSnapshot::ReadSnapshot(soci::session& session, Dialect dialect) : session_(session) {
  session_ << (dialect == Dialect::kSqlite ? "BEGIN" : "START TRANSACTION READ ONLY");
}

ReadSnapshot::~ReadSnapshot() {
  if (!active_) return;
  try {
    session_ << "ROLLBACK";
  } catch (...) {
    // The connection is probably gone; the server ends the transaction itself.
  }
}

void ReadSnapshot::End() {
  active_ = false;
  session_ << "COMMIT";
}

}  // namespace escala::db
