#pragma once

#include <string>

namespace escala::db {

// The audit vocabulary that repository interfaces and handlers share. It carries no SOCI: the
// writer that puts these on a session is db/core/audit_log.h.

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
  // The fingerprint of the request without its request_id (see server/api/request_id.h), when
  // the request_id came from the request's own field: what a retry of a state-changing method is
  // compared with (db/common/request_log.h). Empty otherwise.
  std::string request_hash;
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

}  // namespace escala::db
