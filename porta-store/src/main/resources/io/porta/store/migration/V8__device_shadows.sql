-- Porta schema 8: device shadows (OneNET image, Alibaba shadow), one JSON document per device.
--
-- Portable SQL only, as in V1. version is the document's own version, also used for compare-and-set.

CREATE TABLE device_shadows (
  product_id  TEXT ${binary} NOT NULL,
  device_name TEXT ${binary} NOT NULL,
  document    TEXT NOT NULL,
  version     BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (product_id, device_name)
);
