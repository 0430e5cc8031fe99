-- Assessments and completions of training. training_assessments: one score per booked enrolment
-- of a course with a pass mark (whole percent 0-100), corrected in place until the session is
-- closed; a change is appended to training_enrolment_history with both scores (NULL on the
-- other entries). training_completions: who completed which course version and when, written by
-- closing a session (session_id and enrolment_id set; one per enrolment) or imported (both
-- NULL); never updated or deleted. source holds the escala.v1.CompletionSource number;
-- score_percent is NULL without an assessment.

CREATE TABLE training_assessments (
  enrolment_id BIGINT NOT NULL PRIMARY KEY,
  session_id BIGINT NOT NULL,
  score_percent INT NOT NULL,
  note TEXT NOT NULL,
  assessed_by VARCHAR(80) NOT NULL,
  assess_ms BIGINT NOT NULL,
  INDEX ix_training_assessments_session (session_id, enrolment_id),
  CONSTRAINT fk_training_assessments_enrolment FOREIGN KEY (enrolment_id)
    REFERENCES training_enrolments (id),
  CONSTRAINT fk_training_assessments_session FOREIGN KEY (session_id)
    REFERENCES training_sessions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE training_enrolment_history
  ADD COLUMN from_score INT NULL,
  ADD COLUMN to_score INT NULL;

CREATE TABLE training_completions (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  person_employee_id VARCHAR(64) NOT NULL,
  course_id VARCHAR(64) NOT NULL,
  course_version INT NOT NULL,
  session_id BIGINT NULL,
  enrolment_id BIGINT NULL,
  completion_ms BIGINT NOT NULL,
  score_percent INT NULL,
  source INT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  UNIQUE INDEX ux_training_completions_enrolment (enrolment_id),
  INDEX ix_training_completions_time (completion_ms, id),
  INDEX ix_training_completions_person (person_employee_id, completion_ms),
  INDEX ix_training_completions_course (course_id, completion_ms),
  CONSTRAINT fk_training_completions_course FOREIGN KEY (course_id)
    REFERENCES courses (course_id),
  CONSTRAINT fk_training_completions_session FOREIGN KEY (session_id)
    REFERENCES training_sessions (id),
  CONSTRAINT fk_training_completions_enrolment FOREIGN KEY (enrolment_id)
    REFERENCES training_enrolments (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
