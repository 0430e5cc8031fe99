#pragma once

#include <soci/soci.h>

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/core/sql_dialect.h"

namespace escala::db {

// A SQL text assembled piece by piece with every value bound as a parameter, never spliced in.
// Sql() takes only constant or allow-listed text; Value() appends a placeholder and keeps the
// value alive (SOCI reads bound values at execution time, so they must outlive the statement).
class BoundQuery {
 public:
  BoundQuery& Sql(std::string_view text);
  BoundQuery& Value(long long value);
  BoundQuery& Value(std::string value);
  // NULL when empty.
  BoundQuery& Value(std::optional<long long> value);
  BoundQuery& Value(std::optional<std::string> value);
  // "(:p1, :p2, …)" for an IN list; `values` must not be empty.
  BoundQuery& InList(const std::vector<std::string>& values);

  // The SQL text with placeholders in the style of `dialect`: SQLite gets anonymous "?" (its
  // named-parameter lookup is quadratic: 20,000 ":pN" names in one multi-row INSERT cost
  // seconds), MySQL gets ":pN", which SOCI's MySQL backend substitutes itself.
  std::string text(Dialect dialect) const;
  // Adds the bound values to `statement` in placeholder order.
  void BindTo(soci::statement& statement);
  // Prepares and runs a statement that returns no rows; returns the affected row count.
  long long Execute(soci::session& session);

 private:
  void AppendPlaceholder();

  struct Binding {
    long long* integer = nullptr;
    std::string* text = nullptr;
    soci::indicator* indicator = nullptr;
  };
  // Placeholders are kPlaceholder characters until text() renders them.
  static constexpr char kPlaceholder = '\x01';
  std::string text_;
  // Deques keep element addresses stable as values are appended.
  std::deque<long long> integers_;
  std::deque<std::string> texts_;
  std::deque<soci::indicator> indicators_;
  std::vector<Binding> bindings_;
};

// The dialect `session` speaks, for code that is given a session without its lease.
Dialect DialectOf(soci::session& session);

// NULL (nullopt) for an empty string: optional text columns store "absent" as NULL.
std::optional<std::string> NullIfEmpty(const std::string& value);

// Which of `keys` exist: runs `select_in` (a constant such as
// "SELECT team_id FROM teams WHERE team_id IN ") with the keys as a bound IN list, in chunks
// that stay below SQLite's parameter limit, and returns the first column of every row.
std::vector<std::string> SelectExistingKeys(soci::session& session, std::string_view select_in,
                                            const std::vector<std::string>& keys);

// Prepares `query` on `statement` (made from `session`) together with the into() targets already
// exchanged on it, and executes it without fetching: call statement.fetch() for each row.
void PrepareAndExecute(soci::session& session, soci::statement& statement, BoundQuery& query);

}  // namespace escala::db
