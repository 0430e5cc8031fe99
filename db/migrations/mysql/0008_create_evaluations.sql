-- Evaluations: one evaluator's scoring of one interaction against one scorecard version. The
-- columns are what lists filter and sort on; detail_json holds the answers, comments, section
-- results and the dispute (protobuf JSON). score is the full-precision server-computed score
-- (NULL for drafts and all-N/A evaluations); band and state are proto enum numbers. Calibration
-- scores live in calibration_scores, so nothing here is ever a calibration.
-- One evaluation per interaction per evaluator: ux_evaluations_interaction_evaluator.

CREATE TABLE evaluations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
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
  detail_json MEDIUMTEXT NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  submit_ms BIGINT NULL,
  acknowledge_ms BIGINT NULL,
  dispute_deadline_ms BIGINT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT fk_evaluations_interaction FOREIGN KEY (interaction_id) REFERENCES interactions (id),
  CONSTRAINT fk_evaluations_scorecard FOREIGN KEY (scorecard_id, scorecard_version) REFERENCES scorecard_versions (scorecard_id, version),
  UNIQUE INDEX ux_evaluations_interaction_evaluator (interaction_id, evaluator_employee_id),
  UNIQUE INDEX ux_evaluations_request (request_id),
  INDEX ix_evaluations_agent (agent_employee_id, id),
  INDEX ix_evaluations_team (team_id, id),
  INDEX ix_evaluations_evaluator (evaluator_employee_id, id),
  INDEX ix_evaluations_scorecard (scorecard_id, id),
  INDEX ix_evaluations_state (state, id),
  INDEX ix_evaluations_agent_submit (agent_employee_id, submit_ms, score)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
