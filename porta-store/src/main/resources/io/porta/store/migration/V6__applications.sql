-- Porta schema 6: applications of the application channel (MQTT under $app/).
--
-- Portable SQL only, as in V1. The token is never stored, only its SHA-256 (hex); product_ids is a
-- comma-separated list (product ids contain no comma).

CREATE TABLE applications (
  id          TEXT ${binary} NOT NULL PRIMARY KEY,
  name        TEXT NOT NULL,
  product_ids TEXT NOT NULL,
  token_hash  TEXT NOT NULL,
  created_at  BIGINT NOT NULL
);
