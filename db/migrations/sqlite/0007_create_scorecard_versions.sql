-- Scorecards, one row per version. state is the escala.v1.ScorecardState number. content_json
-- holds the form (sections, criteria, band cut-offs, channels, roles, dispute window) as protobuf
-- JSON: a version is read whole and, once published, never changes, so servers cache it.
-- row_version serves optimistic updates (the etag) of a draft.

CREATE TABLE scorecard_versions (
  scorecard_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  state INT NOT NULL,
  content_json TEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  publish_ms BIGINT NULL,
  retire_ms BIGINT NULL,
  row_version BIGINT NOT NULL,
  PRIMARY KEY (scorecard_id, version)
);

CREATE INDEX ix_scorecard_versions_state ON scorecard_versions (state, scorecard_id);
