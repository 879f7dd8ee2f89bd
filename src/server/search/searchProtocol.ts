/** Messages between the search pool and its workers (structured-cloned, no functions). */
import type { SearchPageRequest, SearchPageResult } from '../registry/registryRecords';
import type { SearchCriteria } from '../registry/registryRepository';

export interface SearchWorkerData {
  dbPath: string;
}

export interface SearchJobMessage {
  id: number;
  criteria: SearchCriteria;
  scopes: string[];
  page: SearchPageRequest;
}

export type SearchWorkerMessage =
  | { kind: 'ready' }
  | { kind: 'result'; id: number; result: SearchPageResult }
  | { kind: 'failed'; id: number; message: string };
