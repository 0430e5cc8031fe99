#include "db/events/outbox.h"

#include <soci/soci.h>

#include <algorithm>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "db/core/bound_query.h"
#include "db/events/event_id.h"

namespace escala::db {
namespace {

// Rows per multi-row INSERT: 9 parameters a row stays far below SQLite's parameter limit.
constexpr std::size_t kOutboxChunk = 400;

// Moves event_sequence on by `count` and returns the new last_seq. The row lock this takes is
// what orders the event-producing transactions: it is held until the caller's commit.
int64_t TakeSequenceBlock(soci::session& session, Dialect dialect, long long count) {
  long long last = 0;
  if (dialect == Dialect::kMysql) {
    // LAST_INSERT_ID(expr) remembers expr for this connection: the one-row sequence of the
    // MySQL manual, read back without a second look at the row.
    session << "UPDATE event_sequence SET last_seq = LAST_INSERT_ID(last_seq + :n) WHERE id = 1",
        soci::use(count);
    session << "SELECT LAST_INSERT_ID()", soci::into(last);
  } else {
    session << "UPDATE event_sequence SET last_seq = last_seq + :n WHERE id = 1 RETURNING last_seq",
        soci::use(count), soci::into(last);
  }
  if (last < count) throw soci::soci_error("event_sequence: the sequence row is missing");
  return last;
}

}  // namespace

OutboxEvent MakeOutboxEvent(std::string type, std::string subject, std::string person_id,
                            std::string team_id, absl::Time occurred,
                            const google::protobuf::Message& message) {
  OutboxEvent event;
  event.type = std::move(type);
  event.subject = std::move(subject);
  event.person_id = std::move(person_id);
  event.team_id = std::move(team_id);
  event.occurred = occurred;
  event.data.PackFrom(message);
  return event;
}

int64_t AppendEvents(soci::session& session, Dialect dialect,
                     const std::vector<OutboxEvent>& events, absl::Time now) {
  if (events.empty()) return 0;
  const long long count = static_cast<long long>(events.size());
  const int64_t last = TakeSequenceBlock(session, dialect, count);
  const long long recorded_ms = absl::ToUnixMillis(now);
  int64_t seq = last - count + 1;
  for (std::size_t start = 0; start < events.size(); start += kOutboxChunk) {
    const std::size_t end = std::min(events.size(), start + kOutboxChunk);
    BoundQuery query;
    query.Sql(
        "INSERT INTO event_outbox (seq, event_id, type, subject, person_id, team_id,"
        " occurred_ms, recorded_ms, payload) VALUES ");
    for (std::size_t i = start; i < end; ++i) {
      const OutboxEvent& event = events[i];
      query.Sql(i == start ? "(" : ", (")
          .Value(static_cast<long long>(seq++))
          .Sql(", ")
          .Value(NewEventId(now))
          .Sql(", ")
          .Value(event.type)
          .Sql(", ")
          .Value(event.subject)
          .Sql(", ")
          .Value(event.person_id)
          .Sql(", ")
          .Value(event.team_id)
          .Sql(", ")
          .Value(static_cast<long long>(absl::ToUnixMillis(event.occurred)))
          .Sql(", ")
          .Value(recorded_ms)
          .Sql(", ")
          .Value(absl::Base64Escape(event.data.SerializeAsString()))
          .Sql(")");
    }
    query.Execute(session);
  }
  return last;
}

}  // namespace escala::db
