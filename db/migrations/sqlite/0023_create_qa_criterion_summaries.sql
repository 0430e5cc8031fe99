-- Failures per scorecard criterion, kept like qa_summaries (0021): raw counts per scope, UTC day
-- of submit_time, shard, scorecard and criterion, updated in the transaction of every evaluation
-- submit and dispute resolution (db/summaries/qa_criterion_delta.h). scored counts the
-- evaluations that answered the criterion with a value; failed those whose answer failed it
-- (Evaluation.failed_criterion_keys). Rows of existing evaluations are built by
-- `escala report recompute --fix`.

CREATE TABLE qa_criterion_summaries (
  scope VARCHAR(16) NOT NULL,
  scope_id VARCHAR(128) NOT NULL,
  day INT NOT NULL,
  shard INT NOT NULL,
  scorecard_id VARCHAR(64) NOT NULL,
  criterion_key VARCHAR(64) NOT NULL,
  scored BIGINT NOT NULL,
  failed BIGINT NOT NULL,
  PRIMARY KEY (scope, scope_id, day, shard, scorecard_id, criterion_key)
);

CREATE INDEX ix_qa_criterion_summaries_day ON qa_criterion_summaries (day);
