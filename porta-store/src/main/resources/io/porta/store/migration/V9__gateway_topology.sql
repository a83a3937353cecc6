-- Porta schema 9: gateways and their sub-devices (Alibaba thing/topo, protocols.md B.9).
--
-- Portable SQL only, as in V1. A sub-device has at most one gateway: the sub-device is the key.

CREATE TABLE gateway_topology (
  sub_product_id     TEXT ${binary} NOT NULL,
  sub_device_name    TEXT ${binary} NOT NULL,
  gateway_product_id TEXT ${binary} NOT NULL,
  gateway_name       TEXT ${binary} NOT NULL,
  created_at         BIGINT NOT NULL,
  PRIMARY KEY (sub_product_id, sub_device_name)
);

CREATE INDEX gateway_topology_by_gateway ON gateway_topology (gateway_product_id, gateway_name);
