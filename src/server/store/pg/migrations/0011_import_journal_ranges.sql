-- The import journal's created rows as id ranges (docs/decisions/0018-register-imports.md): a
-- 'created' change may stand for the rows target_id..last_target_id, all created by the batch in
-- that order; NULL for one row. A register import journals each run of new households and
-- persons as one row instead of a row per created row (a million rows at a million residents).
ALTER TABLE import_batch_changes ADD COLUMN last_target_id integer;
