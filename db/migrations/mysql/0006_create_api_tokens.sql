-- API tokens. Only the SHA-256 of a token's secret is kept (hex, 64 characters), so a copy of the
-- database does not hand out working secrets; the unique index finds a token by it on every call.
-- principal is a resource name ("people/E1", "serviceAccounts/x"), not a foreign key: tokens of
-- either kind live in this one table. last_use_ms and revoke_ms are NULL until set.
-- Listing is newest first by (create_ms, token_id), per principal or overall: one index each.
CREATE TABLE api_tokens (
  token_id VARCHAR(32) NOT NULL PRIMARY KEY,
  secret_hash CHAR(64) NOT NULL,
  principal VARCHAR(80) NOT NULL,
  description VARCHAR(200) NOT NULL,
  create_ms BIGINT NOT NULL,
  expire_ms BIGINT NOT NULL,
  last_use_ms BIGINT NULL,
  revoke_ms BIGINT NULL,
  created_by VARCHAR(80) NOT NULL,
  UNIQUE INDEX ux_api_tokens_secret_hash (secret_hash),
  INDEX ix_api_tokens_principal_create (principal, create_ms, token_id),
  INDEX ix_api_tokens_create (create_ms, token_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
