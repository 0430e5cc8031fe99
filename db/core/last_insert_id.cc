#include "db/core/last_insert_id.h"

#include <soci/soci.h>

#include "absl/strings/str_cat.h"

namespace escala::db {

long long LastInsertId(SessionPool::Lease& lease, const char* table) {
  long long id = 0;
  if (lease.dialect() == Dialect::kSqlite) {
    // SOCI reads sqlite_sequence, which another connection may have moved on meanwhile;
    // last_insert_rowid() is this connection's own.
    lease.session() << "SELECT last_insert_rowid()", soci::into(id);
  } else if (!lease.session().get_last_insert_id(table, id)) {
    throw soci::soci_error(absl::StrCat("no id assigned in ", table));
  }
  return id;
}

}  // namespace escala::db
