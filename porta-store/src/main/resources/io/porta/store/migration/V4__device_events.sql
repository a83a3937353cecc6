-- Porta schema 4: the device event history (online/offline with reasons now; thing-model events later).
--
-- Portable SQL only, as in V1 (${binary}: the key collation). No foreign key to devices, as for
-- datapoints: an event of a device deleted while its batch was in flight must not fail the group
-- commit of other devices' events. seq is the arrival order of the writer (as datapoints.seq), so an
-- offline and the next online in the same millisecond keep their order. data is a JSON object.
CREATE TABLE device_events (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  time_ms     BIGINT NOT NULL,
  seq         BIGINT NOT NULL,
  type        TEXT ${binary} NOT NULL,
  identifier  TEXT NOT NULL,
  data        TEXT NOT NULL,
  PRIMARY KEY (product_id, device_name, time_ms, seq)
);

-- The primary key serves a device's reads by time; this one serves them filtered by type.
CREATE INDEX device_events_by_type ON device_events (product_id, device_name, type, time_ms, seq);

-- Retention deletes by age across all devices.
CREATE INDEX device_events_by_time ON device_events (time_ms);
