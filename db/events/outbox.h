#pragma once

#include <google/protobuf/any.pb.h>
#include <google/protobuf/message.h>
#include <soci/session.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "db/core/sql_dialect.h"

namespace escala::db {

// One event a change reports, as the writing repository describes it.
struct OutboxEvent {
  // "escala.people.level.changed.v1": reverse-DNS domain, resource, past-tense verb, version.
  std::string type;
  // The resource the event is about: "people/E1001".
  std::string subject;
  // The person the event concerns and their team now (empty when none): who may see it.
  std::string person_id;
  std::string team_id;
  // When it happened (the change's own time).
  absl::Time occurred;
  // The event's data.
  google::protobuf::Any data;
};

// An OutboxEvent with `data` packed from `message`.
OutboxEvent MakeOutboxEvent(std::string type, std::string subject, std::string person_id,
                            std::string team_id, absl::Time occurred,
                            const google::protobuf::Message& message);

// Appends `events` to the outbox on `session`, inside the transaction the caller holds open for
// the change itself; call it as the last statements before Commit(). It takes the next
// events.size() sequence numbers with one UPDATE of the event_sequence row, whose lock is held
// until the caller's commit: concurrent event-producing transactions therefore commit one after
// the other and the numbers follow commit order with no holes (a rollback gives its numbers
// back). One call per transaction, with every event of the transaction (a batch takes one block).
// `now` is the recorded time. Returns the seq of the last event (0 for an empty list, which
// writes nothing). Throws soci::soci_error like SOCI. After the caller's commit, RingEventBell()
// wakes the watchers of this process.
int64_t AppendEvents(soci::session& session, Dialect dialect,
                     const std::vector<OutboxEvent>& events, absl::Time now);

}  // namespace escala::db
