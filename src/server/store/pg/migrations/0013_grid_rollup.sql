-- The cockpit's hottest grids read the incident rollup's `grid` dimension: at a district's level
-- a month of it is ~15,000 rows (grid-days) lying on nearly as many heap pages, a bitmap heap
-- scan of ~21 ms at a million incidents a year, the longest read of a district leader's
-- refresh. Its rows move to a table of their own whose key covers the count, so the same read
-- is an index-only scan (SQLite's WITHOUT ROWID rollup is that index already). Not the incident
-- rollup's own key: a count in any of a table's indexes makes every update of it a non-HOT one,
-- and the incident rollup's rows change on every state change (measured 1.4-1.5x slower, decision
-- 0040); a grid-day's count changes only when an incident is reported there, moved or removed.
CREATE TABLE stats_grid_rollup (
  area text COLLATE "C" NOT NULL,
  day_ms bigint NOT NULL,
  code text COLLATE "C" NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (area, day_ms, code) INCLUDE (count)
);

INSERT INTO stats_grid_rollup (area, day_ms, code, count)
SELECT area, day_ms, code, count FROM stats_incident_rollup WHERE dim = 'grid'
ORDER BY area, day_ms, code;
DELETE FROM stats_incident_rollup WHERE dim = 'grid';

-- The incident cells' deltas: the grid dimension's to its own table, the rest as before; one
-- upsert per key in key order per table, the incident rollup first (writers lock in one order).
CREATE OR REPLACE FUNCTION stats_incident_add(areas text[], dims text[], days bigint[],
  codes text[], counts bigint[]) RETURNS void
  LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  zeros tid[];
BEGIN
  WITH added AS (
    INSERT INTO stats_incident_rollup AS r (area, dim, day_ms, code, count)
    SELECT * FROM unnest(areas, dims, days, codes, counts) AS d(area, dim, day_ms, code, n)
    WHERE d.dim <> 'grid' ORDER BY 1, 2, 3, 4
    ON CONFLICT (area, dim, day_ms, code) DO UPDATE SET count = r.count + excluded.count
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_incident_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
  zeros := NULL;
  WITH added AS (
    INSERT INTO stats_grid_rollup AS r (area, day_ms, code, count)
    SELECT d.area, d.day_ms, d.code, d.n
    FROM unnest(areas, dims, days, codes, counts) AS d(area, dim, day_ms, code, n)
    WHERE d.dim = 'grid' ORDER BY 1, 2, 3
    ON CONFLICT (area, day_ms, code) DO UPDATE SET count = r.count + excluded.count
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_grid_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
END $$;

-- The rebuild of migration 0008 fills the incident rollup with every dimension; its grid rows
-- then move here (a rebuild is a whole-table step already: db:copy, a suspended load's catch-up).
ALTER FUNCTION stats_rebuild_rollups() RENAME TO stats_rebuild_rollups_0008;
CREATE FUNCTION stats_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM stats_rebuild_rollups_0008();
  TRUNCATE stats_grid_rollup;
  WITH moved AS (DELETE FROM stats_incident_rollup WHERE dim = 'grid' RETURNING *)
  INSERT INTO stats_grid_rollup (area, day_ms, code, count)
  SELECT area, day_ms, code, count FROM moved ORDER BY area, day_ms, code;
END $$;
