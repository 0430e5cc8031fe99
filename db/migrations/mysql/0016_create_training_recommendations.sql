-- QA → training. criterion_training_rules: "when a person's results on criterion_key fall below a
-- threshold, they need course_id"; the threshold, the span judged, min_results, the cool-down
-- and the action are protobuf JSON in detail_json, the keys lists filter on are columns.
-- row_version is the etag. training_recommendations: what generation made, one row per fired
-- rule and person; the person's team at that time is kept (a lead reads their team's), the mean,
-- evidence, as-of time and dismissal details are detail_json. state holds
-- escala.v1.TrainingRecommendationState numbers (1 = open, 2 = dismissed). request_id is the
-- generation's, shared by the rows of one run (not unique): a replay reads them back.

CREATE TABLE criterion_training_rules (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  criterion_key VARCHAR(64) NOT NULL,
  course_id VARCHAR(64) NOT NULL,
  active INT NOT NULL,
  detail_json MEDIUMTEXT NOT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  request_id VARCHAR(64) NULL,
  request_hash VARCHAR(20) NULL,
  UNIQUE INDEX ux_criterion_training_rules_request (request_id),
  INDEX ix_criterion_training_rules_course (course_id, id),
  CONSTRAINT fk_criterion_training_rules_course FOREIGN KEY (course_id)
    REFERENCES courses (course_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE training_recommendations (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employee_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NULL,
  course_id VARCHAR(64) NOT NULL,
  criterion_key VARCHAR(64) NOT NULL,
  rule_id BIGINT NOT NULL,
  state INT NOT NULL,
  detail_json MEDIUMTEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  request_id VARCHAR(64) NULL,
  INDEX ix_training_recommendations_person (employee_id, course_id),
  INDEX ix_training_recommendations_team (team_id, id),
  INDEX ix_training_recommendations_course (course_id, id),
  INDEX ix_training_recommendations_request (created_by, request_id),
  CONSTRAINT fk_training_recommendations_course FOREIGN KEY (course_id)
    REFERENCES courses (course_id),
  CONSTRAINT fk_training_recommendations_rule FOREIGN KEY (rule_id)
    REFERENCES criterion_training_rules (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
