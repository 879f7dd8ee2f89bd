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
  id_number TEXT NOT NULL,
  phone TEXT,
  relation TEXT NOT NULL,
  -- comma-separated PersonTag codes (src/domain/registry.ts), '' when none
  tags TEXT NOT NULL DEFAULT '',
  -- 1 for generated demo people: their ID numbers are synthetic
  synthetic INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS persons_household ON persons(household_id);
CREATE INDEX IF NOT EXISTS persons_name ON persons(name);
CREATE INDEX IF NOT EXISTS persons_id_tail ON persons(substr(id_number, -4));
CREATE INDEX IF NOT EXISTS persons_phone_tail ON persons(substr(phone, -4));

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
  role TEXT NOT NULL CHECK (role IN ('admin', 'dispatcher', 'viewer')),
  -- JSON array of grid-code prefixes this user may see
  scopes TEXT NOT NULL,
  -- 1 for the demo accounts whose password npm start sets
  demo INTEGER NOT NULL DEFAULT 0
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
  reason TEXT NOT NULL DEFAULT ''
);

-- ---- Live tracking (issue 3, DESIGN.md §3–4) ----

-- Grid workers, each bound to one or more base grids. Synthetic (demo) workers are generated.
CREATE TABLE IF NOT EXISTS workers (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  phone TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE IF NOT EXISTS worker_grids (
  worker_id INTEGER NOT NULL REFERENCES workers(id),
  grid_code TEXT NOT NULL REFERENCES grids(code),
  PRIMARY KEY (worker_id, grid_code)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS worker_grids_grid ON worker_grids(grid_code);

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

-- ---- Incidents (issue 4, DESIGN.md §3–4) ----

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

-- Contact details a citizen left through Open311 (personal data: masked on the way out).
CREATE TABLE IF NOT EXISTS incident_reporters (
  incident_id TEXT PRIMARY KEY REFERENCES incidents(id),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT NOT NULL
) WITHOUT ROWID;
