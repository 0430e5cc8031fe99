-- Certifications and learning paths: definitions only, keyed by the caller's code. Statuses
-- and progress are computed from training_completions on each read and never stored. What has
-- no column of its own (title, courses, periods, basis, required roles and levels; a path's
-- title, role, level and items) is protobuf JSON in detail_json; row_version is the etag.

CREATE TABLE certifications (
  certification_id VARCHAR(64) NOT NULL PRIMARY KEY,
  active INT NOT NULL,
  detail_json TEXT NOT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL
);

CREATE TABLE learning_paths (
  learning_path_id VARCHAR(64) NOT NULL PRIMARY KEY,
  active INT NOT NULL,
  detail_json TEXT NOT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL
);
