#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "db/common/audit_stamp.h"
#include "escala/v1/interactions.pb.h"

namespace escala::db {

// Which interactions ListInteractions returns; empty/zero/unset fields do not filter.
struct InteractionFilter {
  std::string agent_employee_id;
  // Interactions of the team's current members.
  std::string team_id;
  int channel = 0;
  int priority = 0;
  std::optional<int64_t> start_from_ms;  // inclusive
  std::optional<int64_t> start_to_ms;    // exclusive
  std::optional<bool> has_recording;
  std::optional<bool> escalated;
};

// Keyset position in the newest-first order: (start_ms, id), both descending.
struct InteractionCursor {
  int64_t start_ms = 0;
  int64_t id = 0;
};

using SourceKey = std::pair<std::string, std::string>;  // (source_system, source_id)

// One transaction of an import: checks and multi-row inserts, committed together. A commit
// that stores any record also writes one audit event for all of them, stamped with the stamp
// given to BeginImport: resource "interactions" of type "interaction", no before, and after
// {"created_count":N,"source_keys":["<source_system>/<source_id>",…]} listing the source keys
// of the stored records that have one (records without a source key are only counted).
class InteractionImportTransaction {
 public:
  virtual ~InteractionImportTransaction() = default;
  // The subset of `employee_ids` present in the people directory.
  virtual absl::StatusOr<std::vector<std::string>> FindKnownAgents(
      const std::vector<std::string>& employee_ids) = 0;
  // The subset of `keys` already stored.
  virtual absl::StatusOr<std::vector<SourceKey>> FindExistingSources(
      const std::vector<SourceKey>& keys) = 0;
  // Most records one Insert writes with a single statement.
  static constexpr std::size_t kMaxRecordsPerStatement = 500;
  // Writes `records` with multi-row INSERTs of kMaxRecordsPerStatement. ALREADY_EXISTS when a
  // source key is stored already; a call of at most kMaxRecordsPerStatement records then wrote
  // nothing (the statement is undone) and the transaction can go on.
  virtual absl::Status Insert(const std::vector<const v1::Interaction*>& records,
                              absl::Time now) = 0;
  // Writes the audit event (timed with the `now` of the last successful Insert) and commits.
  virtual absl::Status Commit() = 0;
  // Called implicitly by the destructor when not committed.
  virtual void Rollback() = 0;
};

// One create of a batch: the arguments of InteractionRepository::Create.
struct InteractionCreate {
  v1::Interaction interaction;
  std::string request_id;
  AuditStamp stamp;
  absl::Time now;
};

// Storage of interaction records; create_time, update_time and etag are set here. Create and
// Update write one audit event ("interaction", "interactions/{id}", stamped with `stamp`) in the
// transaction of the change; a failed mutation writes none.
class InteractionRepository {
 public:
  virtual ~InteractionRepository() = default;

  // Stores a new record, with `request_id` (may be empty) as its idempotency key. ALREADY_EXISTS
  // for a stored (source_system, source_id) or request_id (so a replay writes no second event);
  // FAILED_PRECONDITION for an unknown agent.
  virtual absl::StatusOr<v1::Interaction> Create(const v1::Interaction& interaction,
                                                 const std::string& request_id,
                                                 const AuditStamp& stamp, absl::Time now) = 0;
  // Creates several records, each with the checks, result and audit event Create gives it;
  // results in the order of `creates`. An implementation may write them in one transaction (many
  // concurrent creates then share one commit); this default creates them one by one.
  virtual std::vector<absl::StatusOr<v1::Interaction>> CreateMany(
      const std::vector<InteractionCreate>& creates) {
    std::vector<absl::StatusOr<v1::Interaction>> results;
    results.reserve(creates.size());
    for (const InteractionCreate& c : creates) {
      results.push_back(Create(c.interaction, c.request_id, c.stamp, c.now));
    }
    return results;
  }
  // The record created with `request_id`, if any.
  virtual absl::StatusOr<std::optional<v1::Interaction>> FindByRequestId(
      const std::string& request_id) = 0;
  // NOT_FOUND when there is no such record.
  virtual absl::StatusOr<v1::Interaction> Get(int64_t id) = 0;
  // At most `limit` records, newest start first, strictly after `after` when given.
  virtual absl::StatusOr<std::vector<v1::Interaction>> List(
      const InteractionFilter& filter, const std::optional<InteractionCursor>& after,
      int limit) = 0;
  // Replaces the caller-controlled fields if the version is still `expected_version`: ABORTED
  // when it changed meanwhile, NOT_FOUND, FAILED_PRECONDITION for an unknown agent. The version
  // moves and an event is written even when no field changes.
  virtual absl::StatusOr<v1::Interaction> Update(const v1::Interaction& interaction,
                                                 int64_t expected_version, const AuditStamp& stamp,
                                                 absl::Time now) = 0;
  // Leases a connection and begins a transaction for an import batch (or a whole import); its
  // audit event carries `stamp`.
  virtual absl::StatusOr<std::unique_ptr<InteractionImportTransaction>> BeginImport(
      const AuditStamp& stamp) = 0;
};

}  // namespace escala::db
