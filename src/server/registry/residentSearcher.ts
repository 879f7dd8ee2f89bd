/**
 * Where resident searches run. The use case only asks; the server decides whether a search
 * runs on the event loop (tests, tools) or in a worker pool (the service: search/searchPool.ts).
 */
import type { SearchPageRequest, SearchPageResult } from './registryRecords';
import type { RegistryRepository, SearchCriteria } from './registryRepository';

export interface ResidentSearcher {
  search(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: SearchPageRequest,
  ): Promise<SearchPageResult>;
  close(): Promise<void>;
}

/** The search cannot run now (queue full, too slow): the caller may try again. */
export class SearchUnavailableError extends Error {
  constructor(reason: 'busy' | 'timeout') {
    super(
      reason === 'busy'
        ? '搜索繁忙，请稍后再试 / search is busy, try again shortly'
        : '搜索超时，请缩小范围后重试 / search took too long, try a narrower query',
    );
  }
}

/** Runs each search on the calling thread, on the given repository. */
export class InProcessSearcher implements ResidentSearcher {
  constructor(private readonly registry: RegistryRepository) {}

  search(
    criteria: SearchCriteria,
    scopes: readonly string[],
    page: SearchPageRequest,
  ): Promise<SearchPageResult> {
    return this.registry.searchPersons(criteria, scopes, page);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
