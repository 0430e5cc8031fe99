#pragma once

#include <soci/session.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace escala::db {

// Who made a change and through which call: the part of an audit event known before the
// change is made. Handlers build it from the authenticated caller; repositories add the rest.
struct AuditStamp {
  // "people/E1001" or "serviceAccounts/hr-sync".
  std::string principal;
  // The principal's escala.v1.Role at the time of the call.
  int principal_role = 0;
  // "escala.v1.PeopleService/UpdatePerson".
  std::string method;
  // The call's request_id, when it had one.
  std::string request_id;
};

// What one event says changed.
struct AuditChange {
  // "person", "team", "interaction", "service_account", "token".
  std::string resource_type;
  // "people/E1001", "interactions/42"; a batch names its collection ("interactions").
  std::string resource_name;
  // JSON objects of the changed fields (see DiffForAudit); before is empty on create.
  std::string before_json;
  std::string after_json;
};

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
