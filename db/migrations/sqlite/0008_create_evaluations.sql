-- Evaluations: one evaluator's scoring of one interaction against one scorecard version. The
-- columns are what lists filter and sort on; detail_json holds the answers, comments, section
-- results and the dispute (protobuf JSON). score is the full-precision server-computed score
-- (NULL for drafts and all-N/A evaluations); band and state are proto enum numbers. Calibration
-- scores live in calibration_scores, so nothing here is ever a calibration.
-- One evaluation per interaction per evaluator: ux_evaluations_interaction_evaluator.

CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  interaction_id BIGINT NOT NULL,
  agent_employee_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NULL,
  evaluator_employee_id VARCHAR(64) NOT NULL,
  scorecard_id VARCHAR(64) NOT NULL,
  scorecard_version INT NOT NULL,
  state INT NOT NULL,
  score DOUBLE NULL,
  band INT NOT NULL,
  request_id VARCHAR(64) NULL,
  detail_json TEXT NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  submit_ms BIGINT NULL,
  acknowledge_ms BIGINT NULL,
  dispute_deadline_ms BIGINT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT fk_evaluations_interaction FOREIGN KEY (interaction_id) REFERENCES interactions (id),
  CONSTRAINT fk_evaluations_scorecard FOREIGN KEY (scorecard_id, scorecard_version) REFERENCES scorecard_versions (scorecard_id, version)
);

CREATE UNIQUE INDEX ux_evaluations_interaction_evaluator ON evaluations (interaction_id, evaluator_employee_id);
CREATE UNIQUE INDEX ux_evaluations_request ON evaluations (request_id);
CREATE INDEX ix_evaluations_agent ON evaluations (agent_employee_id, id);
CREATE INDEX ix_evaluations_team ON evaluations (team_id, id);
CREATE INDEX ix_evaluations_evaluator ON evaluations (evaluator_employee_id, id);
CREATE INDEX ix_evaluations_scorecard ON evaluations (scorecard_id, id);
CREATE INDEX ix_evaluations_state ON evaluations (state, id);
CREATE INDEX ix_evaluations_agent_submit ON evaluations (agent_employee_id, submit_ms, score);
