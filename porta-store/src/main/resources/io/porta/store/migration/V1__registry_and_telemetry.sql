-- Porta schema 1: the registry (products, devices) and telemetry (datapoints).
--
-- One file serves SQLite and PostgreSQL (design.md "Storage"), so it uses portable SQL only:
-- TEXT, INTEGER, BIGINT, BOOLEAN, composite primary keys and no surrogate ids (no SERIAL or
-- AUTOINCREMENT). Times are UTC epoch milliseconds in BIGINT columns.
--
-- ${binary} is COLLATE "C" on PostgreSQL and empty on SQLite, whose default is already binary:
-- keys sort by code point on both engines, so paging and "ordered by name" agree everywhere.

CREATE TABLE products (
  id                    TEXT ${binary} NOT NULL,
  name                  TEXT,
  dialect               TEXT NOT NULL,
  secret                TEXT NOT NULL,
  onenet_wildcard_level INTEGER NOT NULL,
  dynamic_registration  TEXT NOT NULL,
  require_tls           BOOLEAN NOT NULL,
  created_at            BIGINT NOT NULL,
  PRIMARY KEY (id)
);

CREATE TABLE devices (
  product_id TEXT ${binary} NOT NULL,
  name       TEXT ${binary} NOT NULL,
  secret     TEXT NOT NULL,
  enabled    BOOLEAN NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (product_id, name),
  FOREIGN KEY (product_id) REFERENCES products (id)
);

-- No foreign key to devices: one point of a device deleted while its batch was in flight must not
-- fail the whole group commit of other devices' points.
-- seq is the arrival order (microseconds since the epoch at write, strictly increasing per writer):
-- it orders points that share a timestamp and makes the key unique without a surrogate id.
CREATE TABLE datapoints (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  stream      TEXT ${binary} NOT NULL,
  time_ms     BIGINT NOT NULL,
  seq         BIGINT NOT NULL,
  value_json  TEXT NOT NULL,
  PRIMARY KEY (product_id, device_name, stream, time_ms, seq)
);

-- The primary key serves one stream's range and its newest point; this serves reads across all
-- streams of a device in time order.
CREATE INDEX datapoints_by_time ON datapoints (product_id, device_name, time_ms, seq);
