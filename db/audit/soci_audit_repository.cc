#include "db/audit/soci_audit_repository.h"

#include <soci/soci.h>

#include "db/common/proto_time.h"
#include "db/core/bound_query.h"
#include "db/core/with_session.h"

namespace escala::db {
namespace {

std::vector<v1::AuditEvent> FetchEvents(soci::session& session, BoundQuery& query) {
  long long id = 0, event_ms = 0, role = 0;
  std::string principal, method, resource_type, resource_name, request_id, before_json, after_json;
  soci::indicator request_id_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(event_ms));
  statement.exchange(soci::into(principal));
  statement.exchange(soci::into(role));
  statement.exchange(soci::into(method));
  statement.exchange(soci::into(resource_type));
  statement.exchange(soci::into(resource_name));
  statement.exchange(soci::into(request_id, request_id_indicator));
  statement.exchange(soci::into(before_json));
  statement.exchange(soci::into(after_json));
  PrepareAndExecute(session, statement, query);
  std::vector<v1::AuditEvent> events;
  while (statement.fetch()) {
    v1::AuditEvent& event = events.emplace_back();
    event.set_id(id);
    *event.mutable_event_time() = MillisToTimestamp(event_ms);
    event.set_principal(principal);
    // Stored as the number the caller had; a role added later still reads back unchanged.
    event.set_principal_role(static_cast<v1::Role>(role));
    event.set_method(method);
    event.set_resource_type(resource_type);
    event.set_resource_name(resource_name);
    if (request_id_indicator == soci::i_ok) event.set_request_id(request_id);
    event.set_before_json(before_json);
    event.set_after_json(after_json);
  }
  return events;
}

}  // namespace

absl::StatusOr<std::vector<v1::AuditEvent>> SociAuditRepository::List(
    const AuditFilter& filter, std::optional<int64_t> after_id, int limit) {
  return WithSession(
      pool_, "ListAuditEvents",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::AuditEvent>> {
        BoundQuery query;
        query.Sql(
            "SELECT id, event_ms, principal, principal_role, method, resource_type,"
            " resource_name, request_id, before_json, after_json FROM audit_events WHERE 1 = 1");
        if (!filter.principal.empty()) query.Sql(" AND principal = ").Value(filter.principal);
        if (!filter.resource_type.empty())
          query.Sql(" AND resource_type = ").Value(filter.resource_type);
        if (!filter.resource_name.empty())
          query.Sql(" AND resource_name = ").Value(filter.resource_name);
        if (filter.start_ms)
          query.Sql(" AND event_ms >= ").Value(static_cast<long long>(*filter.start_ms));
        if (filter.end_ms)
          query.Sql(" AND event_ms < ").Value(static_cast<long long>(*filter.end_ms));
        // Keyset by id alone: ids only grow, so "after" in either direction is one comparison.
        if (after_id) {
          query.Sql(filter.oldest_first ? " AND id > " : " AND id < ")
              .Value(static_cast<long long>(*after_id));
        }
        query.Sql(filter.oldest_first ? " ORDER BY id ASC LIMIT " : " ORDER BY id DESC LIMIT ")
            .Value(static_cast<long long>(limit));
        return FetchEvents(lease.session(), query);
      });
}

absl::StatusOr<std::optional<LoggedRequest>> SociAuditRepository::Find(
    const std::string& principal, const std::string& method, const std::string& request_id) {
  return WithSession(
      pool_, "FindLoggedRequest",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::optional<LoggedRequest>> {
        BoundQuery query;
        // The first event of the request: a change that writes several events writes them together.
        query
            .Sql(
                "SELECT id, request_hash, resource_name, after_json FROM audit_events"
                " WHERE principal = ")
            .Value(principal)
            .Sql(" AND method = ")
            .Value(method)
            .Sql(" AND request_id = ")
            .Value(request_id)
            .Sql(" AND request_hash IS NOT NULL ORDER BY id ASC LIMIT 1");
        long long id = 0;
        LoggedRequest found;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(id));
        statement.exchange(soci::into(found.request_hash));
        statement.exchange(soci::into(found.resource_name));
        statement.exchange(soci::into(found.after_json));
        PrepareAndExecute(lease.session(), statement, query);
        if (!statement.fetch()) return std::nullopt;
        found.event_id = id;
        return found;
      });
}

}  // namespace escala::db
