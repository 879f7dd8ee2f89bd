-- What several server nodes share (schema.sql's "several nodes" part, docs/decisions/0039):
-- rate-limit windows counted together by every node, residents' proofs of work already used,
-- and the leases that let one node at a time run the background jobs.
CREATE TABLE rate_limit_windows (
  name text NOT NULL,
  key text NOT NULL,
  window_start_ms bigint NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (name, key)
);

-- Residents' proofs of work already used: a proof is good once on any node; the row goes once
-- the proof would have expired anyway.
CREATE TABLE used_resident_proofs (
  stamp text PRIMARY KEY,
  forget_at_ms bigint NOT NULL
);

-- One row per lease while someone holds it: its holder (a node id) and until when.
CREATE TABLE cluster_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at_ms bigint NOT NULL
);
