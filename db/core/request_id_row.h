#pragma once

#include <optional>
#include <string>

#include "db/core/session_pool.h"

namespace escala::db {

// The row a create stored under a request_id: its id and request_hash ("" when NULL).
struct RequestIdRow {
  long long id = 0;
  std::string request_hash;
};

// The row of `table` whose unique request_id column holds `request_id`; nullopt when there is
// none. `table` is a name from the code (its integer key column is `id`), never from input.
std::optional<RequestIdRow> FindRowByRequestId(SessionPool::Lease& lease, const char* table,
                                               const std::string& request_id);

}  // namespace escala::db
