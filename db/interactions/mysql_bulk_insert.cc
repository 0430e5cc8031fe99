#include "db/interactions/mysql_bulk_insert.h"

#include <mysql.h>
#include <soci/mysql/soci-mysql.h>

#include <cstring>
#include <deque>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "db/interactions/interaction_columns.h"

namespace escala::db {
namespace {

// Closes a prepared statement however the insert ends.
struct StatementCloser {
  void operator()(MYSQL_STMT* statement) const { mysql_stmt_close(statement); }
};

[[noreturn]] void ThrowStatementError(MYSQL_STMT* statement, const char* step) {
  throw soci::mysql_soci_error(
      absl::StrCat("bulk insert (", step, "): ", mysql_stmt_error(statement)),
      static_cast<int>(mysql_stmt_errno(statement)));
}

// One bound column: an array of values (or of string pointers and lengths) and its indicators.
struct IntegerArray {
  std::vector<long long> values;
  std::vector<char> indicators;
};
struct TextArray {
  std::vector<const char*> pointers;
  std::vector<unsigned long> lengths;
  std::vector<char> indicators;
};

}  // namespace

void MysqlBulkInsertInteractions(soci::session& session,
                                 const std::vector<const v1::Interaction*>& records,
                                 const std::vector<std::string>& team_ids, long long now_ms) {
  if (records.empty()) return;
  MYSQL* connection = static_cast<soci::mysql_session_backend*>(session.get_backend())->conn_;
  const std::vector<IntegerColumn>& integer_columns = InteractionIntegerColumns();
  const std::vector<TextColumn>& text_columns = InteractionTextColumns();
  const std::size_t rows = records.size();

  // The caller-controlled columns, then create_ms, update_ms and version; the texts end with
  // team_id.
  std::vector<IntegerArray> integers(integer_columns.size() + 3);
  std::vector<TextArray> texts(text_columns.size() + 1);
  std::deque<std::string> text_storage;  // stable addresses for the bound pointers
  for (IntegerArray& column : integers) {
    column.values.resize(rows);
    column.indicators.resize(rows, STMT_INDICATOR_NONE);
  }
  for (TextArray& column : texts) {
    column.pointers.resize(rows, "");
    column.lengths.resize(rows, 0);
    column.indicators.resize(rows, STMT_INDICATOR_NONE);
  }
  for (std::size_t row = 0; row < rows; ++row) {
    const v1::Interaction& record = *records[row];
    for (std::size_t k = 0; k < integer_columns.size(); ++k) {
      std::optional<long long> value = integer_columns[k].read(record);
      if (value.has_value()) {
        integers[k].values[row] = *value;
      } else {
        integers[k].indicators[row] = STMT_INDICATOR_NULL;
      }
    }
    for (std::size_t k = integer_columns.size(); k < integers.size(); ++k) {
      const bool is_version = k == integers.size() - 1;
      integers[k].values[row] = is_version ? 1 : now_ms;
    }
    for (std::size_t k = 0; k < text_columns.size(); ++k) {
      std::optional<std::string> value = text_columns[k].read(record);
      if (!value.has_value()) {
        texts[k].indicators[row] = STMT_INDICATOR_NULL;
        continue;
      }
      text_storage.push_back(std::move(*value));
      texts[k].pointers[row] = text_storage.back().data();
      texts[k].lengths[row] = static_cast<unsigned long>(text_storage.back().size());
    }
    TextArray& team = texts.back();
    if (row >= team_ids.size() || team_ids[row].empty()) {
      team.indicators[row] = STMT_INDICATOR_NULL;
    } else {
      team.pointers[row] = team_ids[row].data();
      team.lengths[row] = static_cast<unsigned long>(team_ids[row].size());
    }
  }

  std::vector<MYSQL_BIND> binds(integers.size() + texts.size());
  std::memset(binds.data(), 0, binds.size() * sizeof(MYSQL_BIND));
  std::string placeholders;
  std::size_t b = 0;
  // Parameter order must match the column list: InteractionColumnList() (integer columns, then
  // text columns), team_id (the last text), then create_ms, update_ms and version.
  auto bind_integer = [&](IntegerArray& column) {
    binds[b].buffer_type = MYSQL_TYPE_LONGLONG;
    binds[b].buffer = column.values.data();
    binds[b].u.indicator = column.indicators.data();
    ++b;
  };
  for (std::size_t k = 0; k < integer_columns.size(); ++k) bind_integer(integers[k]);
  for (TextArray& column : texts) {
    binds[b].buffer_type = MYSQL_TYPE_STRING;
    binds[b].buffer = column.pointers.data();
    binds[b].length = column.lengths.data();
    binds[b].u.indicator = column.indicators.data();
    ++b;
  }
  for (std::size_t k = integer_columns.size(); k < integers.size(); ++k) bind_integer(integers[k]);
  for (std::size_t i = 0; i < binds.size(); ++i) placeholders += i == 0 ? "?" : ", ?";
  const std::string sql =
      absl::StrCat("INSERT INTO interactions (", InteractionColumnList(),
                   ", team_id, create_ms, update_ms, version) VALUES (", placeholders, ")");

  std::unique_ptr<MYSQL_STMT, StatementCloser> statement(mysql_stmt_init(connection));
  if (statement == nullptr) {
    throw soci::mysql_soci_error("bulk insert: out of memory",
                                 static_cast<int>(mysql_errno(connection)));
  }
  if (mysql_stmt_prepare(statement.get(), sql.data(), static_cast<unsigned long>(sql.size())) !=
      0) {
    ThrowStatementError(statement.get(), "prepare");
  }
  unsigned int array_size = static_cast<unsigned int>(rows);
  if (mysql_stmt_attr_set(statement.get(), STMT_ATTR_ARRAY_SIZE, &array_size) != 0) {
    ThrowStatementError(statement.get(), "array size");
  }
  if (mysql_stmt_bind_param(statement.get(), binds.data()) != 0) {
    ThrowStatementError(statement.get(), "bind");
  }
  if (mysql_stmt_execute(statement.get()) != 0) ThrowStatementError(statement.get(), "execute");
}

}  // namespace escala::db
