/**
 * Resident search in the top bar: debounced, hits show masked identifiers only; choosing a hit
 * selects its unit and flies there. Arrow keys move, Enter chooses, Escape closes.
 */
import { useEffect, useId, useState, type KeyboardEvent } from 'react';
import type { SearchHit, SearchPage } from '../../shared/api';
import { isAbortError } from '../feeds/apiClient';
import { useAppStore } from '../shell/appStore';
import { useApi } from '../shell/ApiContext';
import { describeError, type ErrorMessage } from '../widgets/errorMessage';
import { useI18n } from '../shell/i18n';

export const SEARCH_DEBOUNCE_MS = 300;
export const SEARCH_PAGE_SIZE = 8;
/** The server's limits on a query (GET /api/search). */
export const SEARCH_MIN_CHARS = 2;
export const SEARCH_MAX_CHARS = 64;

type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'done'; query: string; page: SearchPage }
  | { status: 'error'; query: string; message: ErrorMessage };

export function SearchBox() {
  const { t, formatNumber } = useI18n();
  const api = useApi();
  const select = useAppStore((state) => state.select);
  const listId = useId();
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [activeIndex, setActiveIndex] = useState(0);
  const [result, setResult] = useState<SearchState>({ status: 'idle' });
  const trimmed = query.trim();
  const searchable = trimmed.length >= SEARCH_MIN_CHARS;

  useEffect(() => {
    if (!searchable) return undefined;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setResult({ status: 'searching', query: trimmed });
      api.search(trimmed, { pageSize: SEARCH_PAGE_SIZE }, controller.signal).then(
        (page) => {
          setResult({ status: 'done', query: trimmed, page });
          setActiveIndex(0);
        },
        (error: unknown) => {
          if (!isAbortError(error)) {
            setResult({ status: 'error', query: trimmed, message: describeError(error) });
          }
        },
      );
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [api, trimmed, searchable]);

  const hits = result.status === 'done' && result.query === trimmed ? result.page.items : [];

  function choose(hit: SearchHit) {
    select({ gridCode: hit.gridCode, buildingId: hit.buildingId, unitId: hit.unitId }, 'unit');
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') {
      setOpen(false);
    } else if (event.key === 'ArrowDown' && hits.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActiveIndex((index) => (index + 1) % hits.length);
    } else if (event.key === 'ArrowUp' && hits.length > 0) {
      event.preventDefault();
      setActiveIndex((index) => (index - 1 + hits.length) % hits.length);
    } else if (event.key === 'Enter') {
      const hit = hits[activeIndex];
      if (hit) choose(hit);
    }
  }

  let status: string | null = null;
  if (trimmed !== '' && !searchable) {
    status = t('search.tooShort', { min: SEARCH_MIN_CHARS });
  } else if (trimmed !== '') {
    if (result.status === 'error' && result.query === trimmed) {
      status = t(result.message.messageKey, result.message.params);
    } else if (result.status !== 'done' || result.query !== trimmed) {
      status = t('search.searching');
    } else if (hits.length === 0) {
      status = t('search.noHits');
    }
  }
  const done = result.status === 'done' && result.query === trimmed ? result.page : null;
  const total = done?.total ?? 0;
  // The server counts up to a cap: past it the total is a lower bound, said as "1,000+".
  const totalKey = done?.totalCapped === true ? 'search.totalCapped' : 'search.total';

  return (
    <div
      className="search"
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) setOpen(false);
      }}
    >
      <span className="search-icon" aria-hidden="true" />
      <input
        className="search-input"
        data-testid="search-input"
        type="search"
        role="combobox"
        aria-expanded={open && trimmed !== ''}
        aria-controls={listId}
        aria-autocomplete="list"
        placeholder={t('search.placeholder')}
        maxLength={SEARCH_MAX_CHARS}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {open && trimmed !== '' && (
        <div className="search-results" id={listId} role="listbox">
          {status !== null && <p className="search-status">{status}</p>}
          {hits.map((hit, index) => (
            <button
              key={hit.personId}
              type="button"
              role="option"
              aria-selected={index === activeIndex}
              className={`search-hit${index === activeIndex ? ' is-active' : ''}`}
              data-testid="search-hit"
              data-unit-id={hit.unitId}
              onMouseEnter={() => setActiveIndex(index)}
              onClick={() => choose(hit)}
            >
              <span className="search-hit-name">{hit.name}</span>
              <span className="search-hit-id mono">{hit.idNumberMasked}</span>
              <span className="search-hit-address">
                {hit.address} · {hit.buildingName} {hit.roomLabel}
              </span>
            </button>
          ))}
          {total > hits.length && (
            <p className="search-status" data-testid="search-total">
              {t(totalKey, { total: formatNumber(total), shown: hits.length })}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
