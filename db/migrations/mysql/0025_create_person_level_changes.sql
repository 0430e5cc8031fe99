-- Every change of a person's level, written in the transaction of the update that made it
-- (UpdatePerson, UpsertPeople): the level history promotion eligibility reads for the time a
-- person has held their level and for their level at a past time. A level given at creation is
-- not a change; before any change, time at the level counts from the hire date.

CREATE TABLE person_level_changes (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  employee_id VARCHAR(64) NOT NULL,
  from_level INT NOT NULL,
  to_level INT NOT NULL,
  change_ms BIGINT NOT NULL,
  INDEX ix_person_level_changes (employee_id, change_ms),
  CONSTRAINT fk_person_level_changes_person FOREIGN KEY (employee_id)
    REFERENCES people (employee_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
