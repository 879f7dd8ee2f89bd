-- migrate: outside a transaction
-- The cockpit's step waits read a street's month of stats_wait_rollup (about 4,000 rows at a
-- million incidents) for their counts and sums. The rows of one area lie on as many heap pages
-- as rows (each day's rows of every area are written together), so the read fetched ~3,700
-- pages and took 57 ms of a 60 ms refresh. With the two summed columns in the key's index the
-- same read is an index-only scan of ~45 pages (3 ms): SQLite's WITHOUT ROWID table is that
-- index already. Measured on 1,000 incident state changes, the triggers' writes cost the same
-- with it (docs/decisions/0040, addendum "statistics at a million incidents"); the incident
-- rollup's own key is left without (its reads were under a millisecond, its writes slower with).
-- The new key is built concurrently (incident steps go on writing the rollup meanwhile), then
-- takes the old key's place in one short ALTER (the index is renamed to the constraint's name).
CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS stats_wait_rollup_covering
  ON stats_wait_rollup (area, day_ms, state, bucket) INCLUDE (count, sum_ms);
ALTER TABLE stats_wait_rollup
  DROP CONSTRAINT stats_wait_rollup_pkey,
  ADD CONSTRAINT stats_wait_rollup_pkey PRIMARY KEY USING INDEX stats_wait_rollup_covering;
