-- Machine identities (HR systems, contact-centre platforms) that call the API with tokens.
-- role is the escala.v1.Role number; client_certificate_cn, when set, pins the account's tokens
-- to connections whose verified client certificate carries this common name. version serves
-- optimistic updates (the etag), as for people.
CREATE TABLE service_accounts (
  account_id VARCHAR(64) NOT NULL PRIMARY KEY,
  display_name VARCHAR(200) NOT NULL,
  role INT NOT NULL,
  client_certificate_cn VARCHAR(255) NULL,
  active TINYINT NOT NULL,
  create_ms BIGINT NOT NULL,
  update_ms BIGINT NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin;
