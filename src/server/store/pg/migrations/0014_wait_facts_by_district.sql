-- migrate: outside a transaction
-- The exact p90 of a whole district's step waits (a district's or a city's leader) read the
-- waits of the rank's bucket grid by grid: ~700 index descents for a district, 7-10 ms a state at
-- a million incidents a year. This index reads them as one range a district. grid_code is
-- included because PostgreSQL plans an index-only scan on an expression index only when the
-- expression's column is in the index too. The expression is the reader's (postgresRollupStats.ts,
-- DISTRICT_CODE_DIGITS of domain/gridCode.ts) character for character. Built concurrently: at a
-- million incidents a year the build took 11 s, during which a transaction's build would hold
-- every incident step (they write wait facts).
CREATE INDEX CONCURRENTLY IF NOT EXISTS stats_wait_facts_district
  ON stats_wait_facts (state, bucket, left(grid_code, 6), report_day_ms, duration_ms)
  INCLUDE (grid_code);
