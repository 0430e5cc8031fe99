#include "db/events/soci_event_feed_repository.h"

#include <soci/soci.h>

#include <string>

#include "absl/strings/escaping.h"
#include "db/core/bound_query.h"
#include "db/core/transaction.h"
#include "db/core/with_session.h"

namespace escala::db {

FeedPosition ReadFeedPosition(soci::session& session) {
  FeedPosition position;
  long long head = 0, epoch = 0, oldest = 0;
  soci::indicator oldest_indicator = soci::i_null;
  session << "SELECT last_seq, epoch FROM event_sequence WHERE id = 1", soci::into(head),
      soci::into(epoch);
  if (!session.got_data()) throw soci::soci_error("event_sequence: the sequence row is missing");
  session << "SELECT MIN(seq) FROM event_outbox", soci::into(oldest, oldest_indicator);
  position.epoch = epoch;
  position.head = head;
  position.oldest = oldest_indicator == soci::i_ok ? oldest : head + 1;
  return position;
}

absl::StatusOr<std::vector<StoredEvent>> SociEventFeedRepository::ReadAfter(int64_t after_seq,
                                                                            int limit) {
  return WithSession(
      pool_, "ReadEvents",
      [&](SessionPool::Lease& lease) -> absl::StatusOr<std::vector<StoredEvent>> {
        BoundQuery query;
        query
            .Sql(
                "SELECT seq, event_id, type, subject, person_id, team_id, occurred_ms,"
                " recorded_ms, payload FROM event_outbox WHERE seq > ")
            .Value(static_cast<long long>(after_seq))
            .Sql(" ORDER BY seq LIMIT ")
            .Value(static_cast<long long>(limit));
        long long seq = 0, occurred_ms = 0, recorded_ms = 0;
        std::string event_id, type, subject, person_id, team_id, payload;
        soci::statement statement(lease.session());
        statement.exchange(soci::into(seq));
        statement.exchange(soci::into(event_id));
        statement.exchange(soci::into(type));
        statement.exchange(soci::into(subject));
        statement.exchange(soci::into(person_id));
        statement.exchange(soci::into(team_id));
        statement.exchange(soci::into(occurred_ms));
        statement.exchange(soci::into(recorded_ms));
        statement.exchange(soci::into(payload));
        PrepareAndExecute(lease.session(), statement, query);
        std::vector<StoredEvent> events;
        while (statement.fetch()) {
          StoredEvent& event = events.emplace_back();
          event.seq = seq;
          event.event_id = event_id;
          event.type = type;
          event.subject = subject;
          event.person_id = person_id;
          event.team_id = team_id;
          event.occurred_ms = occurred_ms;
          event.recorded_ms = recorded_ms;
          if (!absl::Base64Unescape(payload, &event.payload)) {
            return absl::InternalError("ReadEvents: a stored payload is not base64");
          }
        }
        return events;
      });
}

absl::StatusOr<FeedPosition> SociEventFeedRepository::Position() {
  return WithSession(pool_, "ReadEventPosition",
                     [&](SessionPool::Lease& lease) -> absl::StatusOr<FeedPosition> {
                       return ReadFeedPosition(lease.session());
                     });
}

absl::StatusOr<int64_t> SociEventFeedRepository::DeleteRecordedBefore(absl::Time cutoff,
                                                                      int batch) {
  return WithSession(
      pool_, "DeleteOldEvents", [&](SessionPool::Lease& lease) -> absl::StatusOr<int64_t> {
        const long long cutoff_ms = absl::ToUnixMillis(cutoff);
        int64_t deleted = 0;
        for (;;) {
          // By seq, so the retained events stay one contiguous range: the expiry of a resume
          // token compares it with the smallest seq left.
          long long upto = 0;
          soci::indicator upto_indicator = soci::i_null;
          BoundQuery bound;
          bound.Sql("SELECT MAX(seq) FROM (SELECT seq FROM event_outbox WHERE recorded_ms < ")
              .Value(cutoff_ms)
              .Sql(" ORDER BY seq LIMIT ")
              .Value(static_cast<long long>(batch))
              .Sql(") oldest");
          soci::statement statement(lease.session());
          statement.exchange(soci::into(upto, upto_indicator));
          PrepareAndExecute(lease.session(), statement, bound);
          if (!statement.fetch() || upto_indicator != soci::i_ok) return deleted;
          Transaction transaction(lease.session(), lease.dialect());
          BoundQuery remove;
          remove.Sql("DELETE FROM event_outbox WHERE seq <= ").Value(upto);
          deleted += remove.Execute(lease.session());
          transaction.Commit();
        }
      });
}

}  // namespace escala::db
