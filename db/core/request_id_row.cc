#include "db/core/request_id_row.h"

#include <soci/soci.h>

#include "absl/strings/str_cat.h"
#include "db/core/bound_query.h"

namespace escala::db {

std::optional<RequestIdRow> FindRowByRequestId(SessionPool::Lease& lease, const char* table,
                                               const std::string& request_id) {
  BoundQuery query;
  query.Sql(absl::StrCat("SELECT id, request_hash FROM ", table, " WHERE request_id = "))
      .Value(request_id);
  RequestIdRow row;
  soci::indicator hash_indicator = soci::i_null;
  soci::statement statement(lease.session());
  statement.exchange(soci::into(row.id));
  statement.exchange(soci::into(row.request_hash, hash_indicator));
  PrepareAndExecute(lease.session(), statement, query);
  if (!statement.fetch()) return std::nullopt;
  if (hash_indicator != soci::i_ok) row.request_hash.clear();
  return row;
}

}  // namespace escala::db
