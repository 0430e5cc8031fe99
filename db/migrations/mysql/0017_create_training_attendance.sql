-- Attendance marks of training sessions: one row per booked enrolment and block (block_number
-- from 1 in start order; a session's blocks no longer move once it started, and a block is
-- marked only after its start). status holds the escala.v1.AttendanceStatus number. A change of
-- a mark is appended to training_enrolment_history with the block and both statuses (NULL on
-- the entries of state changes).

CREATE TABLE training_attendance (
  enrolment_id BIGINT NOT NULL,
  block_number INT NOT NULL,
  session_id BIGINT NOT NULL,
  status INT NOT NULL,
  note TEXT NOT NULL,
  marked_by VARCHAR(80) NOT NULL,
  mark_ms BIGINT NOT NULL,
  PRIMARY KEY (enrolment_id, block_number),
  INDEX ix_training_attendance_session (session_id, enrolment_id),
  CONSTRAINT fk_training_attendance_enrolment FOREIGN KEY (enrolment_id)
    REFERENCES training_enrolments (id),
  CONSTRAINT fk_training_attendance_session FOREIGN KEY (session_id)
    REFERENCES training_sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE training_enrolment_history
  ADD COLUMN block_number INT NULL,
  ADD COLUMN from_attendance INT NULL,
  ADD COLUMN to_attendance INT NULL;
