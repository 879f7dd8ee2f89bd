/**
 * The one place a search reads persons' identifiers: how an ID-number / phone tail (the last
 * four characters) is matched. Whoever changes how identifiers are stored replaces this
 * function; everything else in the search treats its clause as opaque.
 */
import type { SearchCriteria } from '../registry/registryRepository';
import type { SqlFragment } from './scopeSql';

export type TailCriteria = Extract<SearchCriteria, { kind: 'tail' }>;

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
