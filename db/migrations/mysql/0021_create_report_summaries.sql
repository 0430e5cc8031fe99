-- Report summaries: raw counts and sums (never ratios) kept current in the transaction of every
-- interaction and evaluation write (db/summaries/), so that reports read a few hundred rows
-- instead of scanning the facts. A ratio is computed when a report is read.
--
-- Key of both tables: (scope, scope_id, day, shard). scope is 'agent', 'team', 'department',
-- 'channel' or 'queue' (QA: 'agent', 'team', 'department'); scope_id the employee id, team id,
-- '' for the department, the channel's proto number or the queue name. day counts UTC days
-- since 1970-01-01: the day of an interaction's start_time, of an evaluation's submit_time.
-- The wide scopes (department, channel, queue), which every writer touches, are striped over 16
-- shards by a hash of the agent's employee id, so concurrent writers of different agents update
-- different rows; a read sums the shards. agent and team rows have shard 0.
--
-- The team is the agent's team when the interaction was written (kept in interactions.team_id,
-- as evaluations.team_id keeps it for an evaluation): moving an agent to another team does not
-- rewrite history. Rows of existing facts are built by `escala report recompute --fix`.

ALTER TABLE interactions ADD COLUMN team_id VARCHAR(64) NULL;

UPDATE interactions SET team_id = (SELECT p.team_id FROM people p
                                   WHERE p.employee_id = interactions.agent_employee_id);

CREATE TABLE kpi_summaries (
  scope VARCHAR(16) NOT NULL,
  scope_id VARCHAR(128) NOT NULL,
  day INT NOT NULL,
  shard INT NOT NULL,
  contacts BIGINT NOT NULL,
  handled BIGINT NOT NULL,
  offered BIGINT NOT NULL,
  abandoned BIGINT NOT NULL,
  resolved BIGINT NOT NULL,
  fcr BIGINT NOT NULL,
  resolved_unescalated BIGINT NOT NULL,
  escalated BIGINT NOT NULL,
  handle_n BIGINT NOT NULL,
  handle_ms BIGINT NOT NULL,
  first_response_n BIGINT NOT NULL,
  first_response_ms BIGINT NOT NULL,
  resolution_n BIGINT NOT NULL,
  resolution_ms BIGINT NOT NULL,
  csat_n BIGINT NOT NULL,
  csat_sum BIGINT NOT NULL,
  csat_top2 BIGINT NOT NULL,
  nps_n BIGINT NOT NULL,
  nps_promoters BIGINT NOT NULL,
  nps_detractors BIGINT NOT NULL,
  ces_n BIGINT NOT NULL,
  ces_sum BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, day, shard)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- Scores are kept in thousandths of a point (0–100,000) so that sums and sums of squares are
-- exact integers: a recompute compares them without a tolerance.
CREATE TABLE qa_summaries (
  scope VARCHAR(16) NOT NULL,
  scope_id VARCHAR(128) NOT NULL,
  day INT NOT NULL,
  shard INT NOT NULL,
  scorecard_id VARCHAR(64) NOT NULL,
  evaluations BIGINT NOT NULL,
  score_milli_sum BIGINT NOT NULL,
  score_milli_sq_sum BIGINT NOT NULL,
  band_1 BIGINT NOT NULL,
  band_2 BIGINT NOT NULL,
  band_3 BIGINT NOT NULL,
  band_4 BIGINT NOT NULL,
  band_5 BIGINT NOT NULL,
  critical_failures BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, day, shard, scorecard_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;

-- A recompute reads (and with --fix replaces) the rows of a range of days, and the facts of it.
CREATE INDEX ix_kpi_summaries_day ON kpi_summaries (day);
CREATE INDEX ix_qa_summaries_day ON qa_summaries (day);
CREATE INDEX ix_evaluations_submit ON evaluations (submit_ms);
