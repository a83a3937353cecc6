-- Porta schema 2: what a device reports or is issued after registration (Alibaba dialect).
--
-- Portable SQL only, as in V1: SQLite adds one column per ALTER TABLE, and adds a NOT NULL column
-- only with a non-null default, which also fills the rows of devices registered under schema 1.

-- Device tags as a JSON object of strings (thing/deviceinfo/update and /delete); '{}' when none.
ALTER TABLE devices ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';

-- The version a device last reported (/ota/device/inform), or NULL.
ALTER TABLE devices ADD COLUMN firmware_version TEXT;

-- The token of a device registered without pre-registration (regnwl), or NULL. Never logged.
ALTER TABLE devices ADD COLUMN device_token TEXT;

-- The first successful login, UTC epoch milliseconds, or NULL while the device never logged in.
ALTER TABLE devices ADD COLUMN activated_at BIGINT;
