-- Assessments and completions of training. training_assessments: one score per booked enrolment
-- of a course with a pass mark (whole percent 0-100), corrected in place until the session is
-- closed; a change is appended to training_enrolment_history with both scores (NULL on the
-- other entries). training_completions: who completed which course version and when, written by
-- closing a session (session_id and enrolment_id set; one per enrolment) or imported (both
-- NULL); never updated or deleted. source holds the escala.v1.CompletionSource number;
-- score_percent is NULL without an assessment.

CREATE TABLE training_assessments (
  enrolment_id BIGINT NOT NULL PRIMARY KEY REFERENCES training_enrolments (id),
  session_id BIGINT NOT NULL REFERENCES training_sessions (id),
  score_percent INT NOT NULL,
  note TEXT NOT NULL,
  assessed_by VARCHAR(80) NOT NULL,
  assess_ms BIGINT NOT NULL
);

CREATE INDEX ix_training_assessments_session ON training_assessments (session_id, enrolment_id);

ALTER TABLE training_enrolment_history ADD COLUMN from_score INT NULL;
ALTER TABLE training_enrolment_history ADD COLUMN to_score INT NULL;

CREATE TABLE training_completions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  person_employee_id VARCHAR(64) NOT NULL,
  course_id VARCHAR(64) NOT NULL REFERENCES courses (course_id),
  course_version INT NOT NULL,
  session_id BIGINT NULL REFERENCES training_sessions (id),
  enrolment_id BIGINT NULL REFERENCES training_enrolments (id),
  completion_ms BIGINT NOT NULL,
  score_percent INT NULL,
  source INT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL
);

CREATE UNIQUE INDEX ux_training_completions_enrolment ON training_completions (enrolment_id);
CREATE INDEX ix_training_completions_time ON training_completions (completion_ms, id);
CREATE INDEX ix_training_completions_person ON training_completions (person_employee_id,
  completion_ms);
CREATE INDEX ix_training_completions_course ON training_completions (course_id, completion_ms);
