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
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employee_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NULL,
  promotion_policy_id VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  open_step VARCHAR(96) NULL,
  effective_ms BIGINT NULL,
  content_json MEDIUMTEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  row_version BIGINT NOT NULL,
  request_id VARCHAR(64) NULL,
  request_hash VARCHAR(64) NULL,
  UNIQUE KEY ux_promotion_cases_open_step (open_step),
  UNIQUE KEY ux_promotion_cases_request_id (request_id),
  INDEX ix_promotion_cases_person (employee_id, id),
  INDEX ix_promotion_cases_team (team_id, id),
  INDEX ix_promotion_cases_due (state, effective_ms),
  CONSTRAINT fk_promotion_cases_person FOREIGN KEY (employee_id)
    REFERENCES people (employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

ALTER TABLE person_level_changes ADD COLUMN promotion_case_id BIGINT NULL;
