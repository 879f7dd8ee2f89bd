-- A grid that incidents lie in is never deleted: the cockpit's p90 finds an area's step waits
-- through the grids under it (postgresRollupStats.ts), while the rollups count every incident.
-- No code deletes grids (imports upsert them); this keeps it so. SQLite: schema.sql's trigger of
-- the same name. Not a foreign key: incidents' grid codes were never checked against the grid
-- table, and a key would be validated over every incident of a city at this migration.
CREATE FUNCTION grids_keep_incidents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM incidents WHERE grid_code = OLD.code) THEN
    RAISE EXCEPTION 'a grid that incidents lie in cannot be deleted' USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER grids_keep_incidents BEFORE DELETE ON grids
  FOR EACH ROW EXECUTE FUNCTION grids_keep_incidents();
