-- Porta schema 3: custom topic categories, the per-device message log and persistent sessions.
--
-- Portable SQL only, as in V1. ${binary} is the key collation (see V1); ${bytes} is the binary
-- payload type: BLOB on SQLite, BYTEA on PostgreSQL. No surrogate ids: the stores derive them.

-- Custom topic categories of a product (default and system ones are not stored). created_at orders
-- them oldest first; the store makes it strictly increasing per product.
CREATE TABLE topic_categories (
  product_id TEXT ${binary} NOT NULL,
  id         TEXT ${binary} NOT NULL,
  topic      TEXT ${binary} NOT NULL,
  access     TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, id),
  UNIQUE (product_id, topic),
  FOREIGN KEY (product_id) REFERENCES products (id)
);

-- The message log. No foreign key to devices, as for datapoints: a message of a device deleted while
-- its batch was in flight must not fail the group commit of other devices' messages. seq is the
-- arrival order of the writer (as datapoints.seq).
CREATE TABLE device_messages (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  topic       TEXT ${binary} NOT NULL,
  time_ms     BIGINT NOT NULL,
  seq         BIGINT NOT NULL,
  payload     ${bytes} NOT NULL,
  PRIMARY KEY (product_id, device_name, time_ms, seq)
);

CREATE INDEX device_messages_by_topic ON device_messages (product_id, device_name, topic, time_ms, seq);

-- Persistent sessions (cleanSession = 0), one per device; opened_at is its last open.
CREATE TABLE device_sessions (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  opened_at   BIGINT NOT NULL,
  PRIMARY KEY (product_id, device_name)
);

CREATE INDEX device_sessions_by_opened_at ON device_sessions (opened_at);

CREATE TABLE session_subscriptions (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  filter      TEXT ${binary} NOT NULL,
  qos         INTEGER NOT NULL,
  PRIMARY KEY (product_id, device_name, filter)
);

-- Unacknowledged QoS 1 downlink messages. id increases per device (delivery order); sent marks a
-- message written to the device before, so that a resend carries DUP = 1.
CREATE TABLE session_queue (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  id          BIGINT NOT NULL,
  topic       TEXT NOT NULL,
  payload     ${bytes} NOT NULL,
  qos         INTEGER NOT NULL,
  created_at  BIGINT NOT NULL,
  sent        BOOLEAN NOT NULL,
  PRIMARY KEY (product_id, device_name, id)
);

CREATE INDEX session_queue_by_created_at ON session_queue (created_at);
