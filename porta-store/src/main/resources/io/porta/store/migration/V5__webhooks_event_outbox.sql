-- Porta schema 5: webhooks and the event outbox they are delivered from.
--
-- Portable SQL only, as in V1 (${binary}: the key collation). The outbox holds each event once,
-- whatever the number of webhooks; each webhook reads it from its own cursor (cursor_id: the last
-- event delivered). Event ids are assigned by the single outbox writer, increasing in commit order.

CREATE TABLE webhooks (
  id              TEXT ${binary} NOT NULL PRIMARY KEY,
  url             TEXT NOT NULL,
  secret          TEXT NOT NULL,
  product_id      TEXT ${binary},
  events          TEXT NOT NULL,
  enabled         BOOLEAN NOT NULL,
  created_at      BIGINT NOT NULL,
  cursor_id       BIGINT NOT NULL,
  last_success_at BIGINT,
  last_failure_at BIGINT,
  last_error      TEXT,
  failures        INTEGER NOT NULL,
  dropped         BIGINT NOT NULL
);

CREATE TABLE event_outbox (
  id          BIGINT NOT NULL PRIMARY KEY,
  time_ms     BIGINT NOT NULL,
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  type        TEXT NOT NULL,
  data        TEXT NOT NULL
);

CREATE INDEX event_outbox_by_time ON event_outbox (time_ms);
