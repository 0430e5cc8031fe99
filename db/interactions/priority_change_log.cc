#include "db/interactions/priority_change_log.h"

#include "db/core/bound_query.h"

namespace escala::db {

void RecordPriorityChange(soci::session& session, const v1::Interaction& before,
                          const v1::Interaction& after, int64_t now_ms) {
  if (before.priority() == after.priority()) return;
  BoundQuery query;
  query
      .Sql(
          "INSERT INTO interaction_priority_changes (interaction_id, change_ms, from_priority,"
          " to_priority) VALUES (")
      .Value(static_cast<long long>(after.id()))
      .Sql(", ")
      .Value(static_cast<long long>(now_ms))
      .Sql(", ")
      .Value(static_cast<long long>(before.priority()))
      .Sql(", ")
      .Value(static_cast<long long>(after.priority()))
      .Sql(")");
  query.Execute(session);
}

std::map<int64_t, std::vector<PriorityChangeRow>> ReadPriorityChanges(
    soci::session& session, const std::vector<int64_t>& interaction_ids) {
  std::map<int64_t, std::vector<PriorityChangeRow>> changes;
  if (interaction_ids.empty()) return changes;
  BoundQuery query;
  query.Sql(
      "SELECT interaction_id, change_ms, from_priority, to_priority FROM "
      "interaction_priority_changes WHERE interaction_id IN (");
  for (std::size_t i = 0; i < interaction_ids.size(); ++i) {
    if (i > 0) query.Sql(", ");
    query.Value(static_cast<long long>(interaction_ids[i]));
  }
  query.Sql(") ORDER BY interaction_id, id");
  long long interaction_id = 0, change_ms = 0, from_priority = 0, to_priority = 0;
  soci::statement statement(session);
  statement.exchange(soci::into(interaction_id));
  statement.exchange(soci::into(change_ms));
  statement.exchange(soci::into(from_priority));
  statement.exchange(soci::into(to_priority));
  PrepareAndExecute(session, statement, query);
  while (statement.fetch()) {
    changes[interaction_id].push_back(
        PriorityChangeRow{.interaction_id = interaction_id,
                          .change_ms = change_ms,
                          .from_priority = static_cast<v1::Priority>(from_priority),
                          .to_priority = static_cast<v1::Priority>(to_priority)});
  }
  return changes;
}

}  // namespace escala::db
