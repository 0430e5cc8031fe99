-- Interaction metadata. Enums are stored as their proto numbers; recording and transcript
-- references are flattened into recording_* and transcript_* columns (NULL uri = no reference).
-- Tags are one comma-joined column: they are validated to exclude commas.
CREATE TABLE interactions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  source_system VARCHAR(64) NULL,
  source_id VARCHAR(128) NULL,
  request_id VARCHAR(64) NULL,
  channel INT NOT NULL,
  direction INT NOT NULL,
  queue VARCHAR(128) NOT NULL,
  priority INT NOT NULL,
  agent_employee_id VARCHAR(64) NOT NULL,
  start_ms BIGINT NOT NULL,
  first_response_ms BIGINT NULL,
  answer_ms BIGINT NULL,
  end_ms BIGINT NULL,
  resolve_ms BIGINT NULL,
  talk_ms BIGINT NULL,
  hold_ms BIGINT NULL,
  after_contact_ms BIGINT NULL,
  first_contact_resolution TINYINT NOT NULL,
  escalated TINYINT NOT NULL,
  escalated_to_level INT NOT NULL,
  csat INT NULL,
  nps INT NULL,
  ces INT NULL,
  recording_uri VARCHAR(2048) NULL,
  recording_format VARCHAR(64) NULL,
  recording_duration_ms BIGINT NULL,
  recording_size_bytes BIGINT NULL,
  recording_sha256 CHAR(64) NULL,
  recording_retain_until_ms BIGINT NULL,
  transcript_uri VARCHAR(2048) NULL,
  transcript_format VARCHAR(64) NULL,
  transcript_duration_ms BIGINT NULL,
  transcript_size_bytes BIGINT NULL,
  transcript_sha256 CHAR(64) NULL,
  transcript_retain_until_ms BIGINT NULL,
  tags VARCHAR(2100) NOT NULL,
  language VARCHAR(35) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT fk_interactions_agent FOREIGN KEY (agent_employee_id) REFERENCES people (employee_id)
);

CREATE UNIQUE INDEX ux_interactions_source ON interactions (source_system, source_id);
CREATE UNIQUE INDEX ux_interactions_request ON interactions (request_id);
CREATE INDEX ix_interactions_start ON interactions (start_ms, id);
CREATE INDEX ix_interactions_agent_start ON interactions (agent_employee_id, start_ms, id);
