-- Users, their sessions and the functional departments (AuthRepository, UserAdminRepository;
-- schema.sql's users part). Sessions live here and not in a node's memory: a session opened
-- through one node is valid on every node of the database. Times of sessions are ISO-8601 text,
-- as on SQLite, compared byte by byte (COLLATE "C") so that text order is time order whatever the
-- database's collation.
CREATE TABLE users (
  username text PRIMARY KEY,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  -- The roles of src/shared/api.ts.
  role text NOT NULL CHECK (role IN ('leader', 'dispatcher', 'grid_worker', 'department_handler',
    'viewer', 'auditor', 'admin', 'hotline_operator')),
  -- Grid-code prefixes this user may see.
  scopes text[] NOT NULL,
  -- true for the demo accounts whose password npm start sets
  demo boolean NOT NULL DEFAULT false,
  -- A disabled user cannot log in and has no sessions; kept for the history that names them.
  disabled boolean NOT NULL DEFAULT false,
  -- true after an administrator's reset: only the password change is allowed until it is done.
  must_change_password boolean NOT NULL DEFAULT false,
  -- The functional department (departments.code) a department handler works for; no foreign
  -- key, as on SQLite.
  department text
);

-- Stored by the sha256 of the token only.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  username text NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  created_at text COLLATE "C" NOT NULL,
  expires_at text COLLATE "C" NOT NULL
);
CREATE INDEX sessions_user ON sessions(username);

CREATE TABLE departments (
  code text PRIMARY KEY,
  name text NOT NULL,
  name_en text NOT NULL
);

-- The phone app's account of a grid worker (0002) goes with its user, as on SQLite. Trusted
-- devices and lockouts (0003) keep no foreign key: SQLite has none (a lockout counts names that
-- do not exist).
ALTER TABLE worker_accounts
  ADD CONSTRAINT worker_accounts_user FOREIGN KEY (username) REFERENCES users(username)
  ON DELETE CASCADE;
