-- Training sessions: one delivery of a course version. The session's details (trainers, blocks,
-- time zone, place, capacity, windows) are protobuf JSON in detail_json; first_start_ms and
-- last_end_ms (the first block's start, the last block's end) are columns, because the state
-- SCHEDULED / IN_PROGRESS / DELIVERED follows from them and the clock, and lists order and filter
-- by them. lifecycle holds what is not derived from time: 1 = active, 4 = closed, 5 = cancelled
-- (escala.v1.TrainingSessionState numbers). training_session_trainers lists the trainers for
-- the trainer filter and a trainer's reach. row_version is the etag.

CREATE TABLE training_sessions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id VARCHAR(64) NOT NULL,
  course_version INT NOT NULL,
  first_start_ms BIGINT NOT NULL,
  last_end_ms BIGINT NOT NULL,
  lifecycle INT NOT NULL,
  detail_json MEDIUMTEXT NOT NULL,
  cancel_reason TEXT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  cancel_ms BIGINT NULL,
  close_ms BIGINT NULL,
  request_id VARCHAR(64) NULL,
  request_hash VARCHAR(20) NULL,
  UNIQUE INDEX ux_training_sessions_request (request_id),
  INDEX ix_training_sessions_start (first_start_ms, id),
  INDEX ix_training_sessions_course (course_id, first_start_ms, id),
  CONSTRAINT fk_training_sessions_course FOREIGN KEY (course_id) REFERENCES courses (course_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE training_session_trainers (
  session_id BIGINT NOT NULL,
  employee_id VARCHAR(64) NOT NULL,
  PRIMARY KEY (session_id, employee_id),
  INDEX ix_training_session_trainers_person (employee_id),
  CONSTRAINT fk_training_session_trainers_session FOREIGN KEY (session_id)
    REFERENCES training_sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
