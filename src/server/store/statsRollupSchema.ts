/**
 * The cockpit's rollups: tables and views (SQL text; statsRollups.ts applies it).
 *
 * Each counted thing (person, unit, building, incident) has one *facts* row: what it adds to the
 * figures, computed from the register or the incident tables by a `*_fact_source` view. The
 * `*_fact_rows` views spread a facts row over the four levels of its grid code (district, street,
 * community, base grid), and the rollup tables hold their sums per level code. A change is
 * applied by retracting the stored facts and asserting fresh ones (statsRollupTriggers.ts); a
 * rebuild sums the same views over everything, so both paths share one definition.
 */
import { DAY_MS, DISTRICT_UTC_OFFSET_MS } from '../../domain/districtTime';
import { DISTRICT_CODE_DIGITS, gridCodeLength } from '../../domain/gridCode';
import {
  CLOCK_RUNNING_STATES,
  CLOCK_STOPPED_STATES,
} from '../../domain/incidents/incidentDeadlines';
import { PERSON_TAGS } from '../../domain/registry';

/**
 * Waits are bucketed on a log scale, about 19 % wide (four buckets per doubling). The p90 stays
 * exact (its bucket is found from the counts, then read in order); fewer buckets make the
 * window's histogram shorter, more make that last read shorter.
 */
const WAIT_BUCKETS_PER_DOUBLING = 4;
/** Waits up to 2^40 ms (35 years) get their own buckets; longer ones share the last. */
const WAIT_BUCKET_DOUBLINGS = 40;
/**
 * Lower bounds of the buckets in whole milliseconds, strictly increasing (the first few, where
 * a quarter doubling is under 1 ms, merge). A table rather than log2(): the triggers then need
 * no optional SQLite math function, and the bounds are exact integers.
 */
export const WAIT_BUCKET_LOWER_BOUNDS_MS: readonly number[] = [
  ...new Set(
    Array.from({ length: WAIT_BUCKET_DOUBLINGS * WAIT_BUCKETS_PER_DOUBLING + 1 }, (_, index) =>
      Math.round(2 ** (index / WAIT_BUCKETS_PER_DOUBLING)),
    ),
  ),
];
/** Bucket of waits under 1 ms (zero or a clock step backwards): below every other bucket. */
const SUB_MS_WAIT_BUCKET = -1;

const sqlList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');
/** The district day (its start, epoch ms) of an epoch-ms SQL expression. */
export const districtDaySql = (expression: string) =>
  `((${expression} + ${DISTRICT_UTC_OFFSET_MS}) / ${DAY_MS}) * ${DAY_MS} - ${DISTRICT_UTC_OFFSET_MS}`;
/** The district month (its start, epoch ms) of an epoch-ms SQL expression. */
export const districtMonthSql = (expression: string) =>
  `(CAST(strftime('%s', (${expression} + ${DISTRICT_UTC_OFFSET_MS}) / 1000, 'unixepoch', ` +
  `'start of month') AS INTEGER) * 1000 - ${DISTRICT_UTC_OFFSET_MS})`;
const waitBucketSql = (expression: string) =>
  `COALESCE((SELECT b.bucket FROM stats_wait_buckets b WHERE b.lower_ms <= ${expression} ` +
  `ORDER BY b.lower_ms DESC LIMIT 1), ${SUB_MS_WAIT_BUCKET})`;
const LEVEL_LENGTHS = ([1, 2, 3, 4] as const).map(gridCodeLength);
/** A facts table `alias` joined to the level code lengths its grid code has. */
const atLevels = (table: string, alias: string) =>
  `${table} ${alias} JOIN stats_levels l ON l.code_length <= length(${alias}.grid_code)`;
const areaOf = (alias: string) => `substr(${alias}.grid_code, 1, l.code_length)`;

/**
 * Person facts spread over their grid's levels, one row per figure each counts in. `facts`:
 * stats_person_facts, or rows with its columns that stand for `count` people each.
 */
const personFactRowsSql = (facts: string, count: string) =>
  `SELECT f.person_id AS subject_id, ${areaOf('f')} AS area, 'category' AS dim, f.category AS code,
  ${count} AS n FROM ${atLevels(facts, 'f')}
UNION ALL SELECT f.person_id, ${areaOf('f')}, 'birth', f.birth_year || ':' || f.sex, ${count}
  FROM ${atLevels(facts, 'f')}
UNION ALL SELECT f.person_id, ${areaOf('f')}, 'tag', t.tag, ${count}
  FROM ${atLevels(facts, 'f')}
  JOIN stats_person_tags t ON instr(',' || f.tags || ',', ',' || t.tag || ',') > 0`;

/**
 * What the register rollup sums when it is recomputed (a rebuild, a bulk load's catch-up): the
 * rows of stats_register_fact_rows, with people of equal facts counted together first. Spreading
 * each person over four levels and testing each tag cost ~27 µs a person; the people of a
 * million-row register fall into far fewer groups. The sums are the same. The groups are
 * materialised once: as a plain subquery, each of the three arms of the person rows grouped the
 * million facts again (a sort each; 3.6–5.5 s against 1.6–1.8 s at a million residents).
 */
export const REGISTER_ROLLUP_ROWS_SQL = `(WITH person_groups AS MATERIALIZED (
  SELECT NULL AS person_id, grid_code, category, birth_year, sex, tags, COUNT(*) AS n
  FROM stats_person_facts GROUP BY grid_code, category, birth_year, sex, tags)
SELECT area, dim, code, n FROM (${personFactRowsSql('person_groups', 'f.n')})
UNION ALL SELECT area, dim, code, n FROM stats_unit_fact_rows
UNION ALL SELECT area, dim, code, n FROM stats_building_fact_rows)`;

/** Tables and the level/tag lists; CREATE IF NOT EXISTS, applied at every open. */
export const STATS_ROLLUP_TABLES_SQL = `
CREATE TABLE IF NOT EXISTS stats_rollup_state (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  version INTEGER NOT NULL,
  -- 1 while a bulk load writes without the triggers; the next open or rebuild catches up.
  suspended INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS stats_levels (code_length INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO stats_levels (code_length) VALUES ${LEVEL_LENGTHS.map((length) => `(${length})`).join(', ')};
CREATE TABLE IF NOT EXISTS stats_wait_buckets (
  bucket INTEGER PRIMARY KEY,
  lower_ms INTEGER NOT NULL UNIQUE
);
INSERT OR IGNORE INTO stats_wait_buckets (bucket, lower_ms) VALUES ${WAIT_BUCKET_LOWER_BOUNDS_MS.map((lowerMs, bucket) => `(${bucket}, ${lowerMs})`).join(', ')};
CREATE TABLE IF NOT EXISTS stats_person_tags (tag TEXT PRIMARY KEY);
INSERT OR IGNORE INTO stats_person_tags (tag) VALUES ${PERSON_TAGS.map((tag) => `('${tag}')`).join(', ')};

CREATE TABLE IF NOT EXISTS stats_person_facts (
  person_id INTEGER PRIMARY KEY,
  grid_code TEXT NOT NULL,
  category TEXT NOT NULL,
  birth_year INTEGER NOT NULL,
  sex TEXT NOT NULL,
  tags TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stats_unit_facts (
  unit_id INTEGER PRIMARY KEY,
  grid_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  occupied INTEGER NOT NULL,
  rental INTEGER NOT NULL,
  vacant INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS stats_building_facts (
  building_id INTEGER PRIMARY KEY,
  grid_code TEXT NOT NULL,
  kind TEXT NOT NULL
);
-- dim: category, birth (code 'year:sex'), tag, buildings, units, occupied, rental, vacant (code kind)
CREATE TABLE IF NOT EXISTS stats_register_rollup (
  area TEXT NOT NULL,
  dim TEXT NOT NULL,
  code TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (area, dim, code)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS stats_incident_facts (
  incident_id TEXT PRIMARY KEY,
  grid_code TEXT NOT NULL,
  report_day_ms INTEGER NOT NULL,
  category TEXT NOT NULL,
  state TEXT NOT NULL,
  source TEXT NOT NULL,
  -- on_time / late once the clock has stopped after a feedback, else null
  closure TEXT,
  -- the due time while the clock runs, else null
  running_due_ms INTEGER
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats_escalation_facts (
  incident_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  to_level_code TEXT NOT NULL,
  grid_code TEXT NOT NULL,
  PRIMARY KEY (incident_id, at_ms, to_level_code)
) WITHOUT ROWID;
-- One completed wait: the step that left the state, by the incident's report day.
CREATE TABLE IF NOT EXISTS stats_wait_facts (
  incident_id TEXT NOT NULL,
  step INTEGER NOT NULL,
  grid_code TEXT NOT NULL,
  state TEXT NOT NULL,
  report_day_ms INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  PRIMARY KEY (incident_id, step)
) WITHOUT ROWID;
-- The exact p90: the waits of the one bucket the rank falls in, grid by grid of the area (the
-- grid table's grids under it), in the window.
CREATE INDEX IF NOT EXISTS stats_wait_facts_bucket
  ON stats_wait_facts (state, bucket, grid_code, report_day_ms, duration_ms);
-- The same for whole districts (a district's or a city's leader): one range a district, not a
-- seek for each of its hundreds of grids. grid_code last keeps the reads on this index alone.
CREATE INDEX IF NOT EXISTS stats_wait_facts_district ON stats_wait_facts
  (state, bucket, substr(grid_code, 1, ${DISTRICT_CODE_DIGITS}), report_day_ms, duration_ms, grid_code);
-- dim: reported (code ''), category, state, source, closure, escalation (code ''), grid (code
-- the incident's grid); day_ms: the district day reported (escalation: the day it happened).
CREATE TABLE IF NOT EXISTS stats_incident_rollup (
  area TEXT NOT NULL,
  dim TEXT NOT NULL,
  day_ms INTEGER NOT NULL,
  code TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (area, dim, day_ms, code)
) WITHOUT ROWID;
-- Running clocks by due time: "overdue now" is a range sum up to now.
CREATE TABLE IF NOT EXISTS stats_due_rollup (
  area TEXT NOT NULL,
  due_ms INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (area, due_ms)
) WITHOUT ROWID;
-- Registrations and departures (register_movements, the history) per level code and district
-- month: the cockpit charts months, so a street's year is 24 rows.
CREATE TABLE IF NOT EXISTS stats_movement_rollup (
  area TEXT NOT NULL,
  kind TEXT NOT NULL,
  month_ms INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (area, kind, month_ms)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stats_wait_rollup (
  area TEXT NOT NULL,
  state TEXT NOT NULL,
  day_ms INTEGER NOT NULL,
  bucket INTEGER NOT NULL,
  count INTEGER NOT NULL,
  sum_ms INTEGER NOT NULL,
  PRIMARY KEY (area, day_ms, state, bucket)
) WITHOUT ROWID;
`;

/**
 * What each thing adds, as views (dropped and recreated with the triggers when the version
 * changes). The definitions follow the GROUP BY adapter (sqliteCockpitStatsStore.ts) one for one.
 */
export const STATS_ROLLUP_VIEWS_SQL = `
DROP VIEW IF EXISTS stats_person_fact_source;
CREATE VIEW stats_person_fact_source AS
SELECT p.id AS person_id, b.grid_code,
  COALESCE(d.category, CASE h.type WHEN 'floating' THEN 'floating' ELSE 'registered' END) AS category,
  CAST(substr(p.birth_date, 1, 4) AS INTEGER) AS birth_year,
  CASE p.sex WHEN 'F' THEN 'F' ELSE 'M' END AS sex, p.tags
FROM persons p JOIN households h ON h.id = p.household_id JOIN units u ON u.id = h.unit_id
JOIN buildings b ON b.id = u.building_id LEFT JOIN person_details d ON d.person_id = p.id;

DROP VIEW IF EXISTS stats_unit_fact_source;
CREATE VIEW stats_unit_fact_source AS
SELECT u.id AS unit_id, b.grid_code, b.kind,
  EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id) AS occupied,
  (u.use = 'rental' OR EXISTS (SELECT 1 FROM households h WHERE h.unit_id = u.id
    AND h.type IN ('rental', 'floating'))) AS rental,
  (u.use = 'vacant') AS vacant
FROM units u JOIN buildings b ON b.id = u.building_id;

DROP VIEW IF EXISTS stats_building_fact_source;
CREATE VIEW stats_building_fact_source AS
SELECT id AS building_id, grid_code, kind FROM buildings;

DROP VIEW IF EXISTS stats_register_fact_rows;
DROP VIEW IF EXISTS stats_person_fact_rows;
CREATE VIEW stats_person_fact_rows AS
${personFactRowsSql('stats_person_facts', '1')};

DROP VIEW IF EXISTS stats_unit_fact_rows;
CREATE VIEW stats_unit_fact_rows AS
SELECT f.unit_id AS subject_id, ${areaOf('f')} AS area, 'units' AS dim, f.kind AS code, 1 AS n
  FROM ${atLevels('stats_unit_facts', 'f')}
UNION ALL SELECT f.unit_id, ${areaOf('f')}, 'occupied', f.kind, 1
  FROM ${atLevels('stats_unit_facts', 'f')} WHERE f.occupied
UNION ALL SELECT f.unit_id, ${areaOf('f')}, 'rental', f.kind, 1
  FROM ${atLevels('stats_unit_facts', 'f')} WHERE f.rental
UNION ALL SELECT f.unit_id, ${areaOf('f')}, 'vacant', f.kind, 1
  FROM ${atLevels('stats_unit_facts', 'f')} WHERE f.vacant;

DROP VIEW IF EXISTS stats_building_fact_rows;
CREATE VIEW stats_building_fact_rows AS
SELECT f.building_id AS subject_id, ${areaOf('f')} AS area, 'buildings' AS dim, f.kind AS code,
  1 AS n FROM ${atLevels('stats_building_facts', 'f')};

-- All three: what the register rollup sums.
CREATE VIEW stats_register_fact_rows AS
SELECT area, dim, code, n FROM stats_person_fact_rows
UNION ALL SELECT area, dim, code, n FROM stats_unit_fact_rows
UNION ALL SELECT area, dim, code, n FROM stats_building_fact_rows;

DROP VIEW IF EXISTS stats_incident_fact_source;
CREATE VIEW stats_incident_fact_source AS
SELECT i.id AS incident_id, i.grid_code, ${districtDaySql('i.reported_at_ms')} AS report_day_ms,
  i.category_code AS category, i.state, i.source,
  CASE WHEN i.state IN (${sqlList(CLOCK_STOPPED_STATES)}) AND i.due_at_ms IS NOT NULL THEN (
    SELECT CASE WHEN MAX(t.at_ms) IS NULL THEN NULL WHEN MAX(t.at_ms) < i.due_at_ms
      THEN 'on_time' ELSE 'late' END
    FROM incident_transitions t WHERE t.incident_id = i.id AND t.action = 'feed_back') END AS closure,
  CASE WHEN i.state IN (${sqlList(CLOCK_RUNNING_STATES)}) AND i.due_at_ms IS NOT NULL
    AND i.dispatched_at_ms IS NOT NULL THEN i.due_at_ms END AS running_due_ms
FROM incidents i;

DROP VIEW IF EXISTS stats_escalation_fact_source;
CREATE VIEW stats_escalation_fact_source AS
SELECT e.incident_id, e.at_ms, e.to_level_code, i.grid_code
FROM incident_escalations e JOIN incidents i ON i.id = e.incident_id;

-- Steps are numbered 0, 1, 2, … per incident (incidentHistoryRows.ts): the one before is step - 1.
DROP VIEW IF EXISTS stats_wait_fact_source;
CREATE VIEW stats_wait_fact_source AS
SELECT t.incident_id, t.step, i.grid_code, t.from_state AS state,
  ${districtDaySql('i.reported_at_ms')} AS report_day_ms,
  ${waitBucketSql('(t.at_ms - p.at_ms)')} AS bucket, t.at_ms - p.at_ms AS duration_ms
FROM incident_transitions t
JOIN incident_transitions p ON p.incident_id = t.incident_id AND p.step = t.step - 1
JOIN incidents i ON i.id = t.incident_id
WHERE t.from_state IS NOT NULL;

DROP VIEW IF EXISTS stats_incident_fact_rows;
CREATE VIEW stats_incident_fact_rows AS
SELECT f.incident_id, ${areaOf('f')} AS area, 'reported' AS dim, f.report_day_ms AS day_ms,
  '' AS code FROM ${atLevels('stats_incident_facts', 'f')}
UNION ALL SELECT f.incident_id, ${areaOf('f')}, 'category', f.report_day_ms, f.category
  FROM ${atLevels('stats_incident_facts', 'f')}
UNION ALL SELECT f.incident_id, ${areaOf('f')}, 'state', f.report_day_ms, f.state
  FROM ${atLevels('stats_incident_facts', 'f')}
UNION ALL SELECT f.incident_id, ${areaOf('f')}, 'source', f.report_day_ms, f.source
  FROM ${atLevels('stats_incident_facts', 'f')}
UNION ALL SELECT f.incident_id, ${areaOf('f')}, 'closure', f.report_day_ms, f.closure
  FROM ${atLevels('stats_incident_facts', 'f')} WHERE f.closure IS NOT NULL
UNION ALL SELECT f.incident_id, ${areaOf('f')}, 'grid', f.report_day_ms, f.grid_code
  FROM ${atLevels('stats_incident_facts', 'f')}
UNION ALL SELECT f.incident_id, ${areaOf('f')}, 'escalation', ${districtDaySql('f.at_ms')}, ''
  FROM ${atLevels('stats_escalation_facts', 'f')};

DROP VIEW IF EXISTS stats_due_fact_rows;
CREATE VIEW stats_due_fact_rows AS
SELECT f.incident_id, ${areaOf('f')} AS area, f.running_due_ms AS due_ms
FROM ${atLevels('stats_incident_facts', 'f')} WHERE f.running_due_ms IS NOT NULL;

-- The history is its own facts: each row counts under its grid code's four prefixes.
DROP VIEW IF EXISTS stats_movement_fact_rows;
CREATE VIEW stats_movement_fact_rows AS
SELECT ${areaOf('m')} AS area, m.kind, ${districtMonthSql('m.day_ms')} AS month_ms, m.count
FROM ${atLevels('register_movements', 'm')};

DROP VIEW IF EXISTS stats_wait_fact_rows;
CREATE VIEW stats_wait_fact_rows AS
SELECT f.incident_id, ${areaOf('f')} AS area, f.state, f.report_day_ms AS day_ms, f.bucket,
  f.duration_ms FROM ${atLevels('stats_wait_facts', 'f')};
`;
