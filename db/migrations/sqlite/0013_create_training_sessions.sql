-- Training sessions: one delivery of a course version. The session's details (trainers, blocks,
-- time zone, place, capacity, windows) are protobuf JSON in detail_json; first_start_ms and
-- last_end_ms (the first block's start, the last block's end) are columns, because the state
-- SCHEDULED / IN_PROGRESS / DELIVERED follows from them and the clock, and lists order and filter
-- by them. lifecycle holds what is not derived from time: 1 = active, 4 = closed, 5 = cancelled
-- (escala.v1.TrainingSessionState numbers). training_session_trainers lists the trainers for
-- the trainer filter and a trainer's reach. row_version is the etag.

CREATE TABLE training_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  course_id VARCHAR(64) NOT NULL REFERENCES courses (course_id),
  course_version INT NOT NULL,
  first_start_ms BIGINT NOT NULL,
  last_end_ms BIGINT NOT NULL,
  lifecycle INT NOT NULL,
  detail_json TEXT NOT NULL,
  cancel_reason TEXT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  cancel_ms BIGINT NULL,
  close_ms BIGINT NULL,
  request_id VARCHAR(64) NULL,
  request_hash VARCHAR(20) NULL
);

CREATE UNIQUE INDEX ux_training_sessions_request ON training_sessions (request_id);
CREATE INDEX ix_training_sessions_start ON training_sessions (first_start_ms, id);
CREATE INDEX ix_training_sessions_course ON training_sessions (course_id, first_start_ms, id);

CREATE TABLE training_session_trainers (
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  employee_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (session_id, employee_id)
);

CREATE INDEX ix_training_session_trainers_person ON training_session_trainers (employee_id);
