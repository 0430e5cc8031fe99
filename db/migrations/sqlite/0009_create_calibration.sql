-- Calibration sessions, their interactions and participants, and the participants' scores.
-- A score's answers are protobuf JSON (answers_json); score is server-computed (NULL when every
-- criterion is N/A). These scores never count in agent results: they are not evaluations.

CREATE TABLE calibration_sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  title VARCHAR(200) NOT NULL,
  scorecard_id VARCHAR(64) NOT NULL,
  scorecard_version INT NOT NULL,
  expert_employee_id VARCHAR(64) NULL,
  deadline_ms BIGINT NOT NULL,
  state INT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  close_ms BIGINT NULL,
  CONSTRAINT fk_calibration_sessions_scorecard FOREIGN KEY (scorecard_id, scorecard_version) REFERENCES scorecard_versions (scorecard_id, version)
);

CREATE INDEX ix_calibration_sessions_close ON calibration_sessions (close_ms, id);

CREATE TABLE calibration_session_interactions (
  session_id BIGINT NOT NULL,
  interaction_id BIGINT NOT NULL,
  position INT NOT NULL,
  PRIMARY KEY (session_id, interaction_id),
  CONSTRAINT fk_calibration_interactions_session FOREIGN KEY (session_id) REFERENCES calibration_sessions (id),
  CONSTRAINT fk_calibration_interactions_interaction FOREIGN KEY (interaction_id) REFERENCES interactions (id)
);


CREATE TABLE calibration_participants (
  session_id BIGINT NOT NULL,
  employee_id VARCHAR(64) NOT NULL,
  expert TINYINT NOT NULL,
  PRIMARY KEY (session_id, employee_id),
  CONSTRAINT fk_calibration_participants_session FOREIGN KEY (session_id) REFERENCES calibration_sessions (id)
);

CREATE INDEX ix_calibration_participants_employee ON calibration_participants (employee_id, session_id);

CREATE TABLE calibration_scores (
  session_id BIGINT NOT NULL,
  interaction_id BIGINT NOT NULL,
  evaluator_employee_id VARCHAR(64) NOT NULL,
  answers_json TEXT NOT NULL,
  score DOUBLE NULL,
  submit_ms BIGINT NOT NULL,
  PRIMARY KEY (session_id, interaction_id, evaluator_employee_id),
  CONSTRAINT fk_calibration_scores_session FOREIGN KEY (session_id) REFERENCES calibration_sessions (id)
);

