-- The audit log: one row per change, written in the same transaction as the change, so a change
-- and its record commit or roll back together. Append-only: no code path updates or deletes it.
-- id orders the events (keyset paging); AUTOINCREMENT keeps ids increasing, never reused.
-- event_ms is epoch milliseconds (UTC). before_json and after_json hold only the changed fields.
-- Each filter has an index ending in id, so a filtered page is an index range scan in id order.
CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_ms BIGINT NOT NULL,
  principal VARCHAR(80) NOT NULL,
  principal_role INT NOT NULL,
  method VARCHAR(128) NOT NULL,
  resource_type VARCHAR(32) NOT NULL,
  resource_name VARCHAR(255) NOT NULL,
  request_id VARCHAR(64) NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL
);

CREATE INDEX ix_audit_events_principal ON audit_events (principal, id);
CREATE INDEX ix_audit_events_resource_name ON audit_events (resource_name, id);
CREATE INDEX ix_audit_events_resource_type ON audit_events (resource_type, id);
CREATE INDEX ix_audit_events_event ON audit_events (event_ms, id);
