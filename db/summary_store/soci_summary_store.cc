#include "db/summary_store/soci_summary_store.h"

#include <soci/soci.h>

#include <algorithm>

#include "db/core/bound_query.h"

namespace escala::db {
namespace {

// Rows per statement: 26 values a KPI row keeps 200 rows far below SQLite's 32,766 parameters.
constexpr std::size_t kRowsPerStatement = 200;

void AppendColumnList(BoundQuery& query, const SummaryTable& table) {
  query.Sql("scope, scope_id, day, shard");
  if (table.keyed_by_scorecard) query.Sql(", scorecard_id");
  if (table.keyed_by_criterion) query.Sql(", criterion_key");
  for (const char* counter : table.counters) query.Sql(", ").Sql(counter);
}

void AppendRow(BoundQuery& query, const SummaryTable& table, const SummaryKey& key,
               const std::vector<int64_t>& counters) {
  query.Sql("(")
      .Value(key.scope)
      .Sql(", ")
      .Value(key.scope_id)
      .Sql(", ")
      .Value(static_cast<long long>(key.day))
      .Sql(", ")
      .Value(static_cast<long long>(key.shard));
  if (table.keyed_by_scorecard) query.Sql(", ").Value(key.scorecard_id);
  if (table.keyed_by_criterion) query.Sql(", ").Value(key.criterion_key);
  for (std::size_t i = 0; i < table.counters.size(); ++i) {
    query.Sql(", ").Value(static_cast<long long>(i < counters.size() ? counters[i] : 0));
  }
  query.Sql(")");
}

// Runs `emit(query, key, counters)` over `rows` in chunks, each chunk one statement that
// `begin` opens and `end` closes.
template <typename Begin, typename End>
void InChunks(soci::session& session, const SummaryTable& table, const SummaryRows& rows,
              Begin&& begin, End&& end) {
  auto it = rows.begin();
  while (it != rows.end()) {
    BoundQuery query;
    begin(query);
    for (std::size_t n = 0; n < kRowsPerStatement && it != rows.end(); ++n, ++it) {
      if (n > 0) query.Sql(", ");
      AppendRow(query, table, it->first, it->second);
    }
    end(query);
    query.Execute(session);
  }
}

}  // namespace

void ApplySummaryDelta(soci::session& session, Dialect dialect, const SummaryTable& table,
                       const SummaryRows& delta) {
  if (delta.empty()) return;
  InChunks(
      session, table, delta,
      [&](BoundQuery& query) {
        query.Sql("INSERT INTO ").Sql(table.name).Sql(" (");
        AppendColumnList(query, table);
        query.Sql(") VALUES ");
      },
      [&](BoundQuery& query) {
        if (dialect == Dialect::kMysql) {
          query.Sql(" ON DUPLICATE KEY UPDATE ");
          for (std::size_t i = 0; i < table.counters.size(); ++i) {
            query.Sql(i == 0 ? "" : ", ")
                .Sql(table.counters[i])
                .Sql(" = ")
                .Sql(table.counters[i])
                .Sql(" + VALUES(")
                .Sql(table.counters[i])
                .Sql(")");
          }
        } else {
          query.Sql(" ON CONFLICT (scope, scope_id, day, shard");
          if (table.keyed_by_scorecard) query.Sql(", scorecard_id");
          if (table.keyed_by_criterion) query.Sql(", criterion_key");
          query.Sql(") DO UPDATE SET ");
          for (std::size_t i = 0; i < table.counters.size(); ++i) {
            query.Sql(i == 0 ? "" : ", ")
                .Sql(table.counters[i])
                .Sql(" = ")
                .Sql(table.counters[i])
                .Sql(" + excluded.")
                .Sql(table.counters[i]);
          }
        }
      });
}

SummaryRows ReadSummaryRows(soci::session& session, const SummaryTable& table,
                            const SummaryRowFilter& filter) {
  BoundQuery query;
  query.Sql("SELECT ");
  AppendColumnList(query, table);
  query.Sql(" FROM ").Sql(table.name);
  // The scope first: the primary key (scope, scope_id, day, …) then serves the range.
  query.Sql(" WHERE day >= ")
      .Value(static_cast<long long>(filter.from_day))
      .Sql(" AND day < ")
      .Value(static_cast<long long>(filter.to_day));
  if (!filter.scope.empty()) query.Sql(" AND scope = ").Value(filter.scope);
  if (!filter.any_scope_id) query.Sql(" AND scope_id = ").Value(filter.scope_id);
  if (table.keyed_by_scorecard && !filter.scorecard_id.empty()) {
    query.Sql(" AND scorecard_id = ").Value(filter.scorecard_id);
  }
  if (filter.lock) query.Sql(" FOR UPDATE");
  SummaryKey key;
  long long day = 0, shard = 0;
  std::vector<long long> counters(table.counters.size());
  soci::statement statement(session);
  statement.exchange(soci::into(key.scope));
  statement.exchange(soci::into(key.scope_id));
  statement.exchange(soci::into(day));
  statement.exchange(soci::into(shard));
  if (table.keyed_by_scorecard) statement.exchange(soci::into(key.scorecard_id));
  if (table.keyed_by_criterion) statement.exchange(soci::into(key.criterion_key));
  for (long long& counter : counters) statement.exchange(soci::into(counter));
  PrepareAndExecute(session, statement, query);
  SummaryRows rows;
  while (statement.fetch()) {
    key.day = static_cast<int>(day);
    key.shard = static_cast<int>(shard);
    rows[key] = std::vector<int64_t>(counters.begin(), counters.end());
  }
  return rows;
}

std::map<int, std::vector<int64_t>> ReadDaySums(soci::session& session, const SummaryTable& table,
                                                const SummaryRowFilter& filter) {
  BoundQuery query;
  query.Sql("SELECT day");
  for (const char* counter : table.counters) query.Sql(", SUM(").Sql(counter).Sql(")");
  query.Sql(" FROM ").Sql(table.name);
  query.Sql(" WHERE scope = ")
      .Value(filter.scope)
      .Sql(" AND scope_id = ")
      .Value(filter.scope_id)
      .Sql(" AND day >= ")
      .Value(static_cast<long long>(filter.from_day))
      .Sql(" AND day < ")
      .Value(static_cast<long long>(filter.to_day));
  if (table.keyed_by_scorecard && !filter.scorecard_id.empty()) {
    query.Sql(" AND scorecard_id = ").Value(filter.scorecard_id);
  }
  query.Sql(" GROUP BY day");
  long long day = 0;
  std::vector<long long> sums(table.counters.size());
  soci::statement statement(session);
  statement.exchange(soci::into(day));
  for (long long& sum : sums) statement.exchange(soci::into(sum));
  PrepareAndExecute(session, statement, query);
  std::map<int, std::vector<int64_t>> by_day;
  while (statement.fetch()) {
    by_day[static_cast<int>(day)] = std::vector<int64_t>(sums.begin(), sums.end());
  }
  return by_day;
}

std::map<std::string, ScopeSums> ReadScopeSums(soci::session& session, const SummaryTable& table,
                                               const ScopeSumsQuery& query) {
  std::vector<std::size_t> summed = query.counters;
  if (summed.empty()) {
    for (std::size_t i = 0; i < table.counters.size(); ++i) summed.push_back(i);
  }
  BoundQuery sql;
  sql.Sql("SELECT scope_id");
  // Column names are the table's own constants, never input.
  for (std::size_t counter : summed) sql.Sql(", SUM(").Sql(table.counters.at(counter)).Sql(")");
  if (query.latest_positive_day_of) {
    sql.Sql(", MAX(CASE WHEN ")
        .Sql(table.counters.at(*query.latest_positive_day_of))
        .Sql(" > 0 THEN day END)");
  }
  sql.Sql(" FROM ")
      .Sql(table.name)
      .Sql(" WHERE scope = ")
      .Value(query.scope)
      .Sql(" AND scope_id IN ")
      .InList(query.scope_ids)
      .Sql(" AND day >= ")
      .Value(static_cast<long long>(query.from_day))
      .Sql(" AND day < ")
      .Value(static_cast<long long>(query.to_day));
  if (table.keyed_by_scorecard && !query.scorecard_ids.empty()) {
    sql.Sql(" AND scorecard_id IN ").InList(query.scorecard_ids);
  }
  sql.Sql(" GROUP BY scope_id");
  std::string scope_id;
  std::vector<long long> sums(summed.size());
  long long latest_day = 0;
  soci::indicator latest_indicator = soci::i_null;
  soci::statement statement(session);
  statement.exchange(soci::into(scope_id));
  for (long long& sum : sums) statement.exchange(soci::into(sum));
  if (query.latest_positive_day_of) statement.exchange(soci::into(latest_day, latest_indicator));
  PrepareAndExecute(session, statement, sql);
  std::map<std::string, ScopeSums> by_scope_id;
  while (statement.fetch()) {
    ScopeSums& row = by_scope_id[scope_id];
    row.counters.assign(table.counters.size(), 0);
    for (std::size_t i = 0; i < summed.size(); ++i) row.counters[summed[i]] = sums[i];
    if (query.latest_positive_day_of && latest_indicator == soci::i_ok) {
      row.latest_positive_day = static_cast<int>(latest_day);
    }
  }
  return by_scope_id;
}

std::map<std::pair<std::string, std::string>, std::vector<int64_t>> ReadCriterionSums(
    soci::session& session, const SummaryTable& table, const SummaryRowFilter& filter) {
  BoundQuery query;
  query.Sql("SELECT scorecard_id, criterion_key");
  for (const char* counter : table.counters) query.Sql(", SUM(").Sql(counter).Sql(")");
  query.Sql(" FROM ").Sql(table.name);
  query.Sql(" WHERE scope = ")
      .Value(filter.scope)
      .Sql(" AND scope_id = ")
      .Value(filter.scope_id)
      .Sql(" AND day >= ")
      .Value(static_cast<long long>(filter.from_day))
      .Sql(" AND day < ")
      .Value(static_cast<long long>(filter.to_day));
  if (!filter.scorecard_id.empty()) query.Sql(" AND scorecard_id = ").Value(filter.scorecard_id);
  query.Sql(" GROUP BY scorecard_id, criterion_key");
  std::string scorecard_id, criterion_key;
  std::vector<long long> sums(table.counters.size());
  soci::statement statement(session);
  statement.exchange(soci::into(scorecard_id));
  statement.exchange(soci::into(criterion_key));
  for (long long& sum : sums) statement.exchange(soci::into(sum));
  PrepareAndExecute(session, statement, query);
  std::map<std::pair<std::string, std::string>, std::vector<int64_t>> by_criterion;
  while (statement.fetch()) {
    by_criterion[{scorecard_id, criterion_key}] = std::vector<int64_t>(sums.begin(), sums.end());
  }
  return by_criterion;
}

void ReplaceSummaryRows(soci::session& session, Dialect /*dialect*/, const SummaryTable& table,
                        int from_day, int to_day, const SummaryRows& rows) {
  BoundQuery erase;
  erase.Sql("DELETE FROM ")
      .Sql(table.name)
      .Sql(" WHERE day >= ")
      .Value(static_cast<long long>(from_day))
      .Sql(" AND day < ")
      .Value(static_cast<long long>(to_day));
  erase.Execute(session);
  SummaryRows kept = rows;
  DropZeroRows(kept);
  if (kept.empty()) return;
  InChunks(
      session, table, kept,
      [&](BoundQuery& query) {
        query.Sql("INSERT INTO ").Sql(table.name).Sql(" (");
        AppendColumnList(query, table);
        query.Sql(") VALUES ");
      },
      [](BoundQuery&) {});
}

}  // namespace escala::db
