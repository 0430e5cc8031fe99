#pragma once

#include <soci/session.h>

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/common/audit_stamp.h"

namespace escala::db {

// Appends one audit event on `session`, inside the transaction the caller holds open for the
// change itself, so that the change and its record commit or roll back together. Throws
// soci::soci_error like SOCI.
void AppendAuditEvent(soci::session& session, const AuditStamp& stamp, const AuditChange& change,
                      absl::Time now);

// One event of a batch: who, what, and when.
struct AuditEntry {
  AuditStamp stamp;
  AuditChange change;
  absl::Time time;
};

// Appends several events with one multi-row INSERT, in the caller's transaction, for changes
// written together (one event per change, as AppendAuditEvent would write them). Nothing for an
// empty list.
void AppendAuditEvents(soci::session& session, const std::vector<AuditEntry>& entries);

}  // namespace escala::db
