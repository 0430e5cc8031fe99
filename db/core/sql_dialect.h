#pragma once

#include <string_view>

namespace escala::db {

// The SQL dialects Escala speaks. Migrations are kept per dialect; everything else is portable.
enum class Dialect { kSqlite, kMysql };

// "sqlite" or "mysql": the folder name under db/migrations/.
std::string_view DialectName(Dialect dialect);

}  // namespace escala::db
