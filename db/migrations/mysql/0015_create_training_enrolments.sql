-- Enrolments of people in training sessions and their append-only history. state holds the
-- escala.v1.EnrolmentState number. open_key is 1 while the enrolment is open (requested, booked,
-- waitlisted) and NULL once final, so that the unique key allows one open enrolment per person
-- and session beside any number of final ones (NULLs never collide). waitlist_ms is when it
-- entered the waitlist (queue order: waitlist_ms, then id); NULL unless waitlisted.
-- training_enrolment_history is written once per change of state and never updated.

CREATE TABLE training_enrolments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  session_id BIGINT NOT NULL,
  person_employee_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NULL,
  state INT NOT NULL,
  open_key INT NULL,
  waitlist_ms BIGINT NULL,
  conflicts_overridden INT NOT NULL,
  overbooked INT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  UNIQUE INDEX ux_training_enrolments_open (session_id, person_employee_id, open_key),
  INDEX ix_training_enrolments_person (person_employee_id, id),
  INDEX ix_training_enrolments_queue (session_id, state, waitlist_ms, id),
  CONSTRAINT fk_training_enrolments_session FOREIGN KEY (session_id)
    REFERENCES training_sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE training_enrolment_history (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  enrolment_id BIGINT NOT NULL,
  from_state INT NOT NULL,
  to_state INT NOT NULL,
  actor VARCHAR(80) NOT NULL,
  reason TEXT NOT NULL,
  change_ms BIGINT NOT NULL,
  conflicts_overridden INT NOT NULL,
  overbooked INT NOT NULL,
  INDEX ix_training_enrolment_history (enrolment_id, id),
  CONSTRAINT fk_training_enrolment_history_enrolment FOREIGN KEY (enrolment_id)
    REFERENCES training_enrolments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
