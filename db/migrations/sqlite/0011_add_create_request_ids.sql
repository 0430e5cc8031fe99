-- AIP-155 idempotency keys for the creates whose id the server assigns: a retried create with the
-- same request_id returns the original instead of making a second plan, session or token.
-- request_hash fingerprints the rest of the request, so a request_id reused for a different
-- payload is refused rather than answered with an unrelated resource. NULL when no request_id was
-- sent (a UNIQUE index allows any number of NULLs).

ALTER TABLE sampling_plans ADD COLUMN request_id VARCHAR(64) NULL;
ALTER TABLE sampling_plans ADD COLUMN request_hash VARCHAR(20) NULL;
CREATE UNIQUE INDEX ux_sampling_plans_request ON sampling_plans (request_id);

ALTER TABLE calibration_sessions ADD COLUMN request_id VARCHAR(64) NULL;
ALTER TABLE calibration_sessions ADD COLUMN request_hash VARCHAR(20) NULL;
CREATE UNIQUE INDEX ux_calibration_sessions_request ON calibration_sessions (request_id);

ALTER TABLE api_tokens ADD COLUMN request_id VARCHAR(64) NULL;
ALTER TABLE api_tokens ADD COLUMN request_hash VARCHAR(20) NULL;
CREATE UNIQUE INDEX ux_api_tokens_request ON api_tokens (request_id);
