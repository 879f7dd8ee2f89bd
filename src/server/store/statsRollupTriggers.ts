/**
 * The one place where writes reach the cockpit's rollups: SQLite triggers on the register and
 * incident tables, so every path that writes them (imports, moves, erasure, household changes,
 * the incident service, the hotline, Open311, the escalation job, a script) keeps the rollups
 * current in its own transaction without calling anything. A new table that changes a figure
 * gets its trigger here.
 *
 * A trigger names what changed; the refresh "procedures" (INSTEAD OF INSERT on the
 * stats_refresh_* views) retract the thing's stored facts from the rollups, recompute its facts
 * from the tables (statsRollupSchema.ts views) and add them back. While stats_rollup_state says
 * suspended (a bulk load), no rollup trigger runs; statsRollups.ts rebuilds afterwards.
 *
 * The movement history (register_movements: registrations and departures per base grid and
 * district day) is counted here too, by triggers that run even then: a history cannot be
 * rebuilt from the register. Its rollup is an ordinary one.
 */
import { districtDaySql, districtMonthSql } from './statsRollupSchema';

/** Rollup triggers run only while the rollups are not suspended (a bulk load rebuilds after). */
const ACTIVE = '(SELECT suspended FROM stats_rollup_state) = 0';

interface Refresh {
  /** The procedure view, with one column named `ref`. */
  view: string;
  body: string;
}

/** Retract, forget, recompute, add: the rollup rows of keys that reach zero are deleted. */
function rollupApply(
  rollup: string,
  rowsView: string,
  where: string,
  keyColumns: string,
  valueColumns: Array<[column: string, expression: string]>,
): { retract: string; assert: string } {
  const upsert = (sign: '-' | '') =>
    `INSERT INTO ${rollup} (${keyColumns}, ${valueColumns.map(([column]) => column).join(', ')}) ` +
    `SELECT ${keyColumns}, ${valueColumns.map(([, expression]) => `${sign}${expression}`).join(', ')} ` +
    `FROM ${rowsView} WHERE ${where} ON CONFLICT (${keyColumns}) DO UPDATE SET ` +
    valueColumns.map(([column]) => `${column} = ${column} + excluded.${column}`).join(', ') +
    ';';
  const cleanup =
    `DELETE FROM ${rollup} WHERE count = 0 AND (${keyColumns}) IN ` +
    `(SELECT ${keyColumns} FROM ${rowsView} WHERE ${where});`;
  return { retract: `${upsert('-')}\n  ${cleanup}`, assert: upsert('') };
}

function registerRefresh(subject: 'person' | 'unit' | 'building'): Refresh {
  const facts = `stats_${subject}_facts`;
  const idColumn = `${subject}_id`;
  const rows = rollupApply(
    'stats_register_rollup',
    `stats_${subject}_fact_rows`,
    'subject_id = NEW.ref',
    'area, dim, code',
    [['count', 'n']],
  );
  return {
    view: `stats_refresh_${subject}`,
    body: [
      rows.retract,
      `DELETE FROM ${facts} WHERE ${idColumn} = NEW.ref;`,
      `INSERT INTO ${facts} SELECT * FROM stats_${subject}_fact_source WHERE ${idColumn} = NEW.ref;`,
      rows.assert,
    ].join('\n  '),
  };
}

function incidentRefresh(): Refresh {
  const where = 'incident_id = NEW.ref';
  const counts = rollupApply(
    'stats_incident_rollup',
    'stats_incident_fact_rows',
    where,
    'area, dim, day_ms, code',
    [['count', '1']],
  );
  const dues = rollupApply('stats_due_rollup', 'stats_due_fact_rows', where, 'area, due_ms', [
    ['count', '1'],
  ]);
  const waits = rollupApply(
    'stats_wait_rollup',
    'stats_wait_fact_rows',
    where,
    'area, day_ms, state, bucket',
    [
      ['count', '1'],
      ['sum_ms', 'duration_ms'],
    ],
  );
  const facts = ['incident', 'escalation', 'wait'] as const;
  return {
    view: 'stats_refresh_incident',
    body: [
      counts.retract,
      dues.retract,
      waits.retract,
      ...facts.map((kind) => `DELETE FROM stats_${kind}_facts WHERE ${where};`),
      ...facts.map(
        (kind) =>
          `INSERT INTO stats_${kind}_facts SELECT * FROM stats_${kind}_fact_source WHERE ${where};`,
      ),
      counts.assert,
      dues.assert,
      waits.assert,
    ].join('\n  '),
  };
}

const REFRESHES: Refresh[] = [
  registerRefresh('person'),
  registerRefresh('unit'),
  registerRefresh('building'),
  incidentRefresh(),
];

const call = (refresh: 'person' | 'unit' | 'building' | 'incident', keys: string) =>
  `INSERT INTO stats_refresh_${refresh} (ref) ${keys};`;
const one = (expression: string) => `SELECT ${expression}`;
/** OLD's and NEW's value of a column, once when they are equal. */
const both = (column: string) => `SELECT OLD.${column} UNION SELECT NEW.${column}`;
const PERSONS_OF_UNIT = (unit: string) =>
  `SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id WHERE h.unit_id = ${unit}`;

interface Hook {
  name: string;
  /**
   * Runs even while the rollups are suspended or deferred: the movement history cannot be
   * caught up afterwards.
   */
  always?: true;
  /** e.g. 'AFTER INSERT ON persons' */
  event: string;
  /** Extra condition besides "not suspended", in terms of OLD/NEW. */
  when?: string;
  calls: string[];
}

/** The district day of the statement's own clock (SQLite's unixepoch(): whole seconds, UTC). */
const TODAY_SQL = districtDaySql('unixepoch() * 1000');
const gridOfUnit = (unit: string) =>
  `(SELECT b.grid_code FROM units u JOIN buildings b ON b.id = u.building_id WHERE u.id = ${unit})`;
const gridOfHousehold = (household: string) =>
  `(SELECT b.grid_code FROM households h JOIN units u ON u.id = h.unit_id ` +
  `JOIN buildings b ON b.id = u.building_id WHERE h.id = ${household})`;
const MEMBERS_OF = (household: string) =>
  `(SELECT COUNT(*) FROM persons WHERE household_id = ${household})`;

/** Adds `count` (an SQL expression) movements of `kind` today in the grid; nothing for zero or no grid. */
function countMovement(kind: 'registration' | 'departure', grid: string, count: string): string {
  return (
    'INSERT INTO register_movements (grid_code, day_ms, kind, demo, count) ' +
    `SELECT grid_code, ${TODAY_SQL}, '${kind}', 0, n FROM (SELECT ${grid} AS grid_code, ${count} AS n) ` +
    'WHERE grid_code IS NOT NULL AND n > 0 ' +
    'ON CONFLICT (grid_code, day_ms, kind, demo) DO UPDATE SET count = count + excluded.count;'
  );
}

/**
 * Adds `?` (count) movements of kind `?` today in base grid `?` — what the movement triggers
 * would have added one by one (a register bulk load catches up with it; parameters: grid,
 * kind, count).
 */
export const ADD_MOVEMENTS_TODAY_SQL =
  'INSERT INTO register_movements (grid_code, day_ms, kind, demo, count) ' +
  `VALUES (?, ${TODAY_SQL}, ?, 0, ?) ` +
  'ON CONFLICT (grid_code, day_ms, kind, demo) DO UPDATE SET count = count + excluded.count';

/** Adds (or with sign '-' retracts) a history row to the four level codes of its grid. */
function movementRollupAdd(row: 'NEW' | 'OLD', sign: '-' | ''): string {
  return (
    'INSERT INTO stats_movement_rollup (area, kind, month_ms, count) ' +
    `SELECT substr(${row}.grid_code, 1, l.code_length), ${row}.kind, ` +
    `${districtMonthSql(`${row}.day_ms`)}, ${sign}${row}.count ` +
    `FROM stats_levels l WHERE l.code_length <= length(${row}.grid_code) ` +
    'ON CONFLICT (area, kind, month_ms) DO UPDATE SET count = count + excluded.count;'
  );
}

/** Rollup rows of OLD's keys that reached zero are deleted (as a rebuild would not have them). */
function movementRollupCleanup(): string {
  return (
    'DELETE FROM stats_movement_rollup WHERE count = 0 AND kind = OLD.kind ' +
    `AND month_ms = ${districtMonthSql('OLD.day_ms')} ` +
    'AND area IN (SELECT substr(OLD.grid_code, 1, l.code_length) FROM stats_levels l ' +
    'WHERE l.code_length <= length(OLD.grid_code));'
  );
}

const changed = (columns: readonly string[]) =>
  columns.map((column) => `OLD.${column} IS NOT NEW.${column}`).join(' OR ');

/** Every write that changes a figure, table by table. */
const HOOKS: Hook[] = [
  // Register: people.
  {
    name: 'persons_insert',
    event: 'AFTER INSERT ON persons',
    calls: [call('person', one('NEW.id'))],
  },
  {
    name: 'persons_delete',
    event: 'AFTER DELETE ON persons',
    calls: [call('person', one('OLD.id'))],
  },
  {
    name: 'persons_update',
    event: 'AFTER UPDATE OF id, household_id, sex, birth_date, tags ON persons',
    when: changed(['id', 'household_id', 'sex', 'birth_date', 'tags']),
    calls: [call('person', both('id'))],
  },
  {
    name: 'person_details_insert',
    event: 'AFTER INSERT ON person_details',
    calls: [call('person', one('NEW.person_id'))],
  },
  {
    name: 'person_details_delete',
    event: 'AFTER DELETE ON person_details',
    calls: [call('person', one('OLD.person_id'))],
  },
  {
    name: 'person_details_update',
    event: 'AFTER UPDATE OF person_id, category ON person_details',
    when: changed(['person_id', 'category']),
    calls: [call('person', both('person_id'))],
  },
  // Register: households (occupancy and rental of their unit, category of their members).
  {
    name: 'households_insert',
    event: 'AFTER INSERT ON households',
    calls: [call('unit', one('NEW.unit_id'))],
  },
  {
    name: 'households_delete',
    event: 'AFTER DELETE ON households',
    calls: [call('unit', one('OLD.unit_id'))],
  },
  {
    name: 'households_update',
    event: 'AFTER UPDATE OF id, unit_id, type ON households',
    when: changed(['id', 'unit_id', 'type']),
    calls: [
      call('unit', both('unit_id')),
      call('person', 'SELECT id FROM persons WHERE household_id IN (OLD.id, NEW.id)'),
    ],
  },
  // Register: units and buildings.
  { name: 'units_insert', event: 'AFTER INSERT ON units', calls: [call('unit', one('NEW.id'))] },
  { name: 'units_delete', event: 'AFTER DELETE ON units', calls: [call('unit', one('OLD.id'))] },
  {
    name: 'units_update',
    event: 'AFTER UPDATE OF id, building_id, use ON units',
    when: changed(['id', 'building_id', 'use']),
    calls: [call('unit', both('id')), call('person', PERSONS_OF_UNIT('NEW.id'))],
  },
  {
    name: 'buildings_insert',
    event: 'AFTER INSERT ON buildings',
    calls: [call('building', one('NEW.id'))],
  },
  {
    name: 'buildings_delete',
    event: 'AFTER DELETE ON buildings',
    calls: [call('building', one('OLD.id'))],
  },
  {
    name: 'buildings_update',
    event: 'AFTER UPDATE OF id, grid_code, kind ON buildings',
    when: changed(['id', 'grid_code', 'kind']),
    calls: [
      call('building', both('id')),
      call('unit', 'SELECT id FROM units WHERE building_id = NEW.id'),
      call(
        'person',
        'SELECT p.id FROM persons p JOIN households h ON h.id = p.household_id ' +
          'JOIN units u ON u.id = h.unit_id WHERE u.building_id = NEW.id',
      ),
    ],
  },
  // Incidents: the row, every step, every escalation.
  {
    name: 'incidents_insert',
    event: 'AFTER INSERT ON incidents',
    calls: [call('incident', one('NEW.id'))],
  },
  {
    name: 'incidents_delete',
    event: 'AFTER DELETE ON incidents',
    calls: [call('incident', one('OLD.id'))],
  },
  {
    name: 'incidents_update',
    event: 'AFTER UPDATE ON incidents',
    when: changed([
      'id',
      'grid_code',
      'category_code',
      'source',
      'state',
      'reported_at_ms',
      'dispatched_at_ms',
      'due_at_ms',
    ]),
    calls: [call('incident', both('id'))],
  },
  {
    name: 'incident_transitions_insert',
    event: 'AFTER INSERT ON incident_transitions',
    calls: [call('incident', one('NEW.incident_id'))],
  },
  {
    name: 'incident_transitions_delete',
    event: 'AFTER DELETE ON incident_transitions',
    calls: [call('incident', one('OLD.incident_id'))],
  },
  {
    name: 'incident_transitions_update',
    event: 'AFTER UPDATE OF incident_id, step, action, from_state, at_ms ON incident_transitions',
    calls: [call('incident', both('incident_id'))],
  },
  {
    name: 'incident_escalations_insert',
    event: 'AFTER INSERT ON incident_escalations',
    calls: [call('incident', one('NEW.incident_id'))],
  },
  {
    name: 'incident_escalations_delete',
    event: 'AFTER DELETE ON incident_escalations',
    calls: [call('incident', one('OLD.incident_id'))],
  },
  // Movement rollup: sums of the history per level code.
  {
    name: 'register_movements_insert',
    event: 'AFTER INSERT ON register_movements',
    calls: [movementRollupAdd('NEW', '')],
  },
  {
    name: 'register_movements_update',
    event: 'AFTER UPDATE ON register_movements',
    calls: [movementRollupAdd('OLD', '-'), movementRollupAdd('NEW', ''), movementRollupCleanup()],
  },
  {
    name: 'register_movements_delete',
    event: 'AFTER DELETE ON register_movements',
    calls: [movementRollupAdd('OLD', '-'), movementRollupCleanup()],
  },
  // The history itself: who arrives and leaves, by base grid and district day.
  {
    name: 'movement_persons_insert',
    event: 'AFTER INSERT ON persons',
    always: true,
    calls: [countMovement('registration', gridOfHousehold('NEW.household_id'), '1')],
  },
  {
    name: 'movement_persons_delete',
    event: 'AFTER DELETE ON persons',
    always: true,
    calls: [countMovement('departure', gridOfHousehold('OLD.household_id'), '1')],
  },
  {
    name: 'movement_persons_update',
    event: 'AFTER UPDATE OF household_id ON persons',
    always: true,
    when: `${gridOfHousehold('OLD.household_id')} IS NOT ${gridOfHousehold('NEW.household_id')}`,
    calls: [
      countMovement('departure', gridOfHousehold('OLD.household_id'), '1'),
      countMovement('registration', gridOfHousehold('NEW.household_id'), '1'),
    ],
  },
  {
    name: 'movement_households_update',
    event: 'AFTER UPDATE OF unit_id ON households',
    always: true,
    when: `${gridOfUnit('OLD.unit_id')} IS NOT ${gridOfUnit('NEW.unit_id')}`,
    calls: [
      countMovement('departure', gridOfUnit('OLD.unit_id'), MEMBERS_OF('NEW.id')),
      countMovement('registration', gridOfUnit('NEW.unit_id'), MEMBERS_OF('NEW.id')),
    ],
  },
];

/** Drops and recreates the procedures and hooks (run with the views, when the version changes). */
export const STATS_ROLLUP_TRIGGERS_SQL = [
  ...REFRESHES.flatMap(({ view, body }) => [
    `DROP VIEW IF EXISTS ${view};`,
    `CREATE VIEW ${view} AS SELECT NULL AS ref WHERE 0;`,
    `CREATE TRIGGER ${view}_run INSTEAD OF INSERT ON ${view} BEGIN\n  ${body}\nEND;`,
  ]),
  ...HOOKS.flatMap(({ name, event, when, calls, always }) => {
    const conditions = [...(always ? [] : [ACTIVE]), ...(when === undefined ? [] : [when])];
    const guard =
      conditions.length === 0
        ? ''
        : ` WHEN ${conditions.map((condition) => `(${condition})`).join(' AND ')}`;
    return [
      `DROP TRIGGER IF EXISTS stats_${name};`,
      `CREATE TRIGGER stats_${name} ${event}${guard}` + ` BEGIN\n  ${calls.join('\n  ')}\nEND;`,
    ];
  }),
].join('\n');

/** Every trigger name this module creates (a test checks they all exist). */
export const STATS_ROLLUP_TRIGGER_NAMES = [
  ...REFRESHES.map(({ view }) => `${view}_run`),
  ...HOOKS.map(({ name }) => `stats_${name}`),
];
