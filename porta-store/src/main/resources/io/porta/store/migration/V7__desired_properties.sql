-- Porta schema 7: desired property values of the thing model (Alink desired properties, OneJSON
-- desired values), one row per device and property. version starts at 1 and grows by one on every
-- change, so a device deletes exactly the value it applied. value_json is the value as JSON text.
--
-- Portable SQL only, as in V1 (${binary}: the key collation).
CREATE TABLE desired_properties (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  identifier  TEXT ${binary} NOT NULL,
  value_json  TEXT NOT NULL,
  version     BIGINT NOT NULL,
  updated_ms  BIGINT NOT NULL,
  PRIMARY KEY (product_id, device_name, identifier)
);
