#include "db/interactions/soci_interaction_repository.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <soci/soci.h>

#include <algorithm>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "db/common/audit_diff.h"
#include "db/common/error_details.h"
#include "db/common/proto_time.h"
#include "db/core/audit_log.h"
#include "db/core/bound_query.h"
#include "db/core/last_insert_id.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"
#include "db/interactions/interaction_columns.h"
#include "db/interactions/mysql_bulk_insert.h"
#include "db/interactions/priority_change_log.h"
#include "db/summaries/kpi_summary_delta.h"
#include "db/summary_store/agent_teams.h"
#include "db/summary_store/soci_summary_store.h"

namespace escala::db {
namespace {

// Rows per multi-row INSERT: ~40 parameters a row keeps 500 rows under SQLite's 32,766
// parameter limit, and 500-row statements were the fastest measured through SOCI on MariaDB.
constexpr std::size_t kInsertChunk = InteractionImportTransaction::kMaxRecordsPerStatement;
// Values per IN (…) list.
constexpr std::size_t kInListChunk = 500;

std::vector<v1::Interaction> FetchInteractions(soci::session& session, BoundQuery& query) {
  InteractionRowReader row;
  soci::statement statement(session);
  row.BindInto(statement);
  PrepareAndExecute(session, statement, query);
  std::vector<v1::Interaction> result;
  while (statement.fetch()) result.push_back(row.ToProto());
  return result;
}

BoundQuery SelectWhereId(int64_t id) {
  BoundQuery query;
  query.Sql("SELECT ")
      .Sql(InteractionSelectList())
      .Sql(" FROM interactions i WHERE i.id = ")
      .Value(static_cast<long long>(id));
  return query;
}

// The team stored with interaction `id` (the one it is counted for), "" when none.
std::string RecordedTeam(soci::session& session, int64_t id) {
  BoundQuery query;
  query.Sql("SELECT team_id FROM interactions WHERE id = ").Value(static_cast<long long>(id));
  std::string team;
  soci::indicator indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(team, indicator));
  PrepareAndExecute(session, statement, query);
  if (!statement.fetch() || indicator != soci::i_ok) return std::string();
  return team;
}

// What the audit event of a change from `before` (nullptr for a create) to `after` records.
AuditChange InteractionAuditChange(const v1::Interaction* before, const v1::Interaction& after) {
  ChangedFields changed = DiffForAudit(before, after);
  return AuditChange{"interaction", absl::StrCat("interactions/", after.id()),
                     std::move(changed.before_json), std::move(changed.after_json)};
}

// Records one interaction's change in the open transaction; `before` is nullptr for a create.
void AuditInteraction(soci::session& session, const AuditStamp& stamp,
                      const v1::Interaction* before, const v1::Interaction& after, absl::Time now) {
  AppendAuditEvent(session, stamp, InteractionAuditChange(before, after), now);
}

// A new record as stored under `id` at `now`: computed, never read back.
v1::Interaction StoredCreate(const v1::Interaction& interaction, long long id, absl::Time now) {
  const long long now_ms = absl::ToUnixMillis(now);
  v1::Interaction created = StoredForm(interaction);
  created.set_id(id);
  *created.mutable_create_time() = MillisToTimestamp(now_ms);
  *created.mutable_update_time() = MillisToTimestamp(now_ms);
  created.set_etag("1");
  return created;
}

// What one import transaction stored, for its audit events. Source keys rather than ids: they
// are known without asking the database, whereas the ids of an array-bound MariaDB batch are
// not guaranteed to be consecutive, so they would cost a read-back of every batch.
class ImportedRecords {
 public:
  // Most source keys one audit event lists: a keep-valid batch (500 records) is one event, and
  // an all-or-nothing import of a million records stays far below the column's 16 MiB.
  static constexpr std::size_t kKeysPerEvent = 5000;

  void Add(const std::vector<const v1::Interaction*>& records, absl::Time now) {
    for (const v1::Interaction* record : records) {
      if (record->source_id().empty()) {
        ++without_key_;
      } else {
        source_keys_.push_back(absl::StrCat(record->source_system(), "/", record->source_id()));
      }
    }
    last_insert_ = now;
  }
  void Clear() { *this = ImportedRecords(); }
  bool empty() const { return source_keys_.empty() && without_key_ == 0; }
  absl::Time last_insert() const { return last_insert_; }

  // One {"created_count":N,"source_keys":[…]} per kKeysPerEvent keys; records without a source
  // key are counted in the first.
  std::vector<std::string> AfterJsons() const {
    std::vector<std::string> events;
    std::size_t start = 0;
    do {
      const std::size_t end = std::min(source_keys_.size(), start + kKeysPerEvent);
      google::protobuf::ListValue keys;
      for (std::size_t i = start; i < end; ++i)
        keys.add_values()->set_string_value(source_keys_[i]);
      std::string json;
      // Printing a linked-in message type cannot fail short of a bug; an empty list keeps the
      // import going rather than losing it over the formatting of its record.
      if (!google::protobuf::util::MessageToJsonString(keys, &json).ok()) json = "[]";
      const long long count = static_cast<long long>(end - start) + (start == 0 ? without_key_ : 0);
      events.push_back(absl::StrCat("{\"created_count\":", count, ",\"source_keys\":", json, "}"));
      start = end;
    } while (start < source_keys_.size());
    return events;
  }

 private:
  std::vector<std::string> source_keys_;
  long long without_key_ = 0;
  absl::Time last_insert_;
};

// The unique key of a create's request_id (db/migrations/*/0003_create_interactions.sql).
constexpr Constraint kRequestIdKey{"ux_interactions_request", "interactions.request_id"};

absl::Status UnknownAgent(const v1::Interaction& interaction) {
  return absl::FailedPreconditionError(absl::StrCat(
      "agent_employee_id: '", interaction.agent_employee_id(), "' is not in the people directory"));
}

// The team each record is counted for: its agent's team now, "" when none.
std::vector<std::string> TeamsOfRecords(soci::session& session,
                                        const std::vector<const v1::Interaction*>& records) {
  std::vector<std::string> agents;
  agents.reserve(records.size());
  for (const v1::Interaction* record : records) agents.push_back(record->agent_employee_id());
  const std::map<std::string, std::string> teams = TeamsOf(session, agents);
  std::vector<std::string> result;
  result.reserve(records.size());
  for (const std::string& agent : agents) {
    auto it = teams.find(agent);
    result.push_back(it == teams.end() ? std::string() : it->second);
  }
  return result;
}

// Adds the stored records' contribution to the report summaries, aggregated in memory first so
// that a batch writes each summary row once.
void CountImported(soci::session& session, Dialect dialect,
                   const std::vector<const v1::Interaction*>& records,
                   const std::vector<std::string>& teams) {
  SummaryRows delta;
  for (std::size_t i = 0; i < records.size(); ++i) AddInteraction(delta, *records[i], teams[i], 1);
  ApplySummaryDelta(session, dialect, KpiSummaryTable(), delta);
}

void InsertRows(soci::session& session, const std::vector<const v1::Interaction*>& records,
                const std::vector<std::string>& teams, long long now_ms) {
  for (std::size_t start = 0; start < records.size(); start += kInsertChunk) {
    BoundQuery query;
    query.Sql("INSERT INTO interactions (")
        .Sql(InteractionColumnList())
        .Sql(", team_id, create_ms, update_ms, version) VALUES ");
    const std::size_t end = std::min(records.size(), start + kInsertChunk);
    for (std::size_t i = start; i < end; ++i) {
      query.Sql(i == start ? "(" : ", (");
      AppendInteractionValues(query, *records[i]);
      query.Sql(", ").Value(NullIfEmpty(teams[i]));
      query.Sql(", ").Value(now_ms).Sql(", ").Value(now_ms).Sql(", 1)");
    }
    // A fresh statement per chunk: re-executing one with re-bound values repeats the first rows.
    query.Execute(session);
  }
}

// An import transaction holding its leased connection until it ends.
class SociImportTransaction : public InteractionImportTransaction {
 public:
  SociImportTransaction(SessionPool::Lease lease, AuditStamp stamp)
      : lease_(std::move(lease)),
        stamp_(std::move(stamp)),
        transaction_(std::make_unique<Transaction>(lease_.session(), lease_.dialect())) {}

  absl::StatusOr<std::vector<std::string>> FindKnownAgents(
      const std::vector<std::string>& employee_ids) override {
    return Guard("import: checking agents", [&]() -> absl::StatusOr<std::vector<std::string>> {
      return SelectExistingKeys(
          lease_.session(), "SELECT employee_id FROM people WHERE employee_id IN ", employee_ids);
    });
  }

  absl::StatusOr<std::vector<SourceKey>> FindExistingSources(
      const std::vector<SourceKey>& keys) override {
    return Guard("import: checking source ids", [&]() -> absl::StatusOr<std::vector<SourceKey>> {
      std::vector<SourceKey> found;
      for (std::size_t start = 0; start < keys.size(); start += kInListChunk) {
        const std::size_t end = std::min(keys.size(), start + kInListChunk);
        // Row-value IN lists are not portable; an OR of pairs uses the unique index in both
        // dialects.
        BoundQuery query;
        query.Sql("SELECT source_system, source_id FROM interactions WHERE ");
        for (std::size_t i = start; i < end; ++i) {
          query.Sql(i == start ? "(" : " OR (")
              .Sql("source_system = ")
              .Value(keys[i].first)
              .Sql(" AND source_id = ")
              .Value(keys[i].second)
              .Sql(")");
        }
        std::string system, id;
        soci::statement statement(lease_.session());
        statement.exchange(soci::into(system));
        statement.exchange(soci::into(id));
        PrepareAndExecute(lease_.session(), statement, query);
        while (statement.fetch()) found.emplace_back(system, id);
      }
      return found;
    });
  }

  absl::Status Insert(const std::vector<const v1::Interaction*>& records, absl::Time now) override {
    if (lease_.dialect() == Dialect::kSqlite) {
      return Guard("import: inserting", [&]() -> absl::Status {
        // Chunk by chunk: a failed statement writes nothing, but the chunks before it stay.
        for (std::size_t start = 0; start < records.size(); start += kInsertChunk) {
          std::vector<const v1::Interaction*> chunk(
              records.begin() + start,
              records.begin() + std::min(records.size(), start + kInsertChunk));
          const std::vector<std::string> teams = TeamsOfRecords(lease_.session(), chunk);
          InsertRows(lease_.session(), chunk, teams, absl::ToUnixMillis(now));
          CountImported(lease_.session(), lease_.dialect(), chunk, teams);
          imported_.Add(chunk, now);
        }
        return absl::OkStatus();
      });
    }
    // A savepoint makes "the insert failed" mean "it wrote nothing" whatever the server did
    // with the rows of the batch before the one that failed.
    absl::Status status = Guard("import: inserting", [&]() -> absl::Status {
      lease_.session() << "SAVEPOINT import_insert";
      const std::vector<std::string> teams = TeamsOfRecords(lease_.session(), records);
      for (std::size_t start = 0; start < records.size(); start += kInsertChunk) {
        const std::size_t end = std::min(records.size(), start + kInsertChunk);
        std::vector<const v1::Interaction*> chunk(records.begin() + start, records.begin() + end);
        std::vector<std::string> chunk_teams(teams.begin() + start, teams.begin() + end);
        MysqlBulkInsertInteractions(lease_.session(), chunk, chunk_teams, absl::ToUnixMillis(now));
      }
      // Inside the savepoint: an insert that fails takes its summary change with it.
      CountImported(lease_.session(), lease_.dialect(), records, teams);
      return absl::OkStatus();
    });
    if (status.ok()) {
      imported_.Add(records, now);
    } else if (!IsConnectionLost(status)) {
      (void)Guard("import: undoing a failed insert", [&]() -> absl::Status {
        lease_.session() << "ROLLBACK TO SAVEPOINT import_insert";
        return absl::OkStatus();
      });
    }
    return status;
  }

  absl::Status Commit() override {
    return Guard("import: committing", [&]() -> absl::Status {
      if (!imported_.empty()) {
        for (const std::string& after : imported_.AfterJsons()) {
          AppendAuditEvent(lease_.session(), stamp_,
                           AuditChange{"interaction", "interactions", "", after},
                           imported_.last_insert());
        }
      }
      transaction_->Commit();
      imported_.Clear();
      return absl::OkStatus();
    });
  }

  void Rollback() override {
    imported_.Clear();
    try {
      transaction_->Rollback();
    } catch (...) {
      lease_.MarkBroken();
    }
  }

 private:
  template <typename Fn>
  auto Guard(std::string_view context, Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const std::exception& e) {
      absl::Status status = SociErrorToStatus(e, context);
      if (IsConnectionLost(status)) lease_.MarkBroken();
      return status;
    }
  }

  SessionPool::Lease lease_;
  AuditStamp stamp_;
  // Declared after the lease so that it rolls back before the connection is given back.
  std::unique_ptr<Transaction> transaction_;
  // Stored by this transaction so far, for the audit event of its commit.
  ImportedRecords imported_;
};

}  // namespace

absl::StatusOr<v1::Interaction> SociInteractionRepository::Create(
    const v1::Interaction& interaction, const std::string& request_id, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::Interaction> created = WithSession(
      pool_, "CreateInteraction",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Interaction> {
        // The agent's team, INSERT, the report summaries' upsert, audit event, COMMIT: the new
        // id is read per connection (mysql_insert_id, SQLite's last_insert_rowid()) and the
        // stored form is computed here, so the record is never read back. A duplicate source
        // key or request_id (a replay) fails the INSERT and rolls back before anything else is
        // written. The fact row is written before the summary rows, as every writer does, so
        // that writers lock in one order.
        Transaction transaction(lease.session(), lease.dialect());
        const long long now_ms = absl::ToUnixMillis(now);
        const std::string team = TeamOf(lease.session(), interaction.agent_employee_id());
        BoundQuery query;
        query.Sql("INSERT INTO interactions (")
            .Sql(InteractionColumnList())
            .Sql(", team_id, request_id, create_ms, update_ms, version) VALUES (");
        AppendInteractionValues(query, interaction);
        query.Sql(", ").Value(NullIfEmpty(team));
        query.Sql(", ")
            .Value(request_id.empty() ? std::optional<std::string>()
                                      : std::optional<std::string>(request_id))
            .Sql(", ")
            .Value(now_ms)
            .Sql(", ")
            .Value(now_ms)
            .Sql(", 1)");
        query.Execute(lease.session());
        v1::Interaction created =
            StoredCreate(interaction, LastInsertId(lease, "interactions"), now);
        SummaryRows delta;
        AddInteraction(delta, created, team, 1);
        ApplySummaryDelta(lease.session(), lease.dialect(), KpiSummaryTable(), delta);
        AuditInteraction(lease.session(), stamp, nullptr, created, now);
        transaction.Commit();
        return created;
      });
  if (absl::IsFailedPrecondition(created.status())) return UnknownAgent(interaction);
  // Which key is taken is what the database said (FailedConstraint), not what its message reads.
  if (Broke(created.status(), kRequestIdKey)) {
    return WithErrorInfo(
        absl::AlreadyExistsError(absl::StrCat("request_id '", request_id, "' was already used")),
        kReasonRequestIdReused);
  }
  if (absl::IsAlreadyExists(created.status())) {
    return WithErrorInfo(absl::AlreadyExistsError(absl::StrCat(
                             "an interaction with source_system '", interaction.source_system(),
                             "' and source_id '", interaction.source_id(), "' already exists")),
                         kReasonDuplicateSourceId);
  }
  return created;
}

std::vector<absl::StatusOr<v1::Interaction>> SociInteractionRepository::CreateMany(
    const std::vector<InteractionCreate>& creates) {
  if (creates.size() < 2 || pool_.dialect() != Dialect::kMysql) {
    return InteractionRepository::CreateMany(creates);
  }
  std::vector<std::optional<absl::StatusOr<v1::Interaction>>> decided(creates.size());
  absl::Status batch =
      WithSession(pool_, "CreateInteractions", [&](SessionPool::Lease& lease) -> absl::Status {
        // Create's statements once for the whole batch: the agents' teams, one multi-row INSERT,
        // one summary upsert, one multi-row audit INSERT and one COMMIT. A key taken already
        // fails the INSERT, which undoes the batch (one transaction); the creates are then
        // written one by one below, so that only the one whose key was taken fails.
        Transaction transaction(lease.session(), lease.dialect());
        std::vector<std::string> agents;
        agents.reserve(creates.size());
        for (const InteractionCreate& create : creates) {
          agents.push_back(create.interaction.agent_employee_id());
        }
        const std::map<std::string, std::string> teams = KnownAgentTeams(lease.session(), agents);
        std::vector<std::size_t> written;
        std::vector<const std::string*> written_teams;
        BoundQuery insert;
        insert.Sql("INSERT INTO interactions (")
            .Sql(InteractionColumnList())
            .Sql(", team_id, request_id, create_ms, update_ms, version) VALUES ");
        for (std::size_t i = 0; i < creates.size(); ++i) {
          const InteractionCreate& create = creates[i];
          auto team = teams.find(create.interaction.agent_employee_id());
          if (team == teams.end()) {
            // Answered here rather than by the foreign key, which would undo the whole batch.
            decided[i] = UnknownAgent(create.interaction);
            continue;
          }
          const long long now_ms = absl::ToUnixMillis(create.now);
          insert.Sql(written.empty() ? "(" : ", (");
          AppendInteractionValues(insert, create.interaction);
          insert.Sql(", ").Value(NullIfEmpty(team->second));
          insert.Sql(", ").Value(NullIfEmpty(create.request_id));
          insert.Sql(", ").Value(now_ms).Sql(", ").Value(now_ms).Sql(", 1)");
          written.push_back(i);
          written_teams.push_back(&team->second);
        }
        if (!written.empty()) {
          // RETURNING gives the ids in the order of the rows, whatever the auto-increment mode.
          insert.Sql(" RETURNING id");
          std::vector<long long> ids;
          long long id = 0;
          soci::statement statement(lease.session());
          statement.exchange(soci::into(id));
          PrepareAndExecute(lease.session(), statement, insert);
          while (statement.fetch()) ids.push_back(id);
          if (ids.size() != written.size()) {
            return absl::InternalError(absl::StrCat("CreateInteractions: ", ids.size(), " ids for ",
                                                    written.size(), " rows"));
          }
          SummaryRows delta;
          std::vector<AuditEntry> events;
          events.reserve(written.size());
          for (std::size_t k = 0; k < written.size(); ++k) {
            const InteractionCreate& create = creates[written[k]];
            v1::Interaction created = StoredCreate(create.interaction, ids[k], create.now);
            AddInteraction(delta, created, *written_teams[k], 1);
            events.push_back(
                AuditEntry{create.stamp, InteractionAuditChange(nullptr, created), create.now});
            decided[written[k]] = std::move(created);
          }
          ApplySummaryDelta(lease.session(), lease.dialect(), KpiSummaryTable(), delta);
          AppendAuditEvents(lease.session(), events);
        }
        transaction.Commit();
        return absl::OkStatus();
      });
  if (!batch.ok()) {
    // A lost connection may have lost the answer to a COMMIT that happened: writing the batch
    // again could store records twice, so each create gets the failure, as alone it would have.
    if (absl::IsUnavailable(batch)) {
      return std::vector<absl::StatusOr<v1::Interaction>>(creates.size(), batch);
    }
    // Nothing of the batch was written (one transaction that the database refused): one by one,
    // each caller then gets the answer that concerns it (ALREADY_EXISTS for the one whose key was
    // taken, and so on).
    return InteractionRepository::CreateMany(creates);
  }
  std::vector<absl::StatusOr<v1::Interaction>> results;
  results.reserve(creates.size());
  for (std::optional<absl::StatusOr<v1::Interaction>>& result : decided) {
    results.push_back(*std::move(result));
  }
  return results;
}

absl::StatusOr<std::optional<v1::Interaction>> SociInteractionRepository::FindByRequestId(
    const std::string& request_id) {
  return WithSession(
      pool_, "FindInteractionByRequestId",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::optional<v1::Interaction>> {
        BoundQuery query;
        query.Sql("SELECT ")
            .Sql(InteractionSelectList())
            .Sql(" FROM interactions i WHERE i.request_id = ")
            .Value(request_id);
        std::vector<v1::Interaction> rows = FetchInteractions(lease.session(), query);
        if (rows.empty()) return std::optional<v1::Interaction>();
        return std::optional<v1::Interaction>(std::move(rows.front()));
      });
}

absl::StatusOr<v1::Interaction> SociInteractionRepository::Get(int64_t id) {
  return WithSession(
      pool_, "GetInteraction", [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Interaction> {
        BoundQuery query = SelectWhereId(id);
        std::vector<v1::Interaction> rows = FetchInteractions(lease.session(), query);
        if (rows.empty())
          return absl::NotFoundError(absl::StrCat("interaction ", id, " not found"));
        return std::move(rows.front());
      });
}

absl::StatusOr<std::vector<v1::Interaction>> SociInteractionRepository::List(
    const InteractionFilter& filter, const std::optional<InteractionCursor>& after, int limit) {
  return WithSession(
      pool_, "ListInteractions",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<v1::Interaction>> {
        BoundQuery query;
        query.Sql("SELECT ").Sql(InteractionSelectList()).Sql(" FROM interactions i");
        if (!filter.team_id.empty()) {
          query.Sql(" JOIN people p ON p.employee_id = i.agent_employee_id AND p.team_id = ")
              .Value(filter.team_id);
        }
        query.Sql(" WHERE 1 = 1");
        if (!filter.agent_employee_id.empty()) {
          query.Sql(" AND i.agent_employee_id = ").Value(filter.agent_employee_id);
        }
        if (filter.channel != 0) {
          query.Sql(" AND i.channel = ").Value(static_cast<long long>(filter.channel));
        }
        if (filter.priority != 0) {
          query.Sql(" AND i.priority = ").Value(static_cast<long long>(filter.priority));
        }
        if (filter.start_from_ms) {
          query.Sql(" AND i.start_ms >= ").Value(static_cast<long long>(*filter.start_from_ms));
        }
        if (filter.start_to_ms) {
          query.Sql(" AND i.start_ms < ").Value(static_cast<long long>(*filter.start_to_ms));
        }
        if (filter.has_recording) {
          query.Sql(*filter.has_recording ? " AND i.recording_uri IS NOT NULL"
                                          : " AND i.recording_uri IS NULL");
        }
        if (filter.escalated) {
          query.Sql(" AND i.escalated = ").Value(static_cast<long long>(*filter.escalated ? 1 : 0));
        }
        if (after) {
          query.Sql(" AND (i.start_ms < ")
              .Value(static_cast<long long>(after->start_ms))
              .Sql(" OR (i.start_ms = ")
              .Value(static_cast<long long>(after->start_ms))
              .Sql(" AND i.id < ")
              .Value(static_cast<long long>(after->id))
              .Sql("))");
        }
        query.Sql(" ORDER BY i.start_ms DESC, i.id DESC LIMIT ")
            .Value(static_cast<long long>(limit));
        return FetchInteractions(lease.session(), query);
      });
}

absl::StatusOr<v1::Interaction> SociInteractionRepository::Update(
    const v1::Interaction& interaction, int64_t expected_version, const AuditStamp& stamp,
    absl::Time now) {
  absl::StatusOr<v1::Interaction> updated = WithSession(
      pool_, "UpdateInteraction",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<v1::Interaction> {
        Transaction transaction(lease.session(), lease.dialect());
        // On MariaDB the row stays locked until the transaction ends, so that the state read is
        // the one the UPDATE replaces (a plain read would see the transaction's snapshot, which
        // may be older). On SQLite the transaction holds the write lock.
        BoundQuery lock = SelectWhereId(interaction.id());
        if (lease.dialect() == Dialect::kMysql) lock.Sql(" FOR UPDATE");
        std::vector<v1::Interaction> before = FetchInteractions(lease.session(), lock);
        if (before.empty()) {
          return absl::NotFoundError(absl::StrCat("interaction ", interaction.id(), " not found"));
        }
        const absl::Status stale = WithErrorInfo(
            absl::AbortedError(
                absl::StrCat("interaction ", interaction.id(),
                             " was changed concurrently (etag mismatch); re-read and retry")),
            kReasonEtagMismatch, {{"resource", absl::StrCat("interactions/", interaction.id())}});
        long long stored_version = 0;
        (void)absl::SimpleAtoi(before.front().etag(), &stored_version);
        if (stored_version != expected_version) return stale;
        // The team the record is counted for stays the one of its creation, unless the update
        // gives it to another agent: then it is that agent's team now.
        const std::string before_team = RecordedTeam(lease.session(), interaction.id());
        const std::string after_team =
            interaction.agent_employee_id() == before.front().agent_employee_id()
                ? before_team
                : TeamOf(lease.session(), interaction.agent_employee_id());
        BoundQuery query;
        query.Sql("UPDATE interactions SET ");
        AppendInteractionAssignments(query, interaction);
        query.Sql(", team_id = ").Value(NullIfEmpty(after_team));
        query.Sql(", update_ms = ")
            .Value(static_cast<long long>(absl::ToUnixMillis(now)))
            .Sql(", version = version + 1 WHERE id = ")
            .Value(static_cast<long long>(interaction.id()))
            .Sql(" AND version = ")
            .Value(static_cast<long long>(expected_version));
        // The version check stays in the UPDATE as well, so a row that was not locked after all
        // can never be overwritten blindly.
        if (query.Execute(lease.session()) == 0) return stale;
        BoundQuery select = SelectWhereId(interaction.id());
        std::vector<v1::Interaction> rows = FetchInteractions(lease.session(), select);
        if (rows.empty())
          return absl::InternalError("UpdateInteraction: row vanished after update");
        // The old contribution out, the new one in: a record moved to another day or agent moves
        // its counts; one that changed nothing counted writes no summary row.
        SummaryRows delta;
        AddInteraction(delta, before.front(), before_team, -1);
        AddInteraction(delta, rows.front(), after_team, 1);
        DropZeroRows(delta);
        ApplySummaryDelta(lease.session(), lease.dialect(), KpiSummaryTable(), delta);
        RecordPriorityChange(lease.session(), before.front(), rows.front(),
                             absl::ToUnixMillis(now));
        // Written even when no field changed: the version moved, and the event says who moved it.
        AuditInteraction(lease.session(), stamp, &before.front(), rows.front(), now);
        transaction.Commit();
        return std::move(rows.front());
      });
  if (absl::IsFailedPrecondition(updated.status())) return UnknownAgent(interaction);
  return updated;
}

absl::StatusOr<std::unique_ptr<InteractionImportTransaction>>
SociInteractionRepository::BeginImport(const AuditStamp& stamp) {
  absl::StatusOr<SessionPool::Lease> lease = pool_.Acquire();
  if (!lease.ok()) return lease.status();
  try {
    return std::unique_ptr<InteractionImportTransaction>(
        new SociImportTransaction(std::move(*lease), stamp));
  } catch (const std::exception& e) {
    return SociErrorToStatus(e, "import: beginning a transaction");
  }
}

}  // namespace escala::db
