-- The event feed (EventService.WatchEvents): an outbox written in the transaction of the change
-- it reports, numbered in commit order. event_sequence holds one row: last_seq is the last
-- number handed out; every event-producing transaction moves it as its last statement (SQLite
-- serialises writers, so numbers are given out in commit order and a rollback gives its numbers
-- back). epoch is random at creation: a database restored from a backup under a new epoch makes
-- old resume tokens expire instead of skipping events. payload is the base64 of a serialized
-- google.protobuf.Any; person_id and team_id (the subject person and their team when the event
-- happened) are what per-watcher authorisation reads.

CREATE TABLE event_sequence (
  id INTEGER NOT NULL PRIMARY KEY,
  last_seq BIGINT NOT NULL,
  epoch BIGINT NOT NULL
);

INSERT INTO event_sequence (id, last_seq, epoch)
  VALUES (1, 0, 1 + abs(random() % 9007199254740990));

CREATE TABLE event_outbox (
  seq BIGINT NOT NULL PRIMARY KEY,
  event_id CHAR(26) NOT NULL UNIQUE,
  type VARCHAR(128) NOT NULL,
  subject VARCHAR(255) NOT NULL,
  person_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NOT NULL,
  occurred_ms BIGINT NOT NULL,
  recorded_ms BIGINT NOT NULL,
  payload TEXT NOT NULL
);

CREATE INDEX ix_event_outbox_recorded ON event_outbox (recorded_ms);
