/**
 * The one place a search reads persons' identifiers: how an ID-number / phone tail (the last
 * four characters) is matched. Whoever changes how identifiers are stored replaces this
 * function; everything else in the search treats its clause as opaque.
 */
import type { SearchCriteria } from '../registry/registryRepository';
import type { SqlFragment } from './scopeSql';
import type { IdentifierSealer } from './sealedIdentifiers';

export type TailCriteria = Extract<SearchCriteria, { kind: 'tail' }>;
export type IdentifierCriteria = Extract<SearchCriteria, { kind: 'identifier' }>;

/**
 * A clause over persons `p` matching a whole ID number or phone by its keyed index (HMAC, the
 * same the import and the register write), so the clear value is never compared or stored;
 * `= unhex(?)` keeps the persons_id_index / persons_phone_index indexes usable.
 */
export function identifierExactMatch(
  criteria: IdentifierCriteria,
  sealer: IdentifierSealer,
): SqlFragment {
  const clauses: string[] = [];
  const params: string[] = [];
  if (criteria.idNumber !== null) {
    clauses.push('p.id_number_index = unhex(?)');
    params.push(sealer.index('id_number', criteria.idNumber).toString('hex'));
  }
  if (criteria.phone !== null) {
    clauses.push('p.phone_index = unhex(?)');
    params.push(sealer.index('phone', criteria.phone).toString('hex'));
  }
  return { sql: clauses.length === 0 ? '0' : `(${clauses.join(' OR ')})`, params };
}

/** A clause over persons `p` matching the tail; the expressions match the persons_id_tail / persons_phone_tail indexes exactly. */
export function identifierTailMatch(criteria: TailCriteria): SqlFragment {
  const clauses: string[] = [];
  const params: string[] = [];
  if (criteria.idTail !== null) {
    clauses.push('substr(p.id_number_masked, -4) = ?');
    params.push(criteria.idTail);
  }
  if (criteria.phoneTail !== null) {
    clauses.push('substr(p.phone_masked, -4) = ?');
    params.push(criteria.phoneTail);
  }
  return { sql: clauses.length === 0 ? '0' : `(${clauses.join(' OR ')})`, params };
}

/**
 * identifierExactMatch on PostgreSQL: the keyed index compared as bytea, parameters appended to
 * `params` and numbered after them.
 */
export function postgresIdentifierExactMatch(
  criteria: IdentifierCriteria,
  sealer: IdentifierSealer,
  params: unknown[],
): string {
  const clauses: string[] = [];
  if (criteria.idNumber !== null) {
    params.push(sealer.index('id_number', criteria.idNumber));
    clauses.push(`p.id_number_index = $${params.length}`);
  }
  if (criteria.phone !== null) {
    params.push(sealer.index('phone', criteria.phone));
    clauses.push(`p.phone_index = $${params.length}`);
  }
  return clauses.length === 0 ? 'false' : `(${clauses.join(' OR ')})`;
}

/** identifierTailMatch on PostgreSQL; the expressions match persons_id_tail / persons_phone_tail. */
export function postgresIdentifierTailMatch(criteria: TailCriteria, params: unknown[]): string {
  const clauses: string[] = [];
  if (criteria.idTail !== null) {
    params.push(criteria.idTail);
    clauses.push(`right(p.id_number_masked, 4) = $${params.length}`);
  }
  if (criteria.phoneTail !== null) {
    params.push(criteria.phoneTail);
    clauses.push(`right(p.phone_masked, 4) = $${params.length}`);
  }
  return clauses.length === 0 ? 'false' : `(${clauses.join(' OR ')})`;
}
