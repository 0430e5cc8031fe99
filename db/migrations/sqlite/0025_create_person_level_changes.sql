-- Every change of a person's level, written in the transaction of the update that made it
-- (UpdatePerson, UpsertPeople): the level history promotion eligibility reads for the time a
-- person has held their level and for their level at a past time. A level given at creation is
-- not a change; before any change, time at the level counts from the hire date.

CREATE TABLE person_level_changes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  employee_id VARCHAR(64) NOT NULL REFERENCES people (employee_id),
  from_level INT NOT NULL,
  to_level INT NOT NULL,
  change_ms BIGINT NOT NULL
);

CREATE INDEX ix_person_level_changes ON person_level_changes (employee_id, change_ms);
