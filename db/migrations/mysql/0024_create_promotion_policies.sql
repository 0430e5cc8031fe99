-- Promotion policies, one row per version, with the layout of sla_policy_versions (the shared
-- versioned-document store): state is the escala.v1.PromotionPolicyState number, content_json
-- the ladder step and the criteria as protobuf JSON (a version is read whole and, once
-- published, never changes); row_version serves the etag of a draft.

CREATE TABLE promotion_policy_versions (
  promotion_policy_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  state INT NOT NULL,
  content_json MEDIUMTEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  publish_ms BIGINT NULL,
  row_version BIGINT NOT NULL,
  PRIMARY KEY (promotion_policy_id, version),
  INDEX ix_promotion_policy_versions_state (state, promotion_policy_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
