-- The cockpit's rollups on PostgreSQL: what store/statsRollupSchema.ts and statsRollupTriggers.ts
-- keep on SQLite, the same tables, facts and sums, so PostgresRollupStats reads a few hundred rows
-- per refresh instead of grouping the register and the incidents. Each counted thing (person,
-- unit, building, incident with its escalations and waits) has one facts row: what it adds to the
-- figures. A write changes the rollups by the difference between the thing's stored facts and
-- its facts recomputed from the tables, summed per rollup key (one upsert per key:
-- count = count + excluded.count, so two transactions changing one key both count; keys that
-- reach zero are deleted, as a rebuild would not have them). The triggers are statement-level
-- with transition tables: a bulk write (db:copy's COPY, an import) recomputes its rows in one
-- set, people of equal facts summed first. A refresh locks the things' facts rows before it
-- reads them, so two refreshes of one thing take turns and the second sees the first's facts.
-- gcc.stats_rollups = 'paused' (SET LOCAL, db:copy) skips the triggers; stats_rebuild_rollups()
-- then recomputes everything. The movement rollup sums register_movements (the history itself).

-- The level code lengths (district, street, community, base grid) and the counted tags
-- (domain/registry.ts PERSON_TAGS).
CREATE TABLE stats_levels (code_length integer PRIMARY KEY);
INSERT INTO stats_levels (code_length) VALUES (6), (9), (12), (15);
CREATE TABLE stats_person_tags (tag text COLLATE "C" PRIMARY KEY);
INSERT INTO stats_person_tags (tag) VALUES ('elderly_alone'), ('disabled'), ('key_care'),
  ('floating'), ('renter'), ('low_income'), ('bedridden');
-- Wait buckets: lower bounds round(2^(i/4)) ms, i = 0..160, repeats merged (statsRollupSchema.ts).
CREATE TABLE stats_wait_buckets (
  bucket integer PRIMARY KEY,
  lower_ms bigint NOT NULL UNIQUE
);
INSERT INTO stats_wait_buckets (bucket, lower_ms)
SELECT row_number() OVER (ORDER BY lower_ms) - 1, lower_ms FROM (
  SELECT DISTINCT round(power(2::numeric, i / 4.0))::bigint AS lower_ms
  FROM generate_series(0, 160) AS i) bounds;

-- The district day and month (their starts, epoch ms) of an epoch-ms time, as SQLite's rollups.
CREATE FUNCTION stats_district_day_ms(time_ms bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN ((time_ms + 28800000) / 86400000) * 86400000 - 28800000;
CREATE FUNCTION stats_district_month_ms(time_ms bigint) RETURNS bigint
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN extract(epoch FROM date_trunc('month',
    to_timestamp((time_ms + 28800000) / 1000.0) AT TIME ZONE 'UTC'))::bigint * 1000 - 28800000;
CREATE FUNCTION stats_wait_bucket(duration_ms bigint) RETURNS integer
  LANGUAGE sql STABLE STRICT PARALLEL SAFE
  RETURN COALESCE((SELECT b.bucket FROM stats_wait_buckets b WHERE b.lower_ms <= duration_ms
    ORDER BY b.lower_ms DESC LIMIT 1), -1);

-- ---- Facts and rollups (statsRollupSchema.ts) ----
CREATE TABLE stats_person_facts (
  person_id integer PRIMARY KEY,
  grid_code text COLLATE "C" NOT NULL,
  category text COLLATE "C" NOT NULL,
  birth_year integer NOT NULL,
  sex text COLLATE "C" NOT NULL,
  tags text COLLATE "C" NOT NULL
);
CREATE TABLE stats_unit_facts (
  unit_id integer PRIMARY KEY,
  grid_code text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  occupied boolean NOT NULL,
  rental boolean NOT NULL,
  vacant boolean NOT NULL
);
CREATE TABLE stats_building_facts (
  building_id integer PRIMARY KEY,
  grid_code text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL
);
-- dim: category, birth (code 'year:sex'), tag, buildings, units, occupied, rental, vacant (code kind)
CREATE TABLE stats_register_rollup (
  area text COLLATE "C" NOT NULL,
  dim text COLLATE "C" NOT NULL,
  code text COLLATE "C" NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (area, dim, code)
);
CREATE TABLE stats_incident_facts (
  incident_id text COLLATE "C" PRIMARY KEY,
  grid_code text COLLATE "C" NOT NULL,
  report_day_ms bigint NOT NULL,
  category text COLLATE "C" NOT NULL,
  state text COLLATE "C" NOT NULL,
  source text COLLATE "C" NOT NULL,
  -- on_time / late once the clock has stopped after a feedback, else null
  closure text COLLATE "C",
  -- the due time while the clock runs, else null
  running_due_ms bigint
);
CREATE TABLE stats_escalation_facts (
  incident_id text COLLATE "C" NOT NULL,
  at_ms bigint NOT NULL,
  to_level_code text COLLATE "C" NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  PRIMARY KEY (incident_id, at_ms, to_level_code)
);
-- One completed wait: the step that left the state, by the incident's report day.
CREATE TABLE stats_wait_facts (
  incident_id text COLLATE "C" NOT NULL,
  step integer NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  state text COLLATE "C" NOT NULL,
  report_day_ms bigint NOT NULL,
  bucket integer NOT NULL,
  duration_ms bigint NOT NULL,
  PRIMARY KEY (incident_id, step)
);
-- The exact p90: the waits of the one bucket the rank falls in, in the area's grids and window.
CREATE INDEX stats_wait_facts_bucket
  ON stats_wait_facts (state, bucket, grid_code, report_day_ms, duration_ms);
-- dim: reported (code ''), category, state, source, closure, escalation (code ''), grid (code the
-- incident's grid); day_ms: the district day reported (escalation: the day it happened).
CREATE TABLE stats_incident_rollup (
  area text COLLATE "C" NOT NULL,
  dim text COLLATE "C" NOT NULL,
  day_ms bigint NOT NULL,
  code text COLLATE "C" NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (area, dim, day_ms, code)
);
-- Running clocks by due time: "overdue now" is a range sum up to now.
CREATE TABLE stats_due_rollup (
  area text COLLATE "C" NOT NULL,
  due_ms bigint NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (area, due_ms)
);
CREATE TABLE stats_wait_rollup (
  area text COLLATE "C" NOT NULL,
  state text COLLATE "C" NOT NULL,
  day_ms bigint NOT NULL,
  bucket integer NOT NULL,
  count bigint NOT NULL,
  sum_ms bigint NOT NULL,
  PRIMARY KEY (area, day_ms, state, bucket)
);
-- Registrations and departures (register_movements) per level code and district month.
CREATE TABLE stats_movement_rollup (
  area text COLLATE "C" NOT NULL,
  kind text COLLATE "C" NOT NULL,
  month_ms bigint NOT NULL,
  count bigint NOT NULL,
  PRIMARY KEY (area, kind, month_ms)
);

-- ---- What each thing adds (statsRollupSchema.ts' fact sources, one for one) ----
CREATE VIEW stats_person_fact_source AS
SELECT p.id AS person_id, b.grid_code,
  COALESCE(d.category, CASE h.type WHEN 'floating' THEN 'floating' ELSE 'registered' END)
    COLLATE "C" AS category,
  CAST(substr(p.birth_date, 1, 4) AS integer) AS birth_year,
  (CASE p.sex WHEN 'F' THEN 'F' ELSE 'M' END) COLLATE "C" AS sex, p.tags COLLATE "C" AS tags
FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id
JOIN buildings b ON b.id = u.building_id LEFT JOIN person_details d ON d.person_id = p.id;

CREATE VIEW stats_unit_fact_source AS
SELECT u.id AS unit_id, b.grid_code, b.kind COLLATE "C" AS kind,
  EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id) AS occupied,
  (u.use = 'rental' OR EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id
    AND h.type IN ('rental', 'floating'))) AS rental,
  (u.use = 'vacant') AS vacant
FROM units u JOIN buildings b ON b.id = u.building_id;

CREATE VIEW stats_building_fact_source AS
SELECT id AS building_id, grid_code, kind COLLATE "C" AS kind FROM buildings;

CREATE VIEW stats_incident_fact_source AS
SELECT i.id AS incident_id, i.grid_code, stats_district_day_ms(i.reported_at_ms) AS report_day_ms,
  i.category_code COLLATE "C" AS category, i.state COLLATE "C" AS state,
  i.source COLLATE "C" AS source,
  (CASE WHEN i.state IN ('feedback', 'closed', 'evaluated', 'archived')
    AND i.due_at_ms IS NOT NULL THEN (
    SELECT CASE WHEN MAX(t.at_ms) IS NULL THEN NULL WHEN MAX(t.at_ms) < i.due_at_ms
      THEN 'on_time' ELSE 'late' END
    FROM incident_transitions t WHERE t.incident_id = i.id AND t.action = 'feed_back') END)
    COLLATE "C" AS closure,
  CASE WHEN i.state IN ('dispatched', 'handling') AND i.due_at_ms IS NOT NULL
    AND i.dispatched_at_ms IS NOT NULL THEN i.due_at_ms END AS running_due_ms
FROM incidents i;

CREATE VIEW stats_escalation_fact_source AS
SELECT e.incident_id, e.at_ms, e.to_level_code, i.grid_code
FROM incident_escalations e JOIN incidents i ON i.id = e.incident_id;

-- Steps are numbered 0, 1, 2, … per incident: the one before is step - 1.
CREATE VIEW stats_wait_fact_source AS
SELECT t.incident_id, t.step, i.grid_code, t.from_state COLLATE "C" AS state,
  stats_district_day_ms(i.reported_at_ms) AS report_day_ms,
  stats_wait_bucket(t.at_ms - p.at_ms) AS bucket, t.at_ms - p.at_ms AS duration_ms
FROM incident_transitions t
JOIN incident_transitions p ON p.incident_id = t.incident_id AND p.step = t.step - 1
JOIN incidents i ON i.id = t.incident_id
WHERE t.from_state IS NOT NULL;

-- ---- The cells a thing counts in: its grid's four level codes times its figures ----
CREATE FUNCTION stats_person_cells(grid_code text, category text, birth_year integer, sex text,
  tags text) RETURNS TABLE (area text, dim text, code text) LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT substr(grid_code, 1, l.code_length), d.dim, d.code
  FROM stats_levels l CROSS JOIN LATERAL (
    SELECT 'category' AS dim, category AS code
    UNION ALL SELECT 'birth', birth_year || ':' || sex
    UNION ALL SELECT 'tag', t.tag FROM stats_person_tags t
      WHERE strpos(',' || tags || ',', ',' || t.tag || ',') > 0) d
  WHERE l.code_length <= length(grid_code)
$$;
CREATE FUNCTION stats_unit_cells(grid_code text, kind text, occupied boolean, rental boolean,
  vacant boolean) RETURNS TABLE (area text, dim text, code text)
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT substr(grid_code, 1, l.code_length), d.dim, kind
  FROM stats_levels l CROSS JOIN LATERAL (
    SELECT 'units' AS dim UNION ALL SELECT 'occupied' WHERE occupied
    UNION ALL SELECT 'rental' WHERE rental UNION ALL SELECT 'vacant' WHERE vacant) d
  WHERE l.code_length <= length(grid_code)
$$;
CREATE FUNCTION stats_areas(grid_code text) RETURNS TABLE (area text)
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT substr(grid_code, 1, l.code_length) FROM stats_levels l
  WHERE l.code_length <= length(grid_code)
$$;
CREATE FUNCTION stats_incident_cells(grid_code text, report_day_ms bigint, category text,
  state text, source text, closure text) RETURNS TABLE (area text, dim text, code text)
  LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT a.area, d.dim, d.code FROM stats_areas(grid_code) a CROSS JOIN LATERAL (
    SELECT 'reported' AS dim, '' AS code UNION ALL SELECT 'category', category
    UNION ALL SELECT 'state', state UNION ALL SELECT 'source', source
    UNION ALL SELECT 'closure', closure WHERE closure IS NOT NULL
    UNION ALL SELECT 'grid', grid_code) d
$$;

-- ---- Adding to the rollups: one upsert per key, in key order; keys at zero deleted ----
-- The rows that reach zero are deleted by their row ids (ctid) as the upsert returned them: the
-- upsert holds their locks to the commit, so nobody moves them in between, and a join of the
-- keys against a rollup of millions of rows is not planned on every write.
CREATE FUNCTION stats_register_add(areas text[], dims text[], codes text[], counts bigint[])
  RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  zeros tid[];
BEGIN
  WITH added AS (
    INSERT INTO stats_register_rollup AS r (area, dim, code, count)
    SELECT * FROM unnest(areas, dims, codes, counts) ORDER BY 1, 2, 3
    ON CONFLICT (area, dim, code) DO UPDATE SET count = r.count + excluded.count
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_register_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
END $$;

CREATE FUNCTION stats_incident_add(areas text[], dims text[], days bigint[], codes text[],
  counts bigint[]) RETURNS void
  LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  zeros tid[];
BEGIN
  WITH added AS (
    INSERT INTO stats_incident_rollup AS r (area, dim, day_ms, code, count)
    SELECT * FROM unnest(areas, dims, days, codes, counts) ORDER BY 1, 2, 3, 4
    ON CONFLICT (area, dim, day_ms, code) DO UPDATE SET count = r.count + excluded.count
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_incident_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
END $$;

CREATE FUNCTION stats_due_add(areas text[], dues bigint[], counts bigint[])
  RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  zeros tid[];
BEGIN
  WITH added AS (
    INSERT INTO stats_due_rollup AS r (area, due_ms, count)
    SELECT * FROM unnest(areas, dues, counts) ORDER BY 1, 2
    ON CONFLICT (area, due_ms) DO UPDATE SET count = r.count + excluded.count
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_due_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
END $$;

CREATE FUNCTION stats_wait_add(areas text[], days bigint[], states text[], buckets integer[],
  counts bigint[], sums bigint[]) RETURNS void
  LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  zeros tid[];
BEGIN
  WITH added AS (
    INSERT INTO stats_wait_rollup AS r (area, day_ms, state, bucket, count, sum_ms)
    SELECT * FROM unnest(areas, days, states, buckets, counts, sums) ORDER BY 1, 2, 3, 4
    ON CONFLICT (area, day_ms, state, bucket) DO UPDATE
      SET count = r.count + excluded.count, sum_ms = r.sum_ms + excluded.sum_ms
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_wait_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
END $$;

CREATE FUNCTION stats_movement_add(areas text[], kinds text[], months bigint[], counts bigint[])
  RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  zeros tid[];
BEGIN
  WITH added AS (
    INSERT INTO stats_movement_rollup AS r (area, kind, month_ms, count)
    SELECT * FROM unnest(areas, kinds, months, counts) ORDER BY 1, 2, 3
    ON CONFLICT (area, kind, month_ms) DO UPDATE SET count = r.count + excluded.count
    RETURNING r.ctid, r.count)
  SELECT array_agg(a.ctid) INTO zeros FROM added a WHERE a.count = 0;
  IF zeros IS NOT NULL THEN
    DELETE FROM stats_movement_rollup WHERE ctid = ANY(zeros) AND count = 0;
  END IF;
END $$;

-- ---- Refreshes: the rollups move by (fresh facts - stored facts), then the facts are replaced ----
CREATE FUNCTION stats_refresh_persons(ids integer[]) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  delta_areas text[];
  delta_dims text[];
  delta_codes text[];
  delta_counts bigint[];
BEGIN
  IF COALESCE(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM stats_person_facts WHERE person_id = ANY(ids) ORDER BY person_id FOR UPDATE;
  SELECT array_agg(x.area), array_agg(x.dim), array_agg(x.code), array_agg(x.n)
  INTO delta_areas, delta_dims, delta_codes, delta_counts FROM (
    SELECT c.area, c.dim, c.code, SUM(f.n)::bigint AS n FROM (
      SELECT grid_code, category, birth_year, sex, tags, SUM(s.n) AS n FROM (
        SELECT grid_code, category, birth_year, sex, tags, -1 AS n
        FROM stats_person_facts WHERE person_id = ANY(ids)
        UNION ALL SELECT grid_code, category, birth_year, sex, tags, 1
        FROM stats_person_fact_source WHERE person_id = ANY(ids)) s
      GROUP BY 1, 2, 3, 4, 5 HAVING SUM(s.n) <> 0) f
    CROSS JOIN LATERAL stats_person_cells(f.grid_code, f.category, f.birth_year, f.sex, f.tags) c
    GROUP BY 1, 2, 3 HAVING SUM(f.n) <> 0) x;
  PERFORM stats_register_add(delta_areas, delta_dims, delta_codes, delta_counts);
  DELETE FROM stats_person_facts f WHERE f.person_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM stats_person_fact_source s WHERE s.person_id = f.person_id);
  INSERT INTO stats_person_facts AS f
  SELECT * FROM stats_person_fact_source WHERE person_id = ANY(ids)
  ON CONFLICT (person_id) DO UPDATE SET grid_code = excluded.grid_code,
    category = excluded.category, birth_year = excluded.birth_year, sex = excluded.sex,
    tags = excluded.tags
  WHERE (f.grid_code, f.category, f.birth_year, f.sex, f.tags) IS DISTINCT FROM
    (excluded.grid_code, excluded.category, excluded.birth_year, excluded.sex, excluded.tags);
END $$;

CREATE FUNCTION stats_refresh_units(ids integer[]) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  delta_areas text[];
  delta_dims text[];
  delta_codes text[];
  delta_counts bigint[];
BEGIN
  IF COALESCE(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM stats_unit_facts WHERE unit_id = ANY(ids) ORDER BY unit_id FOR UPDATE;
  SELECT array_agg(x.area), array_agg(x.dim), array_agg(x.code), array_agg(x.n)
  INTO delta_areas, delta_dims, delta_codes, delta_counts FROM (
    SELECT c.area, c.dim, c.code, SUM(f.n)::bigint AS n FROM (
      SELECT grid_code, kind, occupied, rental, vacant, -1 AS n
      FROM stats_unit_facts WHERE unit_id = ANY(ids)
      UNION ALL SELECT grid_code, kind, occupied, rental, vacant, 1
      FROM stats_unit_fact_source WHERE unit_id = ANY(ids)) f
    CROSS JOIN LATERAL stats_unit_cells(f.grid_code, f.kind, f.occupied, f.rental, f.vacant) c
    GROUP BY 1, 2, 3 HAVING SUM(f.n) <> 0) x;
  PERFORM stats_register_add(delta_areas, delta_dims, delta_codes, delta_counts);
  DELETE FROM stats_unit_facts f WHERE f.unit_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM stats_unit_fact_source s WHERE s.unit_id = f.unit_id);
  INSERT INTO stats_unit_facts AS f
  SELECT * FROM stats_unit_fact_source WHERE unit_id = ANY(ids)
  ON CONFLICT (unit_id) DO UPDATE SET grid_code = excluded.grid_code, kind = excluded.kind,
    occupied = excluded.occupied, rental = excluded.rental, vacant = excluded.vacant
  WHERE (f.grid_code, f.kind, f.occupied, f.rental, f.vacant) IS DISTINCT FROM
    (excluded.grid_code, excluded.kind, excluded.occupied, excluded.rental, excluded.vacant);
END $$;

CREATE FUNCTION stats_refresh_buildings(ids integer[]) RETURNS void LANGUAGE plpgsql
  SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  delta_areas text[];
  delta_dims text[];
  delta_codes text[];
  delta_counts bigint[];
BEGIN
  IF COALESCE(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  PERFORM 1 FROM stats_building_facts WHERE building_id = ANY(ids) ORDER BY building_id FOR UPDATE;
  SELECT array_agg(x.area), array_agg(x.dim), array_agg(x.code), array_agg(x.n)
  INTO delta_areas, delta_dims, delta_codes, delta_counts FROM (
    SELECT a.area, 'buildings' AS dim, f.kind AS code, SUM(f.n)::bigint AS n FROM (
      SELECT grid_code, kind, -1 AS n FROM stats_building_facts WHERE building_id = ANY(ids)
      UNION ALL SELECT grid_code, kind, 1 FROM stats_building_fact_source
      WHERE building_id = ANY(ids)) f
    CROSS JOIN LATERAL stats_areas(f.grid_code) a
    GROUP BY 1, 2, 3 HAVING SUM(f.n) <> 0) x;
  PERFORM stats_register_add(delta_areas, delta_dims, delta_codes, delta_counts);
  DELETE FROM stats_building_facts f WHERE f.building_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM buildings b WHERE b.id = f.building_id);
  INSERT INTO stats_building_facts AS f
  SELECT * FROM stats_building_fact_source WHERE building_id = ANY(ids)
  ON CONFLICT (building_id) DO UPDATE SET grid_code = excluded.grid_code, kind = excluded.kind
  WHERE (f.grid_code, f.kind) IS DISTINCT FROM (excluded.grid_code, excluded.kind);
END $$;

-- with_children: the escalations' and waits' facts too (a step or an escalation written, the
-- incident's grid or report time changed, the incident new or gone); without, the incident's own
-- row (its state, category, source, closure and running clock).
CREATE FUNCTION stats_refresh_incidents(ids text[], with_children boolean) RETURNS void
  LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE
  delta_areas text[];
  delta_dims text[];
  delta_days bigint[];
  delta_codes text[];
  delta_counts bigint[];
  delta_dues bigint[];
  delta_states text[];
  delta_buckets integer[];
  delta_sums bigint[];
BEGIN
  IF COALESCE(cardinality(ids), 0) = 0 THEN RETURN; END IF;
  -- The incident's facts row stands for its escalations' and waits' too.
  PERFORM 1 FROM stats_incident_facts WHERE incident_id = ANY(ids) ORDER BY incident_id FOR UPDATE;
  SELECT array_agg(x.area), array_agg(x.dim), array_agg(x.day_ms), array_agg(x.code),
    array_agg(x.n)
  INTO delta_areas, delta_dims, delta_days, delta_codes, delta_counts FROM (
    SELECT area, dim, day_ms, code, SUM(n)::bigint AS n FROM (
      SELECT c.area, c.dim, f.report_day_ms AS day_ms, c.code, f.n FROM (
        SELECT grid_code, report_day_ms, category, state, source, closure, -1 AS n
        FROM stats_incident_facts WHERE incident_id = ANY(ids)
        UNION ALL SELECT grid_code, report_day_ms, category, state, source, closure, 1
        FROM stats_incident_fact_source WHERE incident_id = ANY(ids)) f
      CROSS JOIN LATERAL stats_incident_cells(f.grid_code, f.report_day_ms, f.category, f.state,
        f.source, f.closure) c
      UNION ALL SELECT a.area, 'escalation', stats_district_day_ms(e.at_ms), '', e.n FROM (
        SELECT grid_code, at_ms, -1 AS n FROM stats_escalation_facts
        WHERE with_children AND incident_id = ANY(ids)
        UNION ALL SELECT grid_code, at_ms, 1 FROM stats_escalation_fact_source
        WHERE with_children AND incident_id = ANY(ids)) e
      CROSS JOIN LATERAL stats_areas(e.grid_code) a) cells
    GROUP BY 1, 2, 3, 4 HAVING SUM(n) <> 0) x;
  PERFORM stats_incident_add(delta_areas, delta_dims, delta_days, delta_codes, delta_counts);

  SELECT array_agg(x.area), array_agg(x.due_ms), array_agg(x.n)
  INTO delta_areas, delta_dues, delta_counts FROM (
    SELECT a.area, f.running_due_ms AS due_ms, SUM(f.n)::bigint AS n FROM (
      SELECT grid_code, running_due_ms, -1 AS n FROM stats_incident_facts
      WHERE incident_id = ANY(ids) AND running_due_ms IS NOT NULL
      UNION ALL SELECT grid_code, running_due_ms, 1 FROM stats_incident_fact_source
      WHERE incident_id = ANY(ids) AND running_due_ms IS NOT NULL) f
    CROSS JOIN LATERAL stats_areas(f.grid_code) a
    GROUP BY 1, 2 HAVING SUM(f.n) <> 0) x;
  PERFORM stats_due_add(delta_areas, delta_dues, delta_counts);

  DELETE FROM stats_incident_facts f WHERE f.incident_id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = f.incident_id);
  INSERT INTO stats_incident_facts AS f
  SELECT * FROM stats_incident_fact_source WHERE incident_id = ANY(ids)
  ON CONFLICT (incident_id) DO UPDATE SET grid_code = excluded.grid_code,
    report_day_ms = excluded.report_day_ms, category = excluded.category, state = excluded.state,
    source = excluded.source, closure = excluded.closure, running_due_ms = excluded.running_due_ms
  WHERE (f.grid_code, f.report_day_ms, f.category, f.state, f.source, f.closure,
    f.running_due_ms) IS DISTINCT FROM (excluded.grid_code, excluded.report_day_ms,
    excluded.category, excluded.state, excluded.source, excluded.closure, excluded.running_due_ms);
  IF NOT with_children THEN RETURN; END IF;

  SELECT array_agg(x.area), array_agg(x.day_ms), array_agg(x.state), array_agg(x.bucket),
    array_agg(x.n), array_agg(x.sum_ms)
  INTO delta_areas, delta_days, delta_states, delta_buckets, delta_counts, delta_sums FROM (
    SELECT a.area, w.report_day_ms AS day_ms, w.state, w.bucket, SUM(w.n)::bigint AS n,
      SUM(w.n * w.duration_ms)::bigint AS sum_ms FROM (
      SELECT grid_code, report_day_ms, state, bucket, duration_ms, -1 AS n
      FROM stats_wait_facts WHERE incident_id = ANY(ids)
      UNION ALL SELECT grid_code, report_day_ms, state, bucket, duration_ms, 1
      FROM stats_wait_fact_source WHERE incident_id = ANY(ids)) w
    CROSS JOIN LATERAL stats_areas(w.grid_code) a
    GROUP BY 1, 2, 3, 4 HAVING SUM(w.n) <> 0 OR SUM(w.n * w.duration_ms) <> 0) x;
  PERFORM stats_wait_add(delta_areas, delta_days, delta_states, delta_buckets, delta_counts,
    delta_sums);

  DELETE FROM stats_escalation_facts WHERE incident_id = ANY(ids);
  INSERT INTO stats_escalation_facts
  SELECT * FROM stats_escalation_fact_source WHERE incident_id = ANY(ids);
  DELETE FROM stats_wait_facts WHERE incident_id = ANY(ids);
  INSERT INTO stats_wait_facts SELECT * FROM stats_wait_fact_source WHERE incident_id = ANY(ids);
END $$;

-- Everything from the tables, in the caller's transaction (this migration, db:copy, TRUNCATE).
CREATE FUNCTION stats_rebuild_rollups() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE stats_person_facts, stats_unit_facts, stats_building_facts, stats_register_rollup,
    stats_incident_facts, stats_escalation_facts, stats_wait_facts, stats_incident_rollup,
    stats_due_rollup, stats_wait_rollup, stats_movement_rollup;
  INSERT INTO stats_person_facts SELECT * FROM stats_person_fact_source;
  INSERT INTO stats_unit_facts SELECT * FROM stats_unit_fact_source;
  INSERT INTO stats_building_facts SELECT * FROM stats_building_fact_source;
  INSERT INTO stats_incident_facts SELECT * FROM stats_incident_fact_source;
  INSERT INTO stats_escalation_facts SELECT * FROM stats_escalation_fact_source;
  INSERT INTO stats_wait_facts SELECT * FROM stats_wait_fact_source;
  INSERT INTO stats_register_rollup (area, dim, code, count)
  SELECT area, dim, code, SUM(n) FROM (
    -- People of equal facts counted together first: far fewer groups than people.
    SELECT c.area, c.dim, c.code, f.n FROM (
      SELECT grid_code, category, birth_year, sex, tags, COUNT(*) AS n FROM stats_person_facts
      GROUP BY 1, 2, 3, 4, 5) f
    CROSS JOIN LATERAL stats_person_cells(f.grid_code, f.category, f.birth_year, f.sex, f.tags) c
    UNION ALL SELECT c.area, c.dim, c.code, 1 FROM stats_unit_facts f
    CROSS JOIN LATERAL stats_unit_cells(f.grid_code, f.kind, f.occupied, f.rental, f.vacant) c
    UNION ALL SELECT a.area, 'buildings', f.kind, 1 FROM stats_building_facts f
    CROSS JOIN LATERAL stats_areas(f.grid_code) a) cells
  GROUP BY 1, 2, 3;
  INSERT INTO stats_incident_rollup (area, dim, day_ms, code, count)
  SELECT area, dim, day_ms, code, COUNT(*) FROM (
    SELECT c.area, c.dim, f.report_day_ms AS day_ms, c.code FROM stats_incident_facts f
    CROSS JOIN LATERAL stats_incident_cells(f.grid_code, f.report_day_ms, f.category, f.state,
      f.source, f.closure) c
    UNION ALL SELECT a.area, 'escalation', stats_district_day_ms(e.at_ms), ''
    FROM stats_escalation_facts e CROSS JOIN LATERAL stats_areas(e.grid_code) a) cells
  GROUP BY 1, 2, 3, 4;
  INSERT INTO stats_due_rollup (area, due_ms, count)
  SELECT a.area, f.running_due_ms, COUNT(*) FROM stats_incident_facts f
  CROSS JOIN LATERAL stats_areas(f.grid_code) a WHERE f.running_due_ms IS NOT NULL
  GROUP BY 1, 2;
  INSERT INTO stats_wait_rollup (area, day_ms, state, bucket, count, sum_ms)
  SELECT a.area, w.report_day_ms, w.state, w.bucket, COUNT(*), SUM(w.duration_ms)
  FROM stats_wait_facts w CROSS JOIN LATERAL stats_areas(w.grid_code) a GROUP BY 1, 2, 3, 4;
  INSERT INTO stats_movement_rollup (area, kind, month_ms, count)
  SELECT a.area, m.kind, stats_district_month_ms(m.day_ms), SUM(m.count)
  FROM register_movements m CROSS JOIN LATERAL stats_areas(m.grid_code) a GROUP BY 1, 2, 3;
END $$;

-- ---- The triggers: every write that changes a figure, table by table ----
CREATE FUNCTION stats_rollups_paused() RETURNS boolean LANGUAGE sql STABLE
  RETURN COALESCE(current_setting('gcc.stats_rollups', true), '') = 'paused';

CREATE FUNCTION stats_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_persons(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_persons(ARRAY(SELECT id FROM old_rows));
  ELSE
    PERFORM stats_refresh_persons(ARRAY(SELECT DISTINCT id FROM (
      (SELECT id, household_id, sex, birth_date, tags FROM old_rows
       EXCEPT SELECT id, household_id, sex, birth_date, tags FROM new_rows)
      UNION ALL (SELECT id, household_id, sex, birth_date, tags FROM new_rows
       EXCEPT SELECT id, household_id, sex, birth_date, tags FROM old_rows)) changed));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION stats_person_details_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_persons(ARRAY(SELECT person_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_persons(ARRAY(SELECT person_id FROM old_rows));
  ELSE
    PERFORM stats_refresh_persons(ARRAY(SELECT DISTINCT person_id FROM (
      (SELECT person_id, category FROM old_rows EXCEPT SELECT person_id, category FROM new_rows)
      UNION ALL (SELECT person_id, category FROM new_rows
       EXCEPT SELECT person_id, category FROM old_rows)) changed));
  END IF;
  RETURN NULL;
END $$;

-- Households: occupancy and rental of their unit; the category of their members.
CREATE FUNCTION stats_households_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_households integer[];
  changed_units integer[];
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_units(ARRAY(SELECT DISTINCT unit_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_units(ARRAY(SELECT DISTINCT unit_id FROM old_rows));
  ELSE
    SELECT array_agg(DISTINCT id), array_agg(DISTINCT unit_id)
    INTO changed_households, changed_units FROM (
      (SELECT id, unit_id, type FROM old_rows EXCEPT SELECT id, unit_id, type FROM new_rows)
      UNION ALL (SELECT id, unit_id, type FROM new_rows
       EXCEPT SELECT id, unit_id, type FROM old_rows)) changed;
    PERFORM stats_refresh_units(changed_units);
    PERFORM stats_refresh_persons(ARRAY(
      SELECT id FROM persons WHERE household_id = ANY(changed_households)));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION stats_units_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_units integer[];
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_units(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_units(ARRAY(SELECT id FROM old_rows));
  ELSE
    changed_units := ARRAY(SELECT DISTINCT id FROM (
      (SELECT id, building_id, use FROM old_rows EXCEPT SELECT id, building_id, use FROM new_rows)
      UNION ALL (SELECT id, building_id, use FROM new_rows
       EXCEPT SELECT id, building_id, use FROM old_rows)) changed);
    PERFORM stats_refresh_units(changed_units);
    PERFORM stats_refresh_persons(ARRAY(
      SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id
      WHERE h.unit_id = ANY(changed_units)));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION stats_buildings_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_buildings integer[];
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_buildings(ARRAY(SELECT id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_buildings(ARRAY(SELECT id FROM old_rows));
  ELSE
    changed_buildings := ARRAY(SELECT DISTINCT id FROM (
      (SELECT id, grid_code, kind FROM old_rows EXCEPT SELECT id, grid_code, kind FROM new_rows)
      UNION ALL (SELECT id, grid_code, kind FROM new_rows
       EXCEPT SELECT id, grid_code, kind FROM old_rows)) changed);
    PERFORM stats_refresh_buildings(changed_buildings);
    PERFORM stats_refresh_units(ARRAY(
      SELECT id FROM units WHERE building_id = ANY(changed_buildings)));
    PERFORM stats_refresh_persons(ARRAY(
      SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id
      JOIN units u ON u.id = h.unit_id WHERE u.building_id = ANY(changed_buildings)));
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION stats_incidents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed_ids text[];
  moved_ids text[];
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_incidents(ARRAY(SELECT id FROM new_rows), true);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_incidents(ARRAY(SELECT id FROM old_rows), true);
  ELSE
    changed_ids := ARRAY(SELECT DISTINCT id FROM (
      (SELECT id, grid_code, category_code, source, state, reported_at_ms, dispatched_at_ms,
         due_at_ms FROM old_rows
       EXCEPT SELECT id, grid_code, category_code, source, state, reported_at_ms,
         dispatched_at_ms, due_at_ms FROM new_rows)
      UNION ALL (SELECT id, grid_code, category_code, source, state, reported_at_ms,
         dispatched_at_ms, due_at_ms FROM new_rows
       EXCEPT SELECT id, grid_code, category_code, source, state, reported_at_ms,
         dispatched_at_ms, due_at_ms FROM old_rows)) changed);
    -- A new grid or report day moves the escalations and waits too; a state change does not.
    moved_ids := ARRAY(SELECT DISTINCT id FROM (
      (SELECT id, grid_code, reported_at_ms FROM old_rows
       EXCEPT SELECT id, grid_code, reported_at_ms FROM new_rows)
      UNION ALL (SELECT id, grid_code, reported_at_ms FROM new_rows
       EXCEPT SELECT id, grid_code, reported_at_ms FROM old_rows)) moved);
    PERFORM stats_refresh_incidents(moved_ids, true);
    PERFORM stats_refresh_incidents(ARRAY(SELECT unnest(changed_ids) EXCEPT
      SELECT unnest(moved_ids)), false);
  END IF;
  RETURN NULL;
END $$;

-- Steps and escalations: the incident they belong to.
CREATE FUNCTION stats_incident_children_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM stats_refresh_incidents(ARRAY(SELECT DISTINCT incident_id FROM new_rows), true);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM stats_refresh_incidents(ARRAY(SELECT DISTINCT incident_id FROM old_rows), true);
  ELSE
    PERFORM stats_refresh_incidents(ARRAY(SELECT incident_id FROM old_rows
      UNION SELECT incident_id FROM new_rows), true);
  END IF;
  RETURN NULL;
END $$;

-- The history's own rows are its facts: the rollup moves by what the statement changed.
CREATE FUNCTION stats_register_movements_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delta_areas text[];
  delta_kinds text[];
  delta_months bigint[];
  delta_counts bigint[];
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(x.area), array_agg(x.kind), array_agg(x.month_ms), array_agg(x.n)
    INTO delta_areas, delta_kinds, delta_months, delta_counts FROM (
      SELECT a.area, m.kind, stats_district_month_ms(m.day_ms) AS month_ms,
        SUM(m.count)::bigint AS n
      FROM new_rows m CROSS JOIN LATERAL stats_areas(m.grid_code) a
      GROUP BY 1, 2, 3 HAVING SUM(m.count) <> 0) x;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(x.area), array_agg(x.kind), array_agg(x.month_ms), array_agg(x.n)
    INTO delta_areas, delta_kinds, delta_months, delta_counts FROM (
      SELECT a.area, m.kind, stats_district_month_ms(m.day_ms) AS month_ms,
        -SUM(m.count)::bigint AS n
      FROM old_rows m CROSS JOIN LATERAL stats_areas(m.grid_code) a
      GROUP BY 1, 2, 3 HAVING SUM(m.count) <> 0) x;
  ELSE
    SELECT array_agg(x.area), array_agg(x.kind), array_agg(x.month_ms), array_agg(x.n)
    INTO delta_areas, delta_kinds, delta_months, delta_counts FROM (
      SELECT a.area, m.kind, stats_district_month_ms(m.day_ms) AS month_ms,
        SUM(m.count)::bigint AS n FROM (
        SELECT grid_code, kind, day_ms, -count AS count FROM old_rows
        UNION ALL SELECT grid_code, kind, day_ms, count FROM new_rows) m
      CROSS JOIN LATERAL stats_areas(m.grid_code) a
      GROUP BY 1, 2, 3 HAVING SUM(m.count) <> 0) x;
  END IF;
  PERFORM stats_movement_add(delta_areas, delta_kinds, delta_months, delta_counts);
  RETURN NULL;
END $$;

-- TRUNCATE has no rows to tell: everything is recomputed from what is left. Not when nothing was
-- counted (the facts stand for every source row): a TRUNCATE of many tables rebuilds once.
CREATE FUNCTION stats_source_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF stats_rollups_paused() THEN RETURN NULL; END IF;
  IF EXISTS (SELECT 1 FROM stats_person_facts) OR EXISTS (SELECT 1 FROM stats_unit_facts)
    OR EXISTS (SELECT 1 FROM stats_building_facts) OR EXISTS (SELECT 1 FROM stats_incident_facts)
    OR EXISTS (SELECT 1 FROM stats_movement_rollup) THEN
    PERFORM stats_rebuild_rollups();
  END IF;
  RETURN NULL;
END $$;

DO $$
DECLARE
  hooked record;
  operation text;
BEGIN
  FOR hooked IN SELECT * FROM (VALUES
    ('persons', 'stats_persons_changed'),
    ('person_details', 'stats_person_details_changed'),
    ('households', 'stats_households_changed'),
    ('units', 'stats_units_changed'),
    ('buildings', 'stats_buildings_changed'),
    ('incidents', 'stats_incidents_changed'),
    ('incident_transitions', 'stats_incident_children_changed'),
    ('incident_escalations', 'stats_incident_children_changed'),
    ('register_movements', 'stats_register_movements_changed')) AS hooks(source, function_name)
  LOOP
    -- A trigger with transition tables names one event.
    FOREACH operation IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I %s FOR EACH STATEMENT EXECUTE FUNCTION %I()',
        format('stats_%s_%s', hooked.source, operation), upper(operation), hooked.source,
        CASE operation
          WHEN 'insert' THEN 'REFERENCING NEW TABLE AS new_rows'
          WHEN 'delete' THEN 'REFERENCING OLD TABLE AS old_rows'
          ELSE 'REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        hooked.function_name);
    END LOOP;
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT '
      'EXECUTE FUNCTION stats_source_truncated()', format('stats_%s_truncate', hooked.source),
      hooked.source);
  END LOOP;
END $$;

-- A database migrated with rows in it (a district copied before this migration) starts complete.
SELECT stats_rebuild_rollups();
