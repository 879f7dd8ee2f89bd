/**
 * What the resident page keeps on the phone (localStorage): a random device id, sent with each
 * report for the per-device limit, the language, and the numbers of this phone's own reports
 * (with the rating it gave each once closed) — nothing else, and never anybody else's.
 */
import type { ResidentLanguage } from './residentLocales';

const DEVICE_ID_KEY = 'resident.deviceId';
const REPORTS_KEY = 'resident.reports';
const LANGUAGE_KEY = 'resident.language';
/** The list is for following one's own reports, not an archive. */
export const SAVED_REPORTS_MAX = 20;
const DEVICE_ID_BYTES = 16;

export interface SavedReport {
  id: string;
  token: string;
  serviceName: string;
  filedAt: string;
  /** The satisfaction this phone gave once the report closed (it is asked once). */
  rating?: string;
}

export type KeyValueStore = Pick<Storage, 'getItem' | 'setItem'>;

export function deviceIdOf(store: KeyValueStore): string {
  const known = store.getItem(DEVICE_ID_KEY);
  if (known !== null && /^[A-Za-z0-9_-]{8,64}$/.test(known)) return known;
  const bytes = crypto.getRandomValues(new Uint8Array(DEVICE_ID_BYTES));
  const created = `r-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  store.setItem(DEVICE_ID_KEY, created);
  return created;
}

export function savedReportsOf(store: KeyValueStore): SavedReport[] {
  try {
    const parsed = JSON.parse(store.getItem(REPORTS_KEY) ?? '[]') as unknown;
    return Array.isArray(parsed)
      ? parsed.filter(
          (entry): entry is SavedReport =>
            typeof entry === 'object' && entry !== null && typeof entry.id === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/** Newest first, without duplicates, at most SAVED_REPORTS_MAX. */
export function saveReport(store: KeyValueStore, report: SavedReport): SavedReport[] {
  const others = savedReportsOf(store).filter((entry) => entry.id !== report.id);
  const next = [report, ...others].slice(0, SAVED_REPORTS_MAX);
  store.setItem(REPORTS_KEY, JSON.stringify(next));
  return next;
}

/** Remembers the rating given for one of this phone's reports. */
export function saveReportRating(store: KeyValueStore, id: string, rating: string): SavedReport[] {
  const next = savedReportsOf(store).map((entry) =>
    entry.id === id ? { ...entry, rating } : entry,
  );
  store.setItem(REPORTS_KEY, JSON.stringify(next));
  return next;
}

export function languageOf(store: KeyValueStore): ResidentLanguage {
  return store.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
}

export function saveLanguage(store: KeyValueStore, language: ResidentLanguage): void {
  store.setItem(LANGUAGE_KEY, language);
}
