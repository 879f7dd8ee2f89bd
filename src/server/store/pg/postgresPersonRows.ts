/**
 * Persons written many rows per statement on PostgreSQL, over column arrays (`unnest`): what the
 * register import and the rollback of its batches share (SQLite: PersonStore).
 */
import type { PersonFields } from '../personStore';
import type { IdentifierSealer } from '../sealedIdentifiers';
import type { PostgresClient } from './postgresPool';

/** Column arrays of `items` for an `unnest(…)`, one per picked value. */
export function columns<T>(items: readonly T[], ...pick: Array<(item: T) => unknown>): unknown[][] {
  return pick.map((value) => items.map(value));
}

export interface PersonRowChange {
  personId: number;
  householdId: number;
  fields: PersonFields;
  synthetic: boolean;
}

/**
 * Changes persons' household and fields (the ID number stays: an import never changes it), and
 * writes their details, as PersonStore.update does row by row.
 */
export async function updatePersonRows(
  client: PostgresClient,
  sealer: IdentifierSealer,
  changes: readonly PersonRowChange[],
): Promise<void> {
  const sealed = sealer.sealPersons(changes.map((change) => change.fields));
  await client.query(
    'UPDATE persons p SET household_id = v.household_id, name = v.name, sex = v.sex, ' +
      'birth_date = v.birth_date, phone_sealed = v.phone_sealed, phone_index = v.phone_index, ' +
      'phone_masked = v.phone_masked, relation = v.relation, tags = v.tags, synthetic = v.synthetic ' +
      'FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::bytea[], ' +
      '$7::bytea[], $8::text[], $9::text[], $10::text[], $11::boolean[]) AS v(id, household_id, ' +
      'name, sex, birth_date, phone_sealed, phone_index, phone_masked, relation, tags, synthetic) ' +
      'WHERE p.id = v.id',
    [
      ...columns(
        changes,
        (change) => change.personId,
        (change) => change.householdId,
        (change) => change.fields.name,
        (change) => change.fields.sex,
        (change) => change.fields.birthDate,
      ),
      ...columns(
        sealed,
        (row) => row.phoneSealed,
        (row) => row.phoneIndex,
        (row) => row.phoneMasked,
      ),
      ...columns(
        changes,
        (change) => change.fields.relation,
        (change) => change.fields.tags,
        (change) => change.synthetic,
      ),
    ],
  );
}

/** Writes persons' details (inserted, or replacing what is there). */
export async function upsertPersonDetails(
  client: PostgresClient,
  persons: ReadonlyArray<{ personId: number; fields: PersonFields }>,
): Promise<void> {
  if (persons.length === 0) return;
  await client.query(
    'INSERT INTO person_details (person_id, category, ethnicity, hukou_address, other_tags, ' +
      'permit_expires) SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::text[], ' +
      '$5::text[], $6::text[]) ON CONFLICT (person_id) DO UPDATE SET category = excluded.category, ' +
      'ethnicity = excluded.ethnicity, hukou_address = excluded.hukou_address, ' +
      'other_tags = excluded.other_tags, permit_expires = excluded.permit_expires',
    columns(
      persons,
      (row) => row.personId,
      (row) => row.fields.category,
      (row) => row.fields.ethnicity,
      (row) => row.fields.hukouAddress,
      (row) => row.fields.otherTags,
      (row) => row.fields.permitExpires,
    ),
  );
}
