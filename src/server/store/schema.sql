-- The embedded store's schema. SQL lives only under src/server/store (and the generator that
-- fills it). Coordinates are WGS84 lon/lat degrees; geometries are GeoJSON geometry text.
PRAGMA foreign_keys = ON;

CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Four-level grid: 6-digit district, +3 street, +3 community, +3 base grid (DESIGN.md §3).
CREATE TABLE IF NOT EXISTS grids (
  code TEXT PRIMARY KEY,
  parent_code TEXT REFERENCES grids(code),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  polygon TEXT NOT NULL,
  center_lon REAL NOT NULL,
  center_lat REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS grids_parent ON grids(parent_code);

-- A building's shape is a list of wings (oriented rectangles in local east/north metres around
-- the building's origin); src/domain/buildingLayout.ts turns wings into unit footprints, so the
-- tileset builder and the floor view agree without storing a polygon per unit.
CREATE TABLE IF NOT EXISTS buildings (
  id INTEGER PRIMARY KEY,
  grid_code TEXT NOT NULL REFERENCES grids(code),
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  address TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('slab', 'tower', 'l_shape', 'courtyard', 'commercial')),
  floors INTEGER NOT NULL CHECK (floors BETWEEN 1 AND 99),
  units_per_floor INTEGER NOT NULL CHECK (units_per_floor >= 1),
  floor_height_m REAL NOT NULL,
  origin_lon REAL NOT NULL,
  origin_lat REAL NOT NULL,
  wings TEXT NOT NULL,
  footprint TEXT NOT NULL,
  built_year INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS buildings_grid ON buildings(grid_code);

CREATE TABLE IF NOT EXISTS units (
  id INTEGER PRIMARY KEY,
  building_id INTEGER NOT NULL REFERENCES buildings(id),
  floor INTEGER NOT NULL,
  unit_no INTEGER NOT NULL,
  room_label TEXT NOT NULL,
  use TEXT NOT NULL CHECK (use IN ('residential', 'rental', 'commercial', 'vacant')),
  area_m2 REAL NOT NULL,
  UNIQUE (building_id, floor, unit_no)
);

CREATE TABLE IF NOT EXISTS households (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  type TEXT NOT NULL CHECK (type IN ('registered', 'floating', 'rental')),
  head_person_id INTEGER
);
CREATE INDEX IF NOT EXISTS households_unit ON households(unit_id);

CREATE TABLE IF NOT EXISTS persons (
  id INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES households(id),
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date TEXT NOT NULL,
  -- ID number and phone: sealed (AES-256-GCM), keyed-hash index, masked copy; see
  -- sealedIdentifiers.ts. No clear copy is stored.
  id_number_sealed BLOB NOT NULL,
  id_number_index BLOB NOT NULL,
  id_number_masked TEXT NOT NULL,
  phone_sealed BLOB,
  phone_index BLOB,
  phone_masked TEXT,
  relation TEXT NOT NULL,
  -- comma-separated PersonTag codes (src/domain/registry.ts), '' when none
  tags TEXT NOT NULL DEFAULT '',
  -- 1 for generated demo people: their ID numbers are synthetic
  synthetic INTEGER NOT NULL DEFAULT 1,
  -- The household's building, kept by triggers (SQLite migration 3, sqliteMigrations.ts): a
  -- search pages through a building's residents in id order without a join per resident.
  building_id INTEGER
);
CREATE INDEX IF NOT EXISTS persons_household ON persons(household_id);
CREATE INDEX IF NOT EXISTS persons_name ON persons(name);

-- The district's own base map: roads (LineString, class primary/secondary/local, width_m),
-- blocks, water and green (Polygon).
CREATE TABLE IF NOT EXISTS basemap_features (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('road', 'block', 'water', 'green')),
  class TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  name_en TEXT NOT NULL DEFAULT '',
  width_m REAL NOT NULL DEFAULT 0,
  geometry TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS users (
  username TEXT PRIMARY KEY,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  -- The roles of src/shared/api.ts; a database made before they grew is rebuilt on open
  -- (src/server/store/upgradeUsers.ts).
  role TEXT NOT NULL CHECK (role IN ('leader', 'dispatcher', 'grid_worker', 'department_handler',
    'viewer', 'auditor', 'admin', 'hotline_operator')),
  -- JSON array of grid-code prefixes this user may see
  scopes TEXT NOT NULL,
  -- 1 for the demo accounts whose password npm start sets
  demo INTEGER NOT NULL DEFAULT 0,
  -- A disabled user cannot log in and has no sessions; kept for the history that names them.
  disabled INTEGER NOT NULL DEFAULT 0,
  -- 1 after an administrator's reset: only the password change is allowed until it is done.
  must_change_password INTEGER NOT NULL DEFAULT 0,
  -- The functional department (departments.code) a department handler works for.
  department TEXT
);

CREATE TABLE IF NOT EXISTS sessions (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,
  action TEXT NOT NULL,
  target_type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  fields TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  -- The hash chain (auditChain.ts): hash of the row before, and of this row over it.
  prev_hash TEXT NOT NULL DEFAULT '',
  hash TEXT NOT NULL DEFAULT ''
);

-- ---- Live tracking (DESIGN.md §3–4) ----

-- Grid workers, each bound to one or more base grids. Synthetic (demo) workers are generated.
CREATE TABLE IF NOT EXISTS workers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  -- The phone: sealed, keyed-hash index, masked copy, as persons' phones (sealedIdentifiers.ts).
  phone_sealed BLOB NOT NULL,
  phone_index BLOB NOT NULL,
  phone_masked TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE IF NOT EXISTS worker_grids (
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  grid_code TEXT NOT NULL REFERENCES grids(code),
  PRIMARY KEY (worker_id, grid_code)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS worker_grids_grid ON worker_grids(grid_code);

-- The app account a grid worker signs in to the phone app with (src/mobile): pairing issues a
-- device token for this worker. One account per worker, one worker per account.
CREATE TABLE IF NOT EXISTS worker_accounts (
  username TEXT PRIMARY KEY REFERENCES users(username) ON DELETE CASCADE,
  worker_id INTEGER NOT NULL UNIQUE REFERENCES workers(id)
) WITHOUT ROWID;

-- Photos a worker's phone uploaded (metadata stripped; the file is $DATA_DIR/photos/<id>.jpg),
-- attached to an incident step when the worker reports back with them.
CREATE TABLE IF NOT EXISTS incident_photos (
  id TEXT PRIMARY KEY,
  worker_id INTEGER NOT NULL,
  incident_id TEXT,
  bytes INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Photos a resident attached to their own report from the public page (decision 0032): the
-- file lies beside the workers' photos (metadata stripped), bound to the report it was sent for.
-- The report's first step lists them as attachments; GeoReport's media_url shows the first.
CREATE TABLE IF NOT EXISTS resident_photos (
  id TEXT PRIMARY KEY,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  bytes INTEGER NOT NULL,
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS resident_photos_by_incident ON resident_photos (incident_id);

-- A device token authenticates one phone (or simulator) as one worker. Only its hash is kept.
CREATE TABLE IF NOT EXISTS device_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT,
  -- 1 for tokens npm start issues to the simulated devices (re-issued at every start)
  demo INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS device_tokens_worker ON device_tokens(worker_id);

-- Accepted fixes. (worker, fix time) is the dedupe key: a resent fix is stored once.
CREATE TABLE IF NOT EXISTS positions (
  worker_id INTEGER NOT NULL,
  fix_time_ms INTEGER NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  accuracy_m REAL NOT NULL,
  speed_mps REAL,
  heading_deg REAL,
  received_at_ms INTEGER NOT NULL,
  PRIMARY KEY (worker_id, fix_time_ms)
) WITHOUT ROWID;
-- The retention purge deletes by fix time across workers.
CREATE INDEX IF NOT EXISTS positions_fix_time ON positions(fix_time_ms);

-- Rejected fixes counted by reason (FixRejectReason), and other ingest counters, kept across restarts.
CREATE TABLE IF NOT EXISTS tracking_counters (
  name TEXT PRIMARY KEY,
  count INTEGER NOT NULL DEFAULT 0
);

-- The SOS button's state per worker (the newest press or clear wins).
CREATE TABLE IF NOT EXISTS worker_sos (
  worker_id INTEGER PRIMARY KEY REFERENCES workers(id),
  active INTEGER NOT NULL,
  at_ms INTEGER NOT NULL
);

-- ---- Incidents (DESIGN.md §3–4) ----

-- One row per incident: its current state (the columns lists filter on). The history is in
-- incident_transitions, escalations in incident_escalations.
CREATE TABLE IF NOT EXISTS incidents (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  category_code TEXT NOT NULL,
  priority TEXT NOT NULL,
  source TEXT NOT NULL,
  lon REAL NOT NULL,
  lat REAL NOT NULL,
  grid_code TEXT NOT NULL,
  description TEXT NOT NULL,
  state TEXT NOT NULL,
  department TEXT,
  assignee_username TEXT,
  reported_at_ms INTEGER NOT NULL,
  dispatched_at_ms INTEGER,
  due_at_ms INTEGER,
  evaluation_score INTEGER,
  updated_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS incidents_grid ON incidents(grid_code);
-- A grid that incidents lie in is never deleted: the cockpit's p90 finds an area's step waits
-- through the grids under it (store/rollupStatsRows.ts), while the rollups count every incident.
-- No code deletes grids (imports upsert them); this keeps it so. PostgreSQL: migration 0015.
CREATE TRIGGER IF NOT EXISTS grids_keep_incidents BEFORE DELETE ON grids
  WHEN EXISTS (SELECT 1 FROM incidents WHERE grid_code = OLD.code)
BEGIN
  SELECT RAISE(ABORT, 'a grid that incidents lie in cannot be deleted');
END;
CREATE INDEX IF NOT EXISTS incidents_state ON incidents(state);
CREATE INDEX IF NOT EXISTS incidents_assignee ON incidents(assignee_username);
CREATE INDEX IF NOT EXISTS incidents_reported ON incidents(reported_at_ms);

-- Every step of the loop: who, when, a note, attachments (JSON array of {name, mime, url}).
CREATE TABLE IF NOT EXISTS incident_transitions (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  step INTEGER NOT NULL,
  action TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor_username TEXT NOT NULL,
  actor_role TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  note TEXT NOT NULL,
  attachments TEXT NOT NULL,
  PRIMARY KEY (incident_id, step)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS incident_escalations (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  from_level_code TEXT NOT NULL,
  to_level_code TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  PRIMARY KEY (incident_id, at_ms, to_level_code)
) WITHOUT ROWID;

-- The /live feed: AUTOINCREMENT so a sequence is never reused, even after rows are deleted.
-- grid_code is the incident's grid, for the scope filter of a resync.
CREATE TABLE IF NOT EXISTS incident_events (
  sequence INTEGER PRIMARY KEY AUTOINCREMENT,
  incident_id TEXT NOT NULL,
  grid_code TEXT NOT NULL,
  event TEXT NOT NULL
);

-- Arrival on site of the assigned worker, once per dispatch.
CREATE TABLE IF NOT EXISTS incident_arrivals (
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  dispatched_at_ms INTEGER NOT NULL,
  worker_id INTEGER NOT NULL,
  arrived_at_ms INTEGER NOT NULL,
  confirmed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (incident_id, dispatched_at_ms)
) WITHOUT ROWID;

-- A device resends a report until acknowledged: (worker, client ref) creates one incident.
CREATE TABLE IF NOT EXISTS incident_device_reports (
  worker_id INTEGER NOT NULL,
  client_ref TEXT NOT NULL,
  incident_id TEXT NOT NULL REFERENCES incidents(id),
  PRIMARY KEY (worker_id, client_ref)
) WITHOUT ROWID;

-- Contact details a citizen left through Open311 (personal data: sealed at rest like persons'
-- identifiers, masked on the way out).
CREATE TABLE IF NOT EXISTS incident_reporters (
  incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
  name_sealed BLOB NOT NULL,
  phone_sealed BLOB NOT NULL,
  email_sealed BLOB NOT NULL
) WITHOUT ROWID;

-- What an Open311 create brought besides the report: the token it answered with (GET
-- tokens/{token}) and the address the reporter typed (public, masked like the description).
CREATE TABLE IF NOT EXISTS incident_open311 (
  incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
  token TEXT NOT NULL UNIQUE,
  address TEXT NOT NULL
) WITHOUT ROWID;

-- The answer to a reporter when their incident closes (decision 0026), written in the closing
-- change's own transaction: channel 'hotline' (the desk's call-back list), 'partner' (a partner
-- platform's callback adapter) or 'citizen' (the resident page reads it through Open311).
-- closing_note is the verifier's note as written (served masked); done_at_ms marks a call-back
-- made or a callback delivered.
CREATE TABLE IF NOT EXISTS reporter_answers (
  incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
  channel TEXT NOT NULL CHECK (channel IN ('hotline', 'partner', 'citizen')),
  partner TEXT,
  closed_state TEXT NOT NULL,
  closing_note TEXT NOT NULL,
  closed_at_ms INTEGER NOT NULL,
  grid_code TEXT NOT NULL,
  done_at_ms INTEGER,
  done_by TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reporter_answers_waiting ON reporter_answers (channel, done_at_ms);

-- Attempts to hand a partner's answer to its callback URL (the outbox's delivery state): how
-- many were made, the last error, and when the next one is due (NULL: none will be made, the
-- partner reads the answer by polling). Reset when the incident is closed again.
CREATE TABLE IF NOT EXISTS partner_callback_attempts (
  incident_id TEXT PRIMARY KEY REFERENCES reporter_answers(incident_id),
  attempts INTEGER NOT NULL,
  last_error TEXT,
  last_attempt_at_ms INTEGER,
  next_attempt_at_ms INTEGER
) WITHOUT ROWID;

-- The reporter's satisfaction with a closed incident (满意 / 基本满意 / 不满意), once per
-- incident: the evaluation shows it and an assessment groups by rating and channel.
CREATE TABLE IF NOT EXISTS incident_ratings (
  incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
  rating TEXT NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  channel TEXT NOT NULL CHECK (channel IN ('hotline', 'partner', 'citizen')),
  rated_by TEXT NOT NULL,
  rated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- ---- Reveal limits and login lockout (reveal reasons, per-user reveal rate, account backoff) ----

-- The per-user reveal rate is counted from the audit log itself: no second count to drift.
CREATE INDEX IF NOT EXISTS audit_log_by_user_time ON audit_log (username, at);

-- Failed-login rounds per account ('account:<lower-cased name>') and per client address
-- ('address:<ip>'): a restart must not reopen the guessing.
CREATE TABLE IF NOT EXISTS login_lockouts (
  subject TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  lockouts INTEGER NOT NULL,
  locked_until_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Device cookies (auth/trustedDevices.ts): browsers that logged in to an account, by the sha256
-- of their token; such a browser is held by its own lockout, not the account's.
CREATE TABLE IF NOT EXISTS trusted_devices (
  token_hash TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS trusted_devices_user ON trusted_devices(username);
-- ---- Users, organisations and roles ----
-- Functional departments (职能部门): the offices incidents are transferred and assigned to.
CREATE TABLE IF NOT EXISTS departments (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL
);
-- ---- Data at rest: sealed identifiers and the tamper-evident audit log ----

-- Tail search reads the masked copies; exact lookup the keyed-hash indexes.
CREATE INDEX IF NOT EXISTS persons_id_tail ON persons(substr(id_number_masked, -4));
CREATE INDEX IF NOT EXISTS persons_phone_tail ON persons(substr(phone_masked, -4));
CREATE INDEX IF NOT EXISTS persons_id_index ON persons(id_number_index);
CREATE INDEX IF NOT EXISTS persons_phone_index ON persons(phone_index);

-- Where the audit chain starts after retention deleted its oldest rows: the id and hash of the
-- last deleted row (id 0 and '' while nothing was deleted).
CREATE TABLE IF NOT EXISTS audit_anchor (
  one INTEGER PRIMARY KEY CHECK (one = 1),
  last_deleted_id INTEGER NOT NULL,
  last_deleted_hash TEXT NOT NULL
);
INSERT OR IGNORE INTO audit_anchor (one, last_deleted_id, last_deleted_hash) VALUES (1, 0, '');

-- A row joins the chain only with the next id, the hash of the row before (or of the anchor) and
-- its own correct hash; audit_row_hash is defined by every connection the service opens
-- (openDatabase.ts), so a raw connection cannot even append.
CREATE TRIGGER IF NOT EXISTS audit_log_insert_chained BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT (SELECT COALESCE(MAX(id), (SELECT last_deleted_id FROM audit_anchor)) + 1 FROM audit_log)
  OR NEW.prev_hash IS NOT COALESCE(
    (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1),
    (SELECT last_deleted_hash FROM audit_anchor))
  OR NEW.hash IS NOT audit_row_hash(NEW.prev_hash, NEW.id, NEW.at, NEW.username, NEW.action,
    NEW.target_type, NEW.target_id, NEW.fields, NEW.reason)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: row out of chain');
END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END;
-- Retention only: the oldest row, and only once it is 180 days old (the legal minimum).
CREATE TRIGGER IF NOT EXISTS audit_log_retention_only BEFORE DELETE ON audit_log
WHEN OLD.id IS NOT (SELECT MIN(id) FROM audit_log)
  OR OLD.at >= strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-180 days')
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: only rows past retention, oldest first');
END;
CREATE TRIGGER IF NOT EXISTS audit_log_anchor_on_delete AFTER DELETE ON audit_log
BEGIN
  UPDATE audit_anchor SET last_deleted_id = OLD.id, last_deleted_hash = OLD.hash WHERE one = 1;
END;
CREATE TRIGGER IF NOT EXISTS audit_anchor_follows_retention BEFORE UPDATE ON audit_anchor
WHEN NEW.last_deleted_id <= OLD.last_deleted_id
  OR EXISTS (SELECT 1 FROM audit_log WHERE id <= NEW.last_deleted_id)
BEGIN
  SELECT RAISE(ABORT, 'audit_anchor moves only with a retention delete');
END;
CREATE TRIGGER IF NOT EXISTS audit_anchor_no_delete BEFORE DELETE ON audit_anchor
BEGIN
  SELECT RAISE(ABORT, 'audit_anchor cannot be deleted');
END;
-- ---- Resident search indexes (docs/decisions/0015-search-index.md) ----
-- Text search never scans persons or buildings: text of 3+ characters is found through FTS5
-- trigram indexes, 1-2 character text through the gram tables below. Both are
-- candidate sets only: the search re-checks the exact LIKE on the rows, so results are those
-- of a plain substring scan. Triggers keep them current; openDatabase backfills old files.
CREATE VIRTUAL TABLE IF NOT EXISTS persons_name_fts USING fts5(
  name, content = 'persons', content_rowid = 'id', tokenize = 'trigram'
);
CREATE VIRTUAL TABLE IF NOT EXISTS buildings_text_fts USING fts5(
  name, name_en, address, content = 'buildings', content_rowid = 'id', tokenize = 'trigram'
);

-- Positions 1..64 of a name whose grams are indexed; longer names are found through
-- persons_long_name instead.
CREATE TABLE IF NOT EXISTS search_gram_positions (k INTEGER PRIMARY KEY);
INSERT OR IGNORE INTO search_gram_positions (k)
  WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 64) SELECT k FROM n;

-- Every 2-character window of a name (and its last character), ASCII-lower-cased as LIKE
-- compares: a 1-2 character query is a range on gram.
CREATE TABLE IF NOT EXISTS person_name_grams (
  gram TEXT NOT NULL,
  person_id INTEGER NOT NULL,
  PRIMARY KEY (gram, person_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS persons_long_name ON persons(id) WHERE length(name) > 64;

-- The same windows over a building's name, English name and address.
CREATE TABLE IF NOT EXISTS building_text_grams (
  gram TEXT NOT NULL,
  building_id INTEGER NOT NULL,
  PRIMARY KEY (gram, building_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS buildings_long_text ON buildings(id)
  WHERE length(name) > 64 OR length(name_en) > 64 OR length(address) > 64;

-- The backfill's version: openDatabase rebuilds the indexes when it differs.
CREATE TABLE IF NOT EXISTS search_index_state (
  name TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);

CREATE TRIGGER IF NOT EXISTS persons_search_insert AFTER INSERT ON persons BEGIN
  INSERT INTO persons_name_fts (rowid, name) VALUES (new.id, new.name);
  INSERT OR IGNORE INTO person_name_grams (gram, person_id)
    SELECT lower(substr(new.name, k, 2)), new.id FROM search_gram_positions
    WHERE k <= length(new.name);
END;
CREATE TRIGGER IF NOT EXISTS persons_search_delete AFTER DELETE ON persons BEGIN
  INSERT INTO persons_name_fts (persons_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
  DELETE FROM person_name_grams WHERE person_id = old.id AND gram IN (
    SELECT lower(substr(old.name, k, 2)) FROM search_gram_positions WHERE k <= length(old.name)
  );
END;
CREATE TRIGGER IF NOT EXISTS persons_search_update AFTER UPDATE OF id, name ON persons BEGIN
  INSERT INTO persons_name_fts (persons_name_fts, rowid, name) VALUES ('delete', old.id, old.name);
  DELETE FROM person_name_grams WHERE person_id = old.id AND gram IN (
    SELECT lower(substr(old.name, k, 2)) FROM search_gram_positions WHERE k <= length(old.name)
  );
  INSERT INTO persons_name_fts (rowid, name) VALUES (new.id, new.name);
  INSERT OR IGNORE INTO person_name_grams (gram, person_id)
    SELECT lower(substr(new.name, k, 2)), new.id FROM search_gram_positions
    WHERE k <= length(new.name);
END;

CREATE TRIGGER IF NOT EXISTS buildings_search_insert AFTER INSERT ON buildings BEGIN
  INSERT INTO buildings_text_fts (rowid, name, name_en, address)
    VALUES (new.id, new.name, new.name_en, new.address);
  INSERT OR IGNORE INTO building_text_grams (gram, building_id)
    SELECT lower(substr(t.text, k, 2)), new.id
    FROM (SELECT new.name AS text UNION ALL SELECT new.name_en UNION ALL SELECT new.address) t
    JOIN search_gram_positions ON k <= length(t.text);
END;
CREATE TRIGGER IF NOT EXISTS buildings_search_delete AFTER DELETE ON buildings BEGIN
  INSERT INTO buildings_text_fts (buildings_text_fts, rowid, name, name_en, address)
    VALUES ('delete', old.id, old.name, old.name_en, old.address);
  DELETE FROM building_text_grams WHERE building_id = old.id AND gram IN (
    SELECT lower(substr(t.text, k, 2))
    FROM (SELECT old.name AS text UNION ALL SELECT old.name_en UNION ALL SELECT old.address) t
    JOIN search_gram_positions ON k <= length(t.text)
  );
END;
CREATE TRIGGER IF NOT EXISTS buildings_search_update
AFTER UPDATE OF id, name, name_en, address ON buildings BEGIN
  INSERT INTO buildings_text_fts (buildings_text_fts, rowid, name, name_en, address)
    VALUES ('delete', old.id, old.name, old.name_en, old.address);
  DELETE FROM building_text_grams WHERE building_id = old.id AND gram IN (
    SELECT lower(substr(t.text, k, 2))
    FROM (SELECT old.name AS text UNION ALL SELECT old.name_en UNION ALL SELECT old.address) t
    JOIN search_gram_positions ON k <= length(t.text)
  );
  INSERT INTO buildings_text_fts (rowid, name, name_en, address)
    VALUES (new.id, new.name, new.name_en, new.address);
  INSERT OR IGNORE INTO building_text_grams (gram, building_id)
    SELECT lower(substr(t.text, k, 2)), new.id
    FROM (SELECT new.name AS text UNION ALL SELECT new.name_en UNION ALL SELECT new.address) t
    JOIN search_gram_positions ON k <= length(t.text);
END;
-- A file that gets these tables when created has its triggers from the first row on; the
-- version is searchIndex.ts's SEARCH_INDEX_VERSION.
INSERT OR IGNORE INTO search_index_state (name, version) VALUES ('residents', 2);
-- ---- Imported buildings (footprints from GeoJSON/Shapefile, any polygon) ----

-- Where an imported building came from and what the wings cannot hold: the source file's key
-- (re-imports update by it), the height of its base above the ellipsoid's terrain (podiums,
-- buildings on a slope), the kind as the file wrote it, and a hash of what was imported (equal
-- hash: unchanged, nothing rewritten, no tile rebuilt).
CREATE TABLE IF NOT EXISTS building_sources (
  building_id INTEGER PRIMARY KEY REFERENCES buildings(id),
  source_key TEXT NOT NULL UNIQUE,
  base_height_m REAL NOT NULL DEFAULT 0,
  source_kind TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL
);

-- The exact footprint of a unit whose building is not made of wings: GeoJSON polygon rings
-- (outer first, then holes) in local metres east/north of the building's origin. The tiles and
-- the unit volumes use it instead of the wing slice.
CREATE TABLE IF NOT EXISTS unit_shapes (
  unit_id INTEGER PRIMARY KEY REFERENCES units(id),
  rings TEXT NOT NULL
);
-- ---- Register imports (人房关联): batches, their journal for rollback, moves, person details ----

-- One committed import. changes: JSON ImportChanges. Rolled back batches keep their row.
CREATE TABLE IF NOT EXISTS import_batches (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  file_name TEXT NOT NULL,
  file_sha256 TEXT NOT NULL,
  actor TEXT NOT NULL,
  created_at TEXT NOT NULL,
  rows INTEGER NOT NULL,
  accepted INTEGER NOT NULL,
  rejected INTEGER NOT NULL,
  changes TEXT NOT NULL,
  rolled_back_at TEXT,
  rolled_back_by TEXT
);

-- What a batch did, in order, so that rollback can undo it: a created row is deleted, an
-- updated or moved one is restored from `before` (an opaque snapshot written by personStore).
-- last_target_id: a 'created' change may stand for the rows target_id..last_target_id, all
-- created by the batch in that order (a bulk write's run of new ids); NULL for one row. Files
-- made before it gain the column in SQLite migration 2 (sqliteMigrations.ts).
CREATE TABLE IF NOT EXISTS import_batch_changes (
  batch_id TEXT NOT NULL REFERENCES import_batches(id),
  seq INTEGER NOT NULL,
  target_type TEXT NOT NULL CHECK (target_type IN ('person', 'household', 'lease')),
  target_id INTEGER NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('created', 'updated', 'moved')),
  before TEXT,
  last_target_id INTEGER,
  PRIMARY KEY (batch_id, seq)
) WITHOUT ROWID;

-- Register fields the generated district does not have. category: registered (户籍), floating
-- (流动), foreign (境外), lodging (寄住); other_tags: tags as written that have no code;
-- permit_expires: the residence permit's (居住证) last day, for floating people.
CREATE TABLE IF NOT EXISTS person_details (
  person_id INTEGER PRIMARY KEY REFERENCES persons(id) ON DELETE CASCADE,
  category TEXT NOT NULL CHECK (category IN ('registered', 'floating', 'foreign', 'lodging')),
  ethnicity TEXT NOT NULL DEFAULT '',
  hukou_address TEXT NOT NULL DEFAULT '',
  other_tags TEXT NOT NULL DEFAULT '',
  permit_expires TEXT
);
CREATE INDEX IF NOT EXISTS person_details_permit ON person_details(permit_expires);

-- A person's earlier homes: a re-import that finds them in another unit keeps the history.
CREATE TABLE IF NOT EXISTS person_moves (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
  from_unit_id INTEGER NOT NULL,
  to_unit_id INTEGER NOT NULL,
  batch_id TEXT,
  moved_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS person_moves_person ON person_moves(person_id);
CREATE INDEX IF NOT EXISTS person_moves_batch ON person_moves(batch_id);

-- Registrations and departures of the register, counted per base grid and district day (the
-- start of the day, epoch ms). Kept by triggers on persons and households (statsRollupTriggers.ts),
-- so every writer is counted; a move between grids is a departure from the old grid and a
-- registration in the new one. History: it cannot be recomputed from the register, so no
-- rebuild drops it. Counts only: no person id, name or exact time, so an erased person leaves
-- nothing here that points at them. demo: 1 for the generated demo history (replaced at each
-- demo start), 0 for what the triggers counted.
CREATE TABLE IF NOT EXISTS register_movements (
  grid_code TEXT NOT NULL,
  day_ms INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('registration', 'departure')),
  demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1)),
  count INTEGER NOT NULL CHECK (count >= 0),
  PRIMARY KEY (grid_code, day_ms, kind, demo)
) WITHOUT ROWID;

-- Rental housing (出租房屋): one lease of a unit, its landlord and tenants (names as written).
CREATE TABLE IF NOT EXISTS rental_leases (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  landlord_name TEXT NOT NULL,
  tenants TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  batch_id TEXT
);
CREATE INDEX IF NOT EXISTS rental_leases_unit ON rental_leases(unit_id);
CREATE INDEX IF NOT EXISTS rental_leases_end ON rental_leases(end_date);
-- ---- Assessment (考核): the versioned scoring scheme (docs/decisions/0028) ----

-- One row per version; a version is never changed once written. A period is scored with the
-- version in force on its first district day (latest effective_from, then highest version).
-- scheme: JSON AssessmentScheme (src/domain/assessment/assessmentScheme.ts).
CREATE TABLE IF NOT EXISTS assessment_schemes (
  version INTEGER PRIMARY KEY,
  effective_from TEXT NOT NULL,
  scheme TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE TRIGGER IF NOT EXISTS assessment_schemes_no_update BEFORE UPDATE ON assessment_schemes
BEGIN
  SELECT RAISE(ABORT, 'assessment scheme versions are never changed: write a new version');
END;
CREATE TRIGGER IF NOT EXISTS assessment_schemes_no_delete BEFORE DELETE ON assessment_schemes
BEGIN
  SELECT RAISE(ABORT, 'assessment scheme versions are kept');
END;

-- Patrol coverage's cells per worker and district day (derived from positions, so personal data:
-- the positions' retention purge deletes them too). A day's row is valid while the day still has
-- fix_count fixes; a late upload or a purge changes the count and the day is read again.
-- cells: JSON array of cell indexes, x and y alternating (sqliteAssessmentStore.ts).
CREATE TABLE IF NOT EXISTS patrol_day_cells (
  worker_id INTEGER NOT NULL,
  day_start_ms INTEGER NOT NULL,
  cell_deg REAL NOT NULL,
  max_accuracy_m REAL NOT NULL,
  fix_count INTEGER NOT NULL,
  cells TEXT NOT NULL,
  PRIMARY KEY (worker_id, day_start_ms, cell_deg, max_accuracy_m)
) WITHOUT ROWID;

-- ---- Change requests from grid workers' phones (docs/decisions/0025) ----

-- One visit log (民情日志, recorded at once) or one change to a household (reviewed on the wall
-- before anything in the register changes). (worker_id, client_id) makes a resend from the
-- phone's outbox a no-op. change: JSON of the kind's fields without identifiers; a phone or ID
-- number it carries is sealed here (sealedIdentifiers.ts) with a masked copy, never stored clear.
-- base_version / base_view: the target's keyed-hash version and masked view as the phone saw
-- them, compared with the register's at review (a conflict is shown, not hidden).
CREATE TABLE IF NOT EXISTS register_requests (
  id INTEGER PRIMARY KEY,
  worker_id INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  household_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  grid_code TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('visit', 'move_in', 'move_out', 'phone', 'tags', 'rental')),
  person_id INTEGER,
  change TEXT NOT NULL,
  phone_sealed BLOB,
  phone_masked TEXT,
  id_number_sealed BLOB,
  id_number_masked TEXT,
  base_version TEXT NOT NULL,
  base_view TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('recorded', 'pending', 'approved', 'rejected')),
  observed_at TEXT NOT NULL,
  submitted_at TEXT NOT NULL,
  reviewed_by TEXT,
  reviewed_at TEXT,
  review_reason TEXT,
  -- the conflict the reviewer approved over (JSON {seen, now}), kept with the history
  conflict TEXT,
  UNIQUE (worker_id, client_id)
);
CREATE INDEX IF NOT EXISTS register_requests_status ON register_requests(status, grid_code);
CREATE INDEX IF NOT EXISTS register_requests_unit ON register_requests(unit_id);

-- Door-knocking in an emergency scenario: a household is claimed for one task per scenario (the
-- key), so assignments made at once, on one node or several, send it once; the task's incident
-- is named once created (NULL until then: a claim left without one is free again later).
CREATE TABLE IF NOT EXISTS door_knock_tasks (
  scenario_id TEXT NOT NULL,
  household_id INTEGER NOT NULL,
  incident_id TEXT,
  claimed_at_ms INTEGER NOT NULL,
  PRIMARY KEY (scenario_id, household_id)
) WITHOUT ROWID;

-- Emergency records (docs/decisions/0034): hazard sources, resources, shelters, sensors, video
-- points and plans in one table; `attributes` is the kind's fields as JSON (checked by
-- src/domain/emergency/records before any write). A contact phone is sealed, never in the JSON.
CREATE TABLE IF NOT EXISTS emergency_records (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('hazard', 'resource', 'shelter', 'sensor', 'video', 'plan')),
  name TEXT NOT NULL,
  lon REAL,
  lat REAL,
  grid_code TEXT,
  attributes TEXT NOT NULL,
  contact_sealed BLOB,
  contact_masked TEXT,
  -- 1 for the generated demo set (演示数据), replaced as a whole at each demo start
  demo INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL,
  UNIQUE (kind, name)
);
CREATE INDEX IF NOT EXISTS emergency_records_kind ON emergency_records(kind, name);

-- A sensor's device tokens (sha-256 only, as device_tokens; docs/decisions/0004).
CREATE TABLE IF NOT EXISTS sensor_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  sensor_id INTEGER NOT NULL REFERENCES emergency_records(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  revoked_at TEXT
);

-- Readings; (sensor, reading time) is the dedupe key: a resent reading is stored once.
CREATE TABLE IF NOT EXISTS sensor_readings (
  sensor_id INTEGER NOT NULL,
  reading_ms INTEGER NOT NULL,
  value REAL NOT NULL,
  received_ms INTEGER NOT NULL,
  PRIMARY KEY (sensor_id, reading_ms)
) WITHOUT ROWID;

-- Per sensor: the newest reading, whether it went silent, and the incident its last sustained
-- exceedance raised (no new one while that incident is open).
CREATE TABLE IF NOT EXISTS sensor_states (
  sensor_id INTEGER PRIMARY KEY REFERENCES emergency_records(id) ON DELETE CASCADE,
  last_reading_ms INTEGER,
  last_value REAL,
  stale INTEGER NOT NULL DEFAULT 0,
  alarm_incident_id TEXT
);

-- ---- Emergency command (docs/decisions/0037) ----
-- An emergency event (应急事件): opened by hand or when a scenario starts, kept after a restart,
-- at most one active at a time. The current plan's name and units are copied from its record
-- (a later edit of the record does not rewrite what was activated); plan_seq counts activations.
CREATE TABLE IF NOT EXISTS command_events (
  id INTEGER PRIMARY KEY,
  title TEXT NOT NULL,
  incident_type TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('IV', 'III', 'II', 'I')),
  status TEXT NOT NULL CHECK (status IN ('active', 'terminated')),
  scenario_id TEXT,
  plan_record_id INTEGER,
  plan_name TEXT,
  plan_units TEXT NOT NULL DEFAULT '[]',
  plan_seq INTEGER NOT NULL DEFAULT 0,
  opened_at_ms INTEGER NOT NULL,
  opened_by TEXT NOT NULL,
  terminated_at_ms INTEGER,
  terminated_by TEXT,
  summary TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS command_events_one_active
  ON command_events(status) WHERE status = 'active';

-- The steps of each activated plan (plan_seq) with who ticked them, when, and a note.
CREATE TABLE IF NOT EXISTS command_checklist (
  event_id INTEGER NOT NULL REFERENCES command_events(id),
  plan_seq INTEGER NOT NULL,
  step_index INTEGER NOT NULL,
  text TEXT NOT NULL,
  done_at_ms INTEGER,
  done_by TEXT,
  note TEXT,
  PRIMARY KEY (event_id, plan_seq, step_index)
) WITHOUT ROWID;

-- One timeline of everything: payload is JSON of plain values (no resident's name, ID or phone).
CREATE TABLE IF NOT EXISTS command_timeline (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id INTEGER NOT NULL REFERENCES command_events(id),
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS command_timeline_event ON command_timeline(event_id, id);

-- The release steps of the event's scenario, so that a restart can bring the scenario back.
CREATE TABLE IF NOT EXISTS command_scenario_steps (
  event_id INTEGER NOT NULL REFERENCES command_events(id),
  scenario_id TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  request TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS command_scenario_steps_event ON command_scenario_steps(event_id, at_ms);

-- One message per household and channel in an event, with its honest state
-- (src/domain/emergency/command/notificationState.ts); a failed one is resent in place.
-- The phone is only masked here; the number itself waits sealed in message_outbox.
CREATE TABLE IF NOT EXISTS command_notifications (
  id INTEGER PRIMARY KEY,
  event_id INTEGER NOT NULL REFERENCES command_events(id),
  household_id INTEGER NOT NULL,
  grid_code TEXT NOT NULL,
  building_name TEXT NOT NULL,
  room_label TEXT NOT NULL,
  tier TEXT NOT NULL,
  channel TEXT NOT NULL CHECK (channel IN ('sms', 'voice')),
  phone_masked TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('outbox', 'sent', 'delivered', 'acknowledged', 'failed')),
  gateway TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  error TEXT,
  created_at_ms INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  acknowledged_by TEXT,
  note TEXT,
  UNIQUE (event_id, household_id, channel)
);

-- Messages the default gateway wrote instead of sending: the number sealed as persons' phones.
CREATE TABLE IF NOT EXISTS message_outbox (
  id INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL REFERENCES command_notifications(id),
  channel TEXT NOT NULL,
  phone_sealed BLOB NOT NULL,
  -- keyed-hash index as persons.phone_index: a person's erasure removes their waiting messages
  phone_index BLOB NOT NULL,
  phone_masked TEXT NOT NULL,
  text TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS message_outbox_phone ON message_outbox(phone_index);

-- Several server processes on this file (docs/decisions/0039): the one whose lease is live runs
-- the background jobs; another takes the row over once `expires_at_ms` has passed.
CREATE TABLE IF NOT EXISTS cluster_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL
);

-- Rate-limit windows shared by several server processes (docs/decisions/0039): one row per
-- limit and key (a client address, a device id) while its window lasts.
CREATE TABLE IF NOT EXISTS rate_limit_windows (
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  window_start_ms INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (name, key)
) WITHOUT ROWID;

-- Residents' proofs of work already used, shared by several server processes (docs/decisions/
-- 0039): a proof is good once; the row goes once the proof would have expired anyway.
CREATE TABLE IF NOT EXISTS used_resident_proofs (
  stamp TEXT PRIMARY KEY,
  forget_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
