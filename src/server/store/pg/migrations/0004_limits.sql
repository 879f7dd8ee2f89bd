-- What several server nodes share to hold back abuse (schema.sql's "several nodes" part,
-- docs/decisions/0039): rate-limit windows counted together by every node.
CREATE TABLE rate_limit_windows (
  name text NOT NULL,
  key text NOT NULL,
  window_start_ms bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (name, key)
);
