-- The training catalogue. courses holds one row per course with what is true of the course as a
-- whole (state, newest version, etag, idempotency key); course_versions one immutable row per
-- version, whose content_json holds the version's content as protobuf JSON, so that a completion
-- can record the version taken and read it back as it was. kind and newest_version sit on
-- courses for the catalogue's filters. row_version is the etag: it grows with every change of the
-- course (a new version, retirement).

CREATE TABLE courses (
  course_id VARCHAR(64) NOT NULL PRIMARY KEY,
  state INT NOT NULL,
  kind INT NOT NULL,
  newest_version INT NOT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  retire_ms BIGINT NULL,
  request_id VARCHAR(64) NULL,
  request_hash VARCHAR(20) NULL,
  UNIQUE INDEX ux_courses_request (request_id),
  INDEX ix_courses_state (state, course_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE course_versions (
  course_id VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  title VARCHAR(200) NOT NULL,
  content_json MEDIUMTEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  PRIMARY KEY (course_id, version),
  CONSTRAINT fk_course_versions_course FOREIGN KEY (course_id) REFERENCES courses (course_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
