-- The people directory. employee_id is HR's own key; team_id is checked by the foreign key.
CREATE TABLE people (
  employee_id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  email VARCHAR(254) NOT NULL,
  role INT NOT NULL,
  level INT NOT NULL,
  team_id VARCHAR(64) NULL,
  hire_date CHAR(10) NULL,
  active TINYINT NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  version BIGINT NOT NULL,
  CONSTRAINT fk_people_team FOREIGN KEY (team_id) REFERENCES teams (team_id),
  INDEX ix_people_team (team_id, employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
