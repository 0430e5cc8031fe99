-- Attendance marks of training sessions: one row per booked enrolment and block (block_number
-- from 1 in start order; a session's blocks no longer move once it started, and a block is
-- marked only after its start). status holds the escala.v1.AttendanceStatus number. A change of
-- a mark is appended to training_enrolment_history with the block and both statuses (NULL on
-- the entries of state changes).

CREATE TABLE training_attendance (
  enrolment_id BIGINT NOT NULL REFERENCES training_enrolments (id),
  block_number INT NOT NULL,
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  status INT NOT NULL,
  note TEXT NOT NULL,
  marked_by VARCHAR(80) NOT NULL,
  mark_ms BIGINT NOT NULL,
  PRIMARY KEY (enrolment_id, block_number)
);

CREATE INDEX ix_training_attendance_session ON training_attendance (session_id, enrolment_id);

ALTER TABLE training_enrolment_history ADD COLUMN block_number INT NULL;
ALTER TABLE training_enrolment_history ADD COLUMN from_attendance INT NULL;
ALTER TABLE training_enrolment_history ADD COLUMN to_attendance INT NULL;
