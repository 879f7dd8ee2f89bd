import { describe, expect, it } from 'vitest';
import {
  deviceIdOf,
  languageOf,
  SAVED_REPORTS_MAX,
  saveLanguage,
  saveReport,
  savedReportsOf,
  type KeyValueStore,
} from './residentDevice';

function memoryStore(): KeyValueStore & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  };
}

function report(id: string) {
  return { id, token: `t-${id}`, serviceName: '市容环境', filedAt: '2026-12-05T12:00:00Z' };
}

describe("the resident page's device memory", () => {
  it('makes a random device id once and keeps it', () => {
    const store = memoryStore();
    const first = deviceIdOf(store);
    expect(first).toMatch(/^r-[0-9a-f]{32}$/);
    expect(deviceIdOf(store)).toBe(first);
    expect(deviceIdOf(memoryStore())).not.toBe(first);
  });

  it('replaces a stored device id the server would refuse', () => {
    const store = memoryStore();
    store.setItem('resident.deviceId', 'bad id');
    expect(deviceIdOf(store)).toMatch(/^r-/);
  });

  it('keeps its own reports newest first, once each, and at most the limit', () => {
    const store = memoryStore();
    saveReport(store, report('1'));
    saveReport(store, report('2'));
    expect(saveReport(store, report('1')).map((entry) => entry.id)).toEqual(['1', '2']);
    for (let index = 0; index < SAVED_REPORTS_MAX + 5; index += 1) {
      saveReport(store, report(`n${index}`));
    }
    expect(savedReportsOf(store)).toHaveLength(SAVED_REPORTS_MAX);
  });

  it('reads a damaged list as empty, and the language as Chinese unless English was chosen', () => {
    const store = memoryStore();
    store.setItem('resident.reports', '{not json');
    expect(savedReportsOf(store)).toEqual([]);
    expect(languageOf(store)).toBe('zh');
    saveLanguage(store, 'en');
    expect(languageOf(store)).toBe('en');
  });
});
