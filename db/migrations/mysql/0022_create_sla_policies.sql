-- SLA policies, one row per version, like scorecard_versions: state is the
-- escala.v1.SlaPolicyState number, content_json the targets and the business-hours calendar as
-- protobuf JSON (a version is read whole and, once published, never changes). publish_ms says
-- from when a version is in force; row_version serves the etag of a draft.

CREATE TABLE sla_policy_versions (
  sla_policy_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  state INT NOT NULL,
  content_json MEDIUMTEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  publish_ms BIGINT NULL,
  row_version BIGINT NOT NULL,
  PRIMARY KEY (sla_policy_id, version),
  INDEX ix_sla_policy_versions_state (state, sla_policy_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Every change of an interaction's priority, written in UpdateInteraction's transaction: the SLA
-- clock applies each priority's target over the span it was in force. from_priority is the
-- priority before the change, so the priority at creation is the first change's from_priority.
CREATE TABLE interaction_priority_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  interaction_id BIGINT NOT NULL,
  change_ms BIGINT NOT NULL,
  from_priority INT NOT NULL,
  to_priority INT NOT NULL,
  INDEX ix_interaction_priority_changes (interaction_id, id),
  CONSTRAINT fk_priority_changes_interaction FOREIGN KEY (interaction_id)
    REFERENCES interactions (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
