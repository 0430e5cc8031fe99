#pragma once

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "db/interactions/interaction_repository.h"
#include "escala/v1/interactions.pb.h"
#include "server/platform/clock.h"

namespace escala::server {

// The logic of one ImportInteractions stream, free of gRPC. Records are validated as they
// arrive (Add), and written in multi-row batches (WritePending) when BatchReady():
// - KEEP_VALID: each batch is its own transaction; once WritePending returns, every record up
//   to committed_through() is final (written, already present or rejected);
// - ALL_OR_NOTHING: one transaction spans the stream and Finish() commits it only when no record
//   was rejected; otherwise nothing is written and imported_count is 0.
// A record is rejected (with its 1-based position, field and reason) when it breaks a
// validation rule (INVALID_ARGUMENT), names an unknown agent (FAILED_PRECONDITION) or repeats a
// source id earlier in the same stream (ALREADY_EXISTS). A record whose (source_system,
// source_id) is already stored counts as already_present, so a stream can be re-sent.
class ImportProcessor {
 public:
  // `stamp` says who imports, for the audit event each committed transaction writes.
  ImportProcessor(db::InteractionRepository& repository, v1::ImportMode mode, Clock clock,
                  std::size_t batch_size, db::AuditStamp stamp);
  ~ImportProcessor();

  // Takes the records of one stream message (positions continue across messages).
  void Add(v1::ImportInteractionsRequest& message);
  bool BatchReady() const { return pending_.size() >= batch_size_; }
  // Writes the pending records. A non-OK status ends the import: the database failed.
  absl::Status WritePending();
  // Writes the rest and, for ALL_OR_NOTHING, commits or rolls back.
  absl::Status Finish();
  // Rolls back anything uncommitted (ALL_OR_NOTHING); used when the stream is abandoned.
  void Abandon();

  const v1::ImportInteractionsResponse& response() const { return response_; }
  // Every record at or before this position is final. 0 when nothing is.
  int64_t committed_through() const { return committed_through_; }
  v1::ImportMode mode() const { return mode_; }

 private:
  struct Pending {
    int64_t position;
    v1::Interaction record;
  };
  void Reject(int64_t position, std::string field, std::string reason, absl::StatusCode code);
  // One attempt at writing `batch` inside `transaction`; ALREADY_EXISTS when a concurrent
  // writer stored one of the source ids between our check and our insert.
  absl::Status WriteBatch(db::InteractionImportTransaction& transaction,
                          const std::vector<Pending>& batch, int64_t* imported);
  absl::Status ResolveAgents(db::InteractionImportTransaction& transaction,
                             const std::vector<Pending>& batch);

  db::InteractionRepository& repository_;
  db::AuditStamp stamp_;
  v1::ImportMode mode_;
  Clock clock_;
  std::size_t batch_size_;
  int64_t next_position_ = 1;
  std::vector<Pending> pending_;
  std::set<std::pair<std::string, std::string>> seen_sources_;
  std::set<std::string> known_agents_;
  std::set<std::string> unknown_agents_;
  // ALL_OR_NOTHING: the transaction spanning the stream, and what it holds so far.
  std::unique_ptr<db::InteractionImportTransaction> whole_import_;
  int64_t uncommitted_imported_ = 0;
  int64_t committed_through_ = 0;
  v1::ImportInteractionsResponse response_;
};

}  // namespace escala::server
