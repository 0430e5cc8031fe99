#pragma once

#include <string>
#include <vector>

namespace escala::db {

// One SQL migration file as compiled into the binary.
struct MigrationSource {
  // "mysql" or "sqlite": the folder under db/migrations/.
  std::string dialect;
  // File name, "NNNN_verb_object.sql"; NNNN is the schema version it brings the database to.
  std::string file_name;
  std::string sql;
};

// Every file under db/migrations/, sorted by dialect and file name (generated at build time).
const std::vector<MigrationSource>& EmbeddedMigrations();

}  // namespace escala::db
