#pragma once

// The storage shape the certifications and the learning paths share: one row per definition,
// keyed by the caller's code, with `active`, the rest of the message as protobuf JSON in
// detail_json, row_version (the etag), created_by and the times. Definitions are few (a
// department has tens), so filters on what detail_json holds run in memory over the rows read.

#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/session_pool.h"
#include "db/core/stored_json.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db::document_table {

// What differs between the tables. `table`, `key_column` are constants of the code, never
// input. Message has the members key_of names, and active, etag, created_by, create_time and
// update_time.
template <typename Message>
struct Table {
  const char* table;
  const char* key_column;
  // "certification", and the collection of the resource name ("certifications").
  const char* resource_type;
  const char* collection;
  // For messages: "certification".
  const char* noun;
  std::string (*key_of)(const Message&);
  void (*set_key)(Message&, const std::string&);
};

template <typename Message>
std::string Detail(const Table<Message>& table, const Message& message) {
  Message detail = message;
  table.set_key(detail, "");
  detail.clear_active();
  detail.clear_etag();
  detail.clear_created_by();
  detail.clear_create_time();
  detail.clear_update_time();
  return StoredJson(detail, absl::StrCat(table.noun, " details"));
}

template <typename Message>
struct Stored {
  Message message;
  long long row_version = 0;
};

// Rows of `query` (which selects key, active, detail_json, row_version, created_by, create_ms,
// update_ms).
template <typename Message>
std::vector<Stored<Message>> Fetch(const Table<Message>& table, soci::session& session,
                                   BoundQuery& query) {
  long long active = 0, row_version = 0, create_ms = 0, update_ms = 0;
  std::string key, detail_json, created_by;
  soci::statement statement(session);
  statement.exchange(soci::into(key));
  statement.exchange(soci::into(active));
  statement.exchange(soci::into(detail_json));
  statement.exchange(soci::into(row_version));
  statement.exchange(soci::into(created_by));
  statement.exchange(soci::into(create_ms));
  statement.exchange(soci::into(update_ms));
  PrepareAndExecute(session, statement, query);
  std::vector<Stored<Message>> rows;
  while (statement.fetch()) {
    Stored<Message>& stored = rows.emplace_back();
    google::protobuf::util::JsonParseOptions options;
    options.ignore_unknown_fields = true;
    if (!google::protobuf::util::JsonStringToMessage(detail_json, &stored.message, options).ok()) {
      throw soci::soci_error(
          absl::StrCat(table.noun, " ", key, ": stored details are not valid JSON"));
    }
    table.set_key(stored.message, key);
    stored.message.set_active(active != 0);
    stored.message.set_etag(absl::StrCat(row_version));
    stored.message.set_created_by(created_by);
    *stored.message.mutable_create_time() = MillisToTimestamp(create_ms);
    *stored.message.mutable_update_time() = MillisToTimestamp(update_ms);
    stored.row_version = row_version;
  }
  return rows;
}

template <typename Message>
void StartSelect(const Table<Message>& table, BoundQuery& query) {
  query.Sql("SELECT ")
      .Sql(table.key_column)
      .Sql(", active, detail_json, row_version, created_by, create_ms, update_ms FROM ")
      .Sql(table.table);
}

template <typename Message>
std::string ResourceName(const Table<Message>& table, const std::string& key) {
  return absl::StrCat(table.collection, "/", key);
}

template <typename Message>
absl::StatusOr<Stored<Message>> One(const Table<Message>& table, SessionPool::Lease& lease,
                                    const std::string& key, bool lock) {
  BoundQuery query;
  StartSelect(table, query);
  query.Sql(" WHERE ").Sql(table.key_column).Sql(" = ").Value(key);
  if (lock && lease.dialect() == Dialect::kMysql) query.Sql(" FOR UPDATE");
  std::vector<Stored<Message>> rows = Fetch(table, lease.session(), query);
  if (rows.empty()) return absl::NotFoundError(absl::StrCat(table.noun, " '", key, "' not found"));
  return std::move(rows.front());
}

template <typename Message>
void Audit(const Table<Message>& table, soci::session& session, const AuditStamp& stamp,
           const Message* before, const Message& after, absl::Time now) {
  ChangedFields changed = DiffForAudit(before, after);
  AppendAuditEvent(session, stamp,
                   AuditChange{table.resource_type, ResourceName(table, table.key_of(after)),
                               std::move(changed.before_json), std::move(changed.after_json)},
                   now);
}

template <typename Message>
absl::StatusOr<Message> Create(const Table<Message>& table, SessionPool& pool,
                               const Message& message, const AuditStamp& stamp, absl::Time now) {
  const std::string key = table.key_of(message);
  absl::StatusOr<Message> created = WithSession(
      pool, absl::StrCat("Create ", table.noun),
      [&](SessionPool::Lease& lease) -> absl::StatusOr<Message> {
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        BoundQuery insert;
        insert.Sql("INSERT INTO ")
            .Sql(table.table)
            .Sql(" (")
            .Sql(table.key_column)
            .Sql(", active, detail_json, row_version, created_by, create_ms, update_ms) VALUES (")
            .Value(key)
            .Sql(", ")
            .Value(static_cast<long long>(message.active() ? 1 : 0))
            .Sql(", ")
            .Value(Detail(table, message))
            .Sql(", 1, ")
            .Value(stamp.principal)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(")");
        insert.Execute(lease.session());
        absl::StatusOr<Stored<Message>> stored = One(table, lease, key, false);
        if (!stored.ok()) return stored.status();
        Audit<Message>(table, lease.session(), stamp, nullptr, stored->message, now);
        transaction.Commit();
        return std::move(stored->message);
      });
  // The key is the table's only unique key.
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat(table.noun, " '", key, "' already exists")),
        kReasonDuplicateId, {{"resource", ResourceName(table, key)}});
  }
  return created;
}

template <typename Message>
absl::StatusOr<Message> Get(const Table<Message>& table, SessionPool& pool,
                            const std::string& key) {
  return WithSession(pool, absl::StrCat("Get ", table.noun),
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<Message> {
                       absl::StatusOr<Stored<Message>> stored = One(table, lease, key, false);
                       if (!stored.ok()) return stored.status();
                       return std::move(stored->message);
                     });
}

// Rows after `after_key` by key, those `keep` accepts, at most `limit`.
template <typename Message>
absl::StatusOr<std::vector<Message>> List(const Table<Message>& table, SessionPool& pool,
                                          bool active_only, const std::string& after_key, int limit,
                                          const std::function<bool(const Message&)>& keep) {
  constexpr int kBatch = 200;
  return WithSession(pool, absl::StrCat("List ", table.noun),
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<Message>> {
                       std::vector<Message> out;
                       std::string after = after_key;
                       while (static_cast<int>(out.size()) < limit) {
                         BoundQuery query;
                         StartSelect(table, query);
                         query.Sql(" WHERE ").Sql(table.key_column).Sql(" > ").Value(after);
                         if (active_only) query.Sql(" AND active = 1");
                         query.Sql(" ORDER BY ")
                             .Sql(table.key_column)
                             .Sql(" LIMIT ")
                             .Value(static_cast<long long>(kBatch));
                         std::vector<Stored<Message>> rows = Fetch(table, lease.session(), query);
                         for (Stored<Message>& row : rows) {
                           if (static_cast<int>(out.size()) >= limit) break;
                           if (keep(row.message)) out.push_back(std::move(row.message));
                         }
                         if (static_cast<int>(rows.size()) < kBatch) break;
                         after = table.key_of(rows.back().message);
                       }
                       return out;
                     });
}

template <typename Message>
absl::StatusOr<Message> Update(const Table<Message>& table, SessionPool& pool,
                               const Message& message, int64_t expected_version,
                               const AuditStamp& stamp, absl::Time now) {
  const std::string key = table.key_of(message);
  return WithSession(
      pool, absl::StrCat("Update ", table.noun),
      [&](SessionPool::Lease& lease) -> absl::StatusOr<Message> {
        Transaction transaction(lease.session(), lease.dialect());
        absl::StatusOr<Stored<Message>> before = One(table, lease, key, true);
        if (!before.ok()) return before.status();
        const auto stale = [&] {
          return WithErrorInfo(
              absl::AbortedError(absl::StrCat(table.noun, " '", key,
                                              "' was changed since it was read (etag mismatch); "
                                              "re-read and retry")),
              kReasonEtagMismatch, {{"resource", ResourceName(table, key)}});
        };
        if (before->row_version != expected_version) return stale();
        BoundQuery update;
        update.Sql("UPDATE ")
            .Sql(table.table)
            .Sql(" SET active = ")
            .Value(static_cast<long long>(message.active() ? 1 : 0))
            .Sql(", detail_json = ")
            .Value(Detail(table, message))
            .Sql(", update_ms = ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(", row_version = row_version + 1 WHERE ")
            .Sql(table.key_column)
            .Sql(" = ")
            .Value(key)
            .Sql(" AND row_version = ")
            .Value(static_cast<long long>(expected_version));
        if (update.Execute(lease.session()) == 0) return stale();
        absl::StatusOr<Stored<Message>> after = One(table, lease, key, false);
        if (!after.ok()) return after.status();
        Audit<Message>(table, lease.session(), stamp, &before->message, after->message, now);
        transaction.Commit();
        return std::move(after->message);
      });
}

}  // namespace escala::db::document_table
