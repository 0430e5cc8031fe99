-- Certification expiries the server has announced on the event feed: one row per person,
-- certification and expiry date, written with the escala.training.certification.expired.v1 event
-- in one transaction. An expiry happens by the passing of time, not by a write, so the server
-- looks for them; the key makes announcing idempotent across rounds, restarts and servers.

CREATE TABLE certification_expiries (
  employee_id VARCHAR(64) NOT NULL,
  certification_id VARCHAR(64) NOT NULL,
  expiry_date CHAR(10) NOT NULL,
  announce_ms BIGINT NOT NULL,
  PRIMARY KEY (employee_id, certification_id, expiry_date)
);
