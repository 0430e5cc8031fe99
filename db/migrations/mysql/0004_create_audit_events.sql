-- The audit log: one row per change, written in the same transaction as the change, so a change
-- and its record commit or roll back together. Append-only: no code path updates or deletes it.
-- id orders the events (keyset paging); event_ms is epoch milliseconds (UTC). before_json and
-- after_json hold only the changed fields, but a bulk change can be large: MEDIUMTEXT (16 MiB).
-- Each filter has an index ending in id, so a filtered page is an index range scan in id order.
CREATE TABLE audit_events (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_ms BIGINT NOT NULL,
  principal VARCHAR(80) NOT NULL,
  principal_role INT NOT NULL,
  method VARCHAR(128) NOT NULL,
  resource_type VARCHAR(32) NOT NULL,
  resource_name VARCHAR(255) NOT NULL,
  request_id VARCHAR(64) NULL,
  before_json MEDIUMTEXT NOT NULL,
  after_json MEDIUMTEXT NOT NULL,
  INDEX ix_audit_events_principal (principal, id),
  INDEX ix_audit_events_resource_name (resource_name, id),
  INDEX ix_audit_events_resource_type (resource_type, id),
  INDEX ix_audit_events_event (event_ms, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
