-- AIP-155 idempotency for the state-changing custom methods (AcknowledgeEvaluation, SkipAssignment,
-- RevokeToken, …): their audit event, written in the change's own transaction, is the record
-- that the request was applied. request_hash fingerprints the request without its request_id, so
-- a retry with the same request_id is told from a reuse of it for another payload. NULL when the
-- call sent no request_id field (an x-request-id header alone is never replayed). The index
-- serves the lookup of a retry: (principal, method, request_id).

ALTER TABLE audit_events
  ADD COLUMN request_hash VARCHAR(20) NULL,
  ADD INDEX ix_audit_events_request (principal, method, request_id);
