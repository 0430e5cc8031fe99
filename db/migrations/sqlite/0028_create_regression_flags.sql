-- Regression flags: a person promoted under a policy whose quality fell below its maintenance
-- criteria while watched, flagged for their manager. One row per flag. The columns a list
-- filters or a guard checks are kept apart (person, team, case, policy, state); content_json
-- holds the rest of the escala.v1.RegressionFlag as protobuf JSON (the failed criteria with
-- their evidence, the acknowledgement and the close), read whole. open_case_id is the case's id
-- while the flag is OPEN or ACKNOWLEDGED and NULL once it is closed: its unique index keeps one
-- open flag per case, which makes raising idempotent. row_version serves the etag.

CREATE TABLE regression_flags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  employee_id VARCHAR(64) NOT NULL REFERENCES people (employee_id),
  team_id VARCHAR(64) NULL,
  promotion_case_id BIGINT NOT NULL REFERENCES promotion_cases (id),
  promotion_policy_id VARCHAR(64) NOT NULL,
  promotion_policy_version INT NOT NULL,
  state INT NOT NULL,
  open_case_id BIGINT NULL UNIQUE,
  content_json TEXT NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  row_version BIGINT NOT NULL
);

CREATE INDEX ix_regression_flags_case ON regression_flags (promotion_case_id, id);
CREATE INDEX ix_regression_flags_person ON regression_flags (employee_id, id);
CREATE INDEX ix_regression_flags_team ON regression_flags (team_id, id);
CREATE INDEX ix_regression_flags_state ON regression_flags (state, id);
