-- The answers owed to reporters, their ratings, and the partners' callback attempts
-- (ReporterAnswerRepository, PartnerDeliveryRepository; schema.sql's reporter answers). The
-- incidents' migration adds the foreign keys to incidents(id) and writes an answer in the
-- closing change's transaction (writePostgresReporterAnswer). Incident ids and grid codes compare
-- byte by byte (COLLATE "C"), as on SQLite: a scope is a range of codes, and the oldest-first
-- lists break ties by id.
CREATE TABLE reporter_answers (
  incident_id text COLLATE "C" PRIMARY KEY,
  channel text NOT NULL CHECK (channel IN ('hotline', 'partner', 'citizen')),
  partner text,
  closed_state text NOT NULL,
  closing_note text NOT NULL,
  closed_at_ms bigint NOT NULL,
  grid_code text COLLATE "C" NOT NULL,
  done_at_ms bigint,
  done_by text
);
CREATE INDEX reporter_answers_waiting ON reporter_answers (channel, done_at_ms);

-- NULL next_attempt_at_ms: no further attempt (delivered, or tried the most times allowed).
CREATE TABLE partner_callback_attempts (
  incident_id text COLLATE "C" PRIMARY KEY REFERENCES reporter_answers(incident_id),
  attempts integer NOT NULL,
  last_error text,
  last_attempt_at_ms bigint,
  next_attempt_at_ms bigint
);

CREATE TABLE incident_ratings (
  incident_id text COLLATE "C" PRIMARY KEY,
  rating text NOT NULL CHECK (rating IN ('satisfied', 'basically_satisfied', 'dissatisfied')),
  channel text NOT NULL CHECK (channel IN ('hotline', 'partner', 'citizen')),
  rated_by text NOT NULL,
  rated_at_ms bigint NOT NULL
);
