#pragma once

#include <soci/soci.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "db/common/proto_time.h"
#include "db/core/bound_query.h"
#include "db/core/stored_json.h"

namespace escala::db {

// A row of a promotion table that keeps a message as content_json beside the columns of its
// bookkeeping: the message with its id, and the row version the etag is made of.
template <typename Message>
struct ContentRow {
  Message message;
  long long row_version = 0;
};

// Runs `query`, which selects "id, content_json, create_ms, update_ms, row_version", and reads
// each row's message back with `set_times(message, create_ms, update_ms)` setting its time
// fields, its id and its etag (the row version) set here. `what` names the record in an error
// ("promotion case"). Throws soci::soci_error like SOCI.
template <typename Message, typename SetTimes>
std::vector<ContentRow<Message>> FetchContentRows(soci::session& session, BoundQuery& query,
                                                  const char* what, SetTimes set_times) {
  long long id = 0, create_ms = 0, update_ms = 0, row_version = 0;
  std::string content_json;
  soci::statement statement(session);
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(content_json));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  statement.exchange(soci::into(row_version));
  PrepareAndExecute(session, statement, query);
  std::vector<ContentRow<Message>> rows;
  while (statement.fetch()) {
    ContentRow<Message>& row = rows.emplace_back();
    ParseStoredJson(content_json, &row.message, absl::StrCat(what, " ", id));
    row.message.set_id(id);
    set_times(row.message, create_ms, update_ms);
    row.message.set_etag(absl::StrCat(row_version));
    row.row_version = row_version;
  }
  return rows;
}

}  // namespace escala::db
