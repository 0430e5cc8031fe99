-- Regression flags: a person promoted under a policy whose quality fell below its maintenance
-- criteria while watched, flagged for their manager. One row per flag. The columns a list
-- filters or a guard checks are kept apart (person, team, case, policy, state); content_json
-- holds the rest of the escala.v1.RegressionFlag as protobuf JSON (the failed criteria with
-- their evidence, the acknowledgement and the close), read whole. open_case_id is the case's id
-- while the flag is OPEN or ACKNOWLEDGED and NULL once it is closed: its unique index keeps one
-- open flag per case, which makes raising idempotent. row_version serves the etag.

CREATE TABLE regression_flags (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employee_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NULL,
  promotion_case_id BIGINT NOT NULL,
  promotion_policy_id VARCHAR(64) NOT NULL,
  promotion_policy_version INT NOT NULL,
  state INT NOT NULL,
  open_case_id BIGINT NULL,
  content_json MEDIUMTEXT NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  row_version BIGINT NOT NULL,
  UNIQUE KEY ux_regression_flags_open_case (open_case_id),
  INDEX ix_regression_flags_case (promotion_case_id, id),
  INDEX ix_regression_flags_person (employee_id, id),
  INDEX ix_regression_flags_team (team_id, id),
  INDEX ix_regression_flags_state (state, id),
  CONSTRAINT fk_regression_flags_person FOREIGN KEY (employee_id)
    REFERENCES people (employee_id),
  CONSTRAINT fk_regression_flags_case FOREIGN KEY (promotion_case_id)
    REFERENCES promotion_cases (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
