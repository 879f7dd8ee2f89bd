/**
 * Keeps the resident search indexes of schema.sql complete on files written before they
 * existed: their rows never passed through the triggers, so the indexes are rebuilt once from
 * the tables, in one transaction, when the database is opened for writing.
 */
import type { SqliteDatabase } from './openDatabase';

/** Bump when the indexes' content changes shape: every file is then rebuilt once. */
export const SEARCH_INDEX_VERSION = 2;
const STATE_NAME = 'residents';

export interface SearchIndexProbe {
  /** The search index tables were there before the schema was applied. */
  hadSearchIndex: boolean;
}

/** Call before applying the schema: afterwards every file has the tables. */
export function probeSearchIndex(db: SqliteDatabase): SearchIndexProbe {
  const row = db
    .prepare("SELECT 1 AS present FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get('search_index_state');
  return { hadSearchIndex: row !== undefined };
}

/** Rebuilds the indexes when the file predates them or carries an older version. */
export function ensureSearchIndex(db: SqliteDatabase, probe: SearchIndexProbe): boolean {
  const state = db
    .prepare('SELECT version FROM search_index_state WHERE name = ?')
    .get(STATE_NAME) as { version: number } | undefined;
  if (probe.hadSearchIndex && state?.version === SEARCH_INDEX_VERSION) return false;
  rebuildSearchIndex(db);
  return true;
}

export function rebuildSearchIndex(db: SqliteDatabase): void {
  db.transaction(() => {
    db.exec("INSERT INTO persons_name_fts (persons_name_fts) VALUES ('rebuild')");
    db.exec("INSERT INTO buildings_text_fts (buildings_text_fts) VALUES ('rebuild')");
    db.exec('DELETE FROM person_name_grams');
    db.exec('DELETE FROM building_text_grams');
    db.exec(
      'INSERT OR IGNORE INTO person_name_grams (gram, person_id) ' +
        'SELECT lower(substr(p.name, g.k, 2)), p.id FROM persons p ' +
        'JOIN search_gram_positions g ON g.k <= length(p.name)',
    );
    db.exec(
      'INSERT OR IGNORE INTO building_text_grams (gram, building_id) ' +
        'SELECT lower(substr(t.text, g.k, 2)), t.id FROM (' +
        'SELECT id, name AS text FROM buildings UNION ALL SELECT id, name_en FROM buildings ' +
        'UNION ALL SELECT id, address FROM buildings) t ' +
        'JOIN search_gram_positions g ON g.k <= length(t.text)',
    );
    db.prepare(
      'INSERT INTO search_index_state (name, version) VALUES (?, ?) ' +
        'ON CONFLICT (name) DO UPDATE SET version = excluded.version',
    ).run(STATE_NAME, SEARCH_INDEX_VERSION);
  })();
}
