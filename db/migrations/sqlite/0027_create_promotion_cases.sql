-- Promotion cases: one row per case. The columns a list filters or a guard checks are kept
-- apart (state, person, team, policy, the due time of an approved change); content_json holds
-- the rest of the escala.v1.PromotionCase as protobuf JSON (reasons, eligibility snapshots, HR
-- acknowledgements), read whole. open_step is "<employee_id>/<from_level>/<to_level>" while the
-- case is open and NULL once it is closed: its unique index keeps one open case per person and
-- step. row_version serves the etag. effective_ms is the effective date's 00:00 UTC while an
-- approved change waits to be applied.
--
-- A level change made by a case names it (promotion_case_id), and is dated by the effective
-- date rather than by when the server applied it.

CREATE TABLE promotion_cases (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  employee_id VARCHAR(64) NOT NULL REFERENCES people (employee_id),
  team_id VARCHAR(64) NULL,
  promotion_policy_id VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  open_step VARCHAR(96) NULL UNIQUE,
  effective_ms BIGINT NULL,
  content_json TEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  row_version BIGINT NOT NULL,
  request_id VARCHAR(64) NULL UNIQUE,
  request_hash VARCHAR(64) NULL
);

CREATE INDEX ix_promotion_cases_person ON promotion_cases (employee_id, id);
CREATE INDEX ix_promotion_cases_team ON promotion_cases (team_id, id);
CREATE INDEX ix_promotion_cases_due ON promotion_cases (state, effective_ms);

ALTER TABLE person_level_changes ADD COLUMN promotion_case_id BIGINT NULL;
