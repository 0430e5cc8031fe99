-- utf8mb4_nopad_bin: byte-exact comparison like SQLite, without PAD SPACE (so "a " differs from "a").
-- Teams of the support department. lead_employee_id is checked by the service, not by a
-- foreign key, because people also point at teams.
-- Times are epoch milliseconds (UTC) in BIGINT: DATETIME through SOCI keeps whole seconds only.
CREATE TABLE teams (
  team_id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  lead_employee_id VARCHAR(64) NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
