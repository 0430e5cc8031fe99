#include "db/audit_log.h"

#include "db/bound_query.h"

namespace escala::db {

void AppendAuditEvent(soci::session& session, const AuditStamp& stamp, const AuditChange& change,
                      absl::Time now) {
  // A plain INSERT on the caller's session: it joins whatever transaction the caller holds, which
  // is what ties the record to the change it describes.
  BoundQuery query;
  query.Sql("INSERT INTO audit_events (event_ms, principal, principal_role, method, resource_type,"
            " resource_name, request_id, before_json, after_json) VALUES (")
      .Value(static_cast<long long>(absl::ToUnixMillis(now))).Sql(", ")
      .Value(stamp.principal).Sql(", ")
      .Value(static_cast<long long>(stamp.principal_role)).Sql(", ")
      .Value(stamp.method).Sql(", ")
      .Value(change.resource_type).Sql(", ")
      .Value(change.resource_name).Sql(", ")
      .Value(NullIfEmpty(stamp.request_id)).Sql(", ")
      .Value(change.before_json).Sql(", ")
      .Value(change.after_json).Sql(")");
  query.Execute(session);
}

}  // namespace escala::db
