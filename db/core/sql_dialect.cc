#include "db/core/sql_dialect.h"

namespace escala::db {

std::string_view DialectName(Dialect dialect) {
  return dialect == Dialect::kMysql ? "mysql" : "sqlite";
}

}  // namespace escala::db
