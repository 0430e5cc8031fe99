-- Sampling plans and the review assignments they generate. A plan's lists (agents, channels,
-- evaluators) and quotas are protobuf JSON in plan_json. An assignment is OPEN or SKIPPED here
-- (state, proto number); it counts as DONE when its evaluator has a submitted evaluation of the
-- interaction, so submitting an evaluation needs no second write. An interaction is assigned at
-- most once per plan.

CREATE TABLE sampling_plans (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  team_id VARCHAR(64) NULL,
  scorecard_id VARCHAR(64) NOT NULL,
  plan_json MEDIUMTEXT NOT NULL,
  created_by VARCHAR(80) NOT NULL,
  create_ms BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

CREATE TABLE assignments (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  plan_id BIGINT NOT NULL,
  interaction_id BIGINT NOT NULL,
  agent_employee_id VARCHAR(64) NOT NULL,
  evaluator_employee_id VARCHAR(64) NOT NULL,
  scorecard_id VARCHAR(64) NOT NULL,
  state INT NOT NULL,
  week_start_ms BIGINT NOT NULL,
  skip_reason VARCHAR(1000) NULL,
  replaces_assignment_id BIGINT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  CONSTRAINT fk_assignments_plan FOREIGN KEY (plan_id) REFERENCES sampling_plans (id),
  CONSTRAINT fk_assignments_interaction FOREIGN KEY (interaction_id) REFERENCES interactions (id),
  UNIQUE INDEX ux_assignments_plan_interaction (plan_id, interaction_id),
  INDEX ix_assignments_evaluator_state (evaluator_employee_id, state, id),
  INDEX ix_assignments_interaction (interaction_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
