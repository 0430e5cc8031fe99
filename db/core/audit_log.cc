#include "db/core/audit_log.h"

#include "db/core/bound_query.h"

namespace escala::db {

namespace {

constexpr char kInsertAuditEvents[] =
    "INSERT INTO audit_events (event_ms, principal, principal_role, method, resource_type,"
    " resource_name, request_id, request_hash, before_json, after_json) VALUES ";

// "(v1, …, v10)" of one event.
void AppendEventRow(BoundQuery& query, const AuditStamp& stamp, const AuditChange& change,
                    absl::Time now) {
  query.Sql("(")
      .Value(static_cast<long long>(absl::ToUnixMillis(now)))
      .Sql(", ")
      .Value(stamp.principal)
      .Sql(", ")
      .Value(static_cast<long long>(stamp.principal_role))
      .Sql(", ")
      .Value(stamp.method)
      .Sql(", ")
      .Value(change.resource_type)
      .Sql(", ")
      .Value(change.resource_name)
      .Sql(", ")
      .Value(NullIfEmpty(stamp.request_id))
      .Sql(", ")
      .Value(NullIfEmpty(stamp.request_hash))
      .Sql(", ")
      .Value(change.before_json)
      .Sql(", ")
      .Value(change.after_json)
      .Sql(")");
}

}  // namespace

void AppendAuditEvent(soci::session& session, const AuditStamp& stamp, const AuditChange& change,
                      absl::Time now) {
  // A plain INSERT on the caller's session: it joins whatever transaction the caller holds, which
  // is what ties the record to the change it describes.
  BoundQuery query;
  query.Sql(kInsertAuditEvents);
  AppendEventRow(query, stamp, change, now);
  query.Execute(session);
}

void AppendAuditEvents(soci::session& session, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  BoundQuery query;
  query.Sql(kInsertAuditEvents);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) query.Sql(", ");
    AppendEventRow(query, entries[i].stamp, entries[i].change, entries[i].time);
  }
  query.Execute(session);
}

}  // namespace escala::db
