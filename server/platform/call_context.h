#pragma once

#include <string>

#include "db/common/audit_stamp.h"
#include "db/common/create_request.h"
#include "escala/v1/people.pb.h"

namespace escala::server {

// The authenticated principal behind a call.
struct Caller {
  // "people/E1001" or "serviceAccounts/hr-sync".
  std::string principal;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string display_name;
  // The person's employee id; empty for a service account.
  std::string employee_id;
  // The person's team; empty for service accounts and people without a team.
  std::string team_id;
  // The token the call presented.
  std::string token_id;
};

// How far the policy lets a caller reach for one method (see access_policy.h).
enum class Scope {
  // Every record.
  kAll,
  // Only records of the caller: their own person, interactions, tokens, ….
  kOwn,
  // Only records of the caller's team.
  kTeam,
};

// What the access gate admitted a call as: who, which method, and how far it may reach.
// Handlers take it to narrow reads to the scope and to stamp audit events.
struct CallContext {
  Caller caller;
  // "escala.v1.PeopleService/GetPerson".
  std::string method;
  Scope scope = Scope::kAll;
  // The "x-request-id" metadata, when the client sent one.
  std::string request_id;

  // The caller's reach, as List page tokens are bound to it: a token issued to one caller (or
  // under one scope) is refused for another, whose filters the scope may narrow differently.
  std::string PageScope() const {
    return caller.principal + '\x1f' + std::to_string(static_cast<int>(scope)) + '\x1f' +
           std::to_string(static_cast<int>(caller.role)) + '\x1f' + caller.team_id;
  }

  // The audit stamp of this call; a request's own request_id field, when given, wins over the
  // metadata.
  db::AuditStamp Stamp(const std::string& request_id_field = "") const {
    db::AuditStamp stamp;
    stamp.principal = caller.principal;
    stamp.principal_role = static_cast<int>(caller.role);
    stamp.method = method;
    stamp.request_id = request_id_field.empty() ? request_id : request_id_field;
    return stamp;
  }

  // The audit stamp of a state-changing request with its idempotency key (CreateRequestOf): the
  // request_id and the fingerprint a retry is compared with. Without a request_id, as Stamp().
  db::AuditStamp Stamp(const db::CreateRequest& key) const {
    db::AuditStamp stamp = Stamp(key.request_id);
    if (!key.request_id.empty()) stamp.request_hash = key.request_hash;
    return stamp;
  }
};

}  // namespace escala::server
