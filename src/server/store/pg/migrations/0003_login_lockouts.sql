-- Failed-login rounds per account, address and trusted device, and the trusted devices
-- themselves (LoginLockoutRepository, TrustedDeviceRepository; schema.sql's auth part).
-- Foreign keys to users come with the users' migration.
CREATE TABLE login_lockouts (
  subject text PRIMARY KEY,
  failures integer NOT NULL,
  lockouts integer NOT NULL,
  locked_until_ms bigint NOT NULL,
  updated_at_ms bigint NOT NULL
);

CREATE TABLE trusted_devices (
  token_hash text PRIMARY KEY,
  username text NOT NULL,
  created_at_ms bigint NOT NULL
);
CREATE INDEX trusted_devices_user ON trusted_devices(username);
