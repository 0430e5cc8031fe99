#pragma once

#include "db/core/session_pool.h"

namespace escala::db {

// The id the lease's connection assigned in its last INSERT into `table`. Throws soci_error
// (which WithSession turns into a status) when the database reports none.
long long LastInsertId(SessionPool::Lease& lease, const char* table);

}  // namespace escala::db
