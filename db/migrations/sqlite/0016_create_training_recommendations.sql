-- QA → training. criterion_training_rules: "when a person's results on criterion_key fall below a
-- threshold, they need course_id"; the threshold, the span judged, min_results, the cool-down
-- and the action are protobuf JSON in detail_json, the keys lists filter on are columns.
-- row_version is the etag. training_recommendations: what generation made, one row per fired
-- rule and person; the person's team at that time is kept (a lead reads their team's), the mean,
-- evidence, as-of time and dismissal details are detail_json. state holds
-- escala.v1.TrainingRecommendationState numbers (1 = open, 2 = dismissed). request_id is the
-- generation's, shared by the rows of one run (not unique): a replay reads them back.

CREATE TABLE criterion_training_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  criterion_key VARCHAR(64) NOT NULL,
  course_id VARCHAR(64) NOT NULL REFERENCES courses (course_id),
  active INT NOT NULL,
  detail_json TEXT NOT NULL,
  row_version BIGINT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  request_id VARCHAR(64) NULL,
  request_hash VARCHAR(20) NULL
);

CREATE UNIQUE INDEX ux_criterion_training_rules_request ON criterion_training_rules (request_id);
CREATE INDEX ix_criterion_training_rules_course ON criterion_training_rules (course_id, id);

CREATE TABLE training_recommendations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  employee_id VARCHAR(64) NOT NULL,
  team_id VARCHAR(64) NULL,
  course_id VARCHAR(64) NOT NULL REFERENCES courses (course_id),
  criterion_key VARCHAR(64) NOT NULL,
  rule_id BIGINT NOT NULL REFERENCES criterion_training_rules (id),
  state INT NOT NULL,
  detail_json TEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL,
  request_id VARCHAR(64) NULL
);

CREATE INDEX ix_training_recommendations_person ON training_recommendations (employee_id, course_id);
CREATE INDEX ix_training_recommendations_team ON training_recommendations (team_id, id);
CREATE INDEX ix_training_recommendations_course ON training_recommendations (course_id, id);
CREATE INDEX ix_training_recommendations_request ON training_recommendations (created_by, request_id);
