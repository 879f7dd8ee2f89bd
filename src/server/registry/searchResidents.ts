/**
 * Resident search inside the caller's scope. A four-character query of digits (last may be X)
 * is a tail: of an ID number, and, when all digits, of a phone. A whole 18-character ID number
 * or an 11-digit mobile number finds exactly that person (through the keyed index of the sealed
 * identifiers). Anything else matches names, addresses and building names by substring.
 */
import type { SearchPage } from '../../shared/api';
import type { Caller } from './accessErrors';
import { toSearchHit } from './personMapper';
import type { PageRequest } from './registryRecords';
import type { SearchCriteria } from './registryRepository';
import type { ResidentSearcher } from './residentSearcher';

export const MIN_SEARCH_LENGTH = 2;
export const MAX_SEARCH_LENGTH = 64;
const ID_TAIL_PATTERN = /^\d{3}[\dX]$/;
const PHONE_TAIL_PATTERN = /^\d{4}$/;
const ID_NUMBER_PATTERN = /^\d{17}[\dX]$/;
const MOBILE_PATTERN = /^1\d{10}$/;

export function parseSearchQuery(query: string): SearchCriteria {
  const text = query.trim();
  const upper = text.toUpperCase();
  const compact = upper.replace(/[\s-]/g, '');
  if (ID_NUMBER_PATTERN.test(compact))
    return { kind: 'identifier', idNumber: compact, phone: null };
  if (MOBILE_PATTERN.test(compact)) return { kind: 'identifier', idNumber: null, phone: compact };
  if (ID_TAIL_PATTERN.test(upper)) {
    return {
      kind: 'tail',
      idTail: upper,
      phoneTail: PHONE_TAIL_PATTERN.test(upper) ? upper : null,
    };
  }
  return { kind: 'text', text };
}

export async function searchResidents(
  searcher: ResidentSearcher,
  caller: Caller,
  query: string,
  page: PageRequest,
): Promise<SearchPage> {
  const result = await searcher.search(parseSearchQuery(query), caller.scopes, page);
  return {
    ...page,
    total: result.total,
    totalCapped: result.totalCapped,
    items: result.items.map(toSearchHit),
  };
}
