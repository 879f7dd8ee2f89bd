/**
 * A person's insert, update and deletion on PostgreSQL, in the caller's transaction, as
 * personStore.ts writes them on SQLite (same columns, the identifiers sealed the same way). The
 * movement history (register_movements: registrations and departures per base grid and district
 * day) is counted here, as SQLite's triggers count it (statsRollupTriggers.ts): PostgreSQL has no
 * such triggers, because a district copied from SQLite brings its history and its persons, and
 * triggers would count every copied person again. A writer of persons on PostgreSQL goes through
 * these functions so that the history counts its writes.
 */
import {
  DETAILS_COLUMNS,
  DETAILS_UPSERT,
  detailsValues,
  fieldsOf,
  SELECT_PERSON,
  type PersonFields,
} from '../personStore';
import {
  PERSON_SEALED_COLUMNS,
  personSealedValues,
  type IdentifierSealer,
} from '../sealedIdentifiers';
import { districtDaySql } from '../statsRollupSchema';
import type { PostgresClient } from './postgresPool';

type Row = Record<string, unknown>;
type MovementKind = 'registration' | 'departure';

/** The district day of the statement's clock in whole seconds, as SQLite's unixepoch() gives. */
const TODAY_SQL = districtDaySql(
  '(floor(extract(epoch FROM statement_timestamp())) * 1000)::bigint',
);
const GRID_OF_HOUSEHOLD =
  'SELECT b.grid_code FROM households h JOIN units u ON u.id = h.unit_id ' +
  'JOIN buildings b ON b.id = u.building_id WHERE h.id = $1';

/** A person the register holds, found by ID number (its row locked for this transaction). */
export interface LockedPerson extends PersonFields {
  personId: number;
  householdId: number;
  unitId: number;
}

/** The person with that ID number (keyed-hash index), locked until the transaction ends; or null. */
export async function lockPostgresPersonByIdNumber(
  client: PostgresClient,
  sealer: IdentifierSealer,
  idNumber: string,
): Promise<LockedPerson | null> {
  const { rows } = await client.query<Row>(
    `${SELECT_PERSON} WHERE p.id_number_index = $1 ORDER BY p.id LIMIT 1 FOR NO KEY UPDATE OF p`,
    [sealer.index('id_number', idNumber)],
  );
  const row = rows[0];
  if (row === undefined) return null;
  return {
    ...fieldsOf(row, sealer),
    personId: Number(row.id),
    householdId: Number(row.household_id),
    unitId: Number(row.unit_id),
  };
}

async function gridOfHousehold(
  client: PostgresClient,
  householdId: number,
): Promise<string | null> {
  const { rows } = await client.query<{ grid_code: string }>(GRID_OF_HOUSEHOLD, [householdId]);
  return rows[0]?.grid_code ?? null;
}

/** One movement of `kind` today in the grid (nothing without a grid), as the triggers add it. */
async function countMovement(
  client: PostgresClient,
  kind: MovementKind,
  gridCode: string | null,
): Promise<void> {
  if (gridCode === null) return;
  await client.query(
    'INSERT INTO register_movements (grid_code, day_ms, kind, demo, count) ' +
      `VALUES ($1, ${TODAY_SQL}, $2, false, 1) ON CONFLICT (grid_code, day_ms, kind, demo) ` +
      'DO UPDATE SET count = register_movements.count + excluded.count',
    [gridCode, kind],
  );
}

/**
 * One movement of `kind` today in the household's base grid: for a writer that inserts or deletes
 * a person itself (the erasure names the next head, which deletePostgresPerson does not).
 */
export async function countPostgresMovementOf(
  client: PostgresClient,
  kind: MovementKind,
  householdId: number,
): Promise<void> {
  await countMovement(client, kind, await gridOfHousehold(client, householdId));
}

async function writeDetails(
  client: PostgresClient,
  personId: number,
  fields: PersonFields,
): Promise<void> {
  await client.query(
    `INSERT INTO person_details (${DETAILS_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ${DETAILS_UPSERT}`,
    detailsValues(personId, fields),
  );
}

/** A new person (not synthetic) with their details; counts a registration. */
export async function insertPostgresPerson(
  client: PostgresClient,
  sealer: IdentifierSealer,
  householdId: number,
  fields: PersonFields,
): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO persons (household_id, name, sex, birth_date, ${PERSON_SEALED_COLUMNS}, relation, ` +
      'tags, synthetic) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, false) RETURNING id',
    [
      householdId,
      fields.name,
      fields.sex,
      fields.birthDate,
      ...personSealedValues(sealer.sealPerson(fields)),
      fields.relation,
      fields.tags,
    ],
  );
  const personId = rows[0]!.id;
  await writeDetails(client, personId, fields);
  await countPostgresMovementOf(client, 'registration', householdId);
  return personId;
}

/**
 * The person's fields and household (the ID number stays); a move to another base grid counts a
 * departure there and a registration here.
 */
export async function updatePostgresPerson(
  client: PostgresClient,
  sealer: IdentifierSealer,
  personId: number,
  householdId: number,
  fields: PersonFields,
): Promise<void> {
  const { rows } = await client.query<{ from_household_id: number }>(
    'UPDATE persons SET household_id = $1, name = $2, sex = $3, birth_date = $4, phone_sealed = $5, ' +
      'phone_index = $6, phone_masked = $7, relation = $8, tags = $9, synthetic = false ' +
      'FROM persons earlier WHERE persons.id = $10 AND earlier.id = persons.id ' +
      'RETURNING earlier.household_id AS from_household_id',
    [
      householdId,
      fields.name,
      fields.sex,
      fields.birthDate,
      ...personSealedValues(sealer.sealPerson(fields)).slice(3),
      fields.relation,
      fields.tags,
      personId,
    ],
  );
  await writeDetails(client, personId, fields);
  const from = rows[0]?.from_household_id;
  if (from === undefined || from === householdId) return;
  const [fromGrid, toGrid] = [
    await gridOfHousehold(client, from),
    await gridOfHousehold(client, householdId),
  ];
  if (fromGrid === toGrid) return;
  await countMovement(client, 'departure', fromGrid);
  await countMovement(client, 'registration', toGrid);
}

/**
 * Deletes the person (details and moves go with them, ON DELETE CASCADE) and leaves the household
 * they headed without a head, as PersonStore.delete does; counts a departure.
 */
export async function deletePostgresPerson(
  client: PostgresClient,
  personId: number,
): Promise<void> {
  await client.query('UPDATE households SET head_person_id = NULL WHERE head_person_id = $1', [
    personId,
  ]);
  const { rows } = await client.query<{ household_id: number }>(
    'DELETE FROM persons WHERE id = $1 RETURNING household_id',
    [personId],
  );
  const household = rows[0]?.household_id;
  if (household !== undefined) await countPostgresMovementOf(client, 'departure', household);
}
