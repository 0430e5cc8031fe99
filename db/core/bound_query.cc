#include "db/core/bound_query.h"

#include <algorithm>

#include "absl/strings/str_cat.h"

namespace escala::db {

BoundQuery& BoundQuery::Sql(std::string_view text) {
  text_.append(text);
  return *this;
}

void BoundQuery::AppendPlaceholder() { text_.push_back(kPlaceholder); }

std::string BoundQuery::text(Dialect dialect) const {
  std::string rendered;
  rendered.reserve(text_.size() + 4 * bindings_.size());
  std::size_t number = 0;
  for (char c : text_) {
    if (c != kPlaceholder) {
      rendered.push_back(c);
    } else if (dialect == Dialect::kSqlite) {
      rendered.push_back('?');
    } else {
      absl::StrAppend(&rendered, ":p", number++);
    }
  }
  return rendered;
}

Dialect DialectOf(soci::session& session) {
  return session.get_backend_name() == "sqlite3" ? Dialect::kSqlite : Dialect::kMysql;
}

BoundQuery& BoundQuery::Value(long long value) { return Value(std::optional<long long>(value)); }

BoundQuery& BoundQuery::Value(std::string value) {
  return Value(std::optional<std::string>(std::move(value)));
}

BoundQuery& BoundQuery::Value(std::optional<long long> value) {
  AppendPlaceholder();
  integers_.push_back(value.value_or(0));
  indicators_.push_back(value.has_value() ? soci::i_ok : soci::i_null);
  bindings_.push_back({&integers_.back(), nullptr, &indicators_.back()});
  return *this;
}

BoundQuery& BoundQuery::Value(std::optional<std::string> value) {
  AppendPlaceholder();
  texts_.push_back(value.has_value() ? std::move(*value) : std::string());
  indicators_.push_back(value.has_value() ? soci::i_ok : soci::i_null);
  bindings_.push_back({nullptr, &texts_.back(), &indicators_.back()});
  return *this;
}

BoundQuery& BoundQuery::InList(const std::vector<std::string>& values) {
  Sql("(");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) Sql(", ");
    Value(values[i]);
  }
  return Sql(")");
}

void BoundQuery::BindTo(soci::statement& statement) {
  // Bound by position: placeholders appear in the text in the order of bindings_.
  for (Binding& binding : bindings_) {
    if (binding.integer != nullptr) {
      statement.exchange(soci::use(*binding.integer, *binding.indicator));
    } else {
      statement.exchange(soci::use(*binding.text, *binding.indicator));
    }
  }
}

long long BoundQuery::Execute(soci::session& session) {
  soci::statement statement(session);
  BindTo(statement);
  statement.alloc();
  statement.prepare(text(DialectOf(session)));
  statement.define_and_bind();
  statement.execute(true);
  return statement.get_affected_rows();
}

void PrepareAndExecute(soci::session& session, soci::statement& statement, BoundQuery& query) {
  query.BindTo(statement);
  statement.alloc();
  statement.prepare(query.text(DialectOf(session)));
  statement.define_and_bind();
  statement.execute(false);
}

std::optional<std::string> NullIfEmpty(const std::string& value) {
  if (value.empty()) return std::nullopt;
  return value;
}

std::vector<std::string> SelectExistingKeys(soci::session& session, std::string_view select_in,
                                            const std::vector<std::string>& keys) {
  constexpr std::size_t kChunk = 500;
  std::vector<std::string> found;
  for (std::size_t start = 0; start < keys.size(); start += kChunk) {
    std::vector<std::string> chunk(keys.begin() + start,
                                   keys.begin() + std::min(keys.size(), start + kChunk));
    BoundQuery query;
    query.Sql(select_in).InList(chunk);
    std::string key;
    soci::statement statement(session);
    statement.exchange(soci::into(key));
    PrepareAndExecute(session, statement, query);
    while (statement.fetch()) found.push_back(key);
  }
  return found;
}

}  // namespace escala::db
