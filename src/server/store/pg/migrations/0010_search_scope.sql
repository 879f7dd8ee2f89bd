-- Search inside a scope (docs/decisions/0040-postgresql.md, search at city size). A person's scope
-- is their building's base grid, three joins away (persons -> households -> units -> buildings):
-- to count a common name's matches inside a scope, or to page them, the search joined every match
-- to its building, and a grid worker searching a surname that a tenth of the city bears walked
-- the matches outside their grid one join chain at a time; a search by a building's address
-- walked persons in id order through the same chain. Persons now carry their building and its
-- grid code themselves: a scope is one range of (grid_code, id) on persons, a match is checked
-- without a join, and the residents of matching buildings are one index range per building.
--
-- Both columns are derived, never written by the service: the triggers below keep them equal to
-- the household's unit's building whoever writes (the service, imports, moves, db:copy's COPY, a
-- building given another grid by an import). NULL only where the household does not exist, which
-- the foreign key refuses anyway; a NULL grid code is inside no scope.
ALTER TABLE persons ADD COLUMN building_id integer, ADD COLUMN grid_code text COLLATE "C";

-- Rows already there (a district copied before this migration), in one join before the triggers
-- exist. Only derived columns change, which no rollup counts: the rollups' triggers are paused
-- for it (a transition table of every person would otherwise be refreshed for nothing). The
-- fill writes a new version of every person row: persons' secondary indexes are dropped first
-- and built again after it (one sort each instead of an insertion per row and index; on a
-- 10 M-resident database the fill with the indexes in place took most of 49 minutes, in this
-- one transaction). The names' index is built again below on its new function anyway.
DROP INDEX persons_name_grams;
CREATE TEMPORARY TABLE persons_indexes_0010 ON COMMIT DROP AS
  SELECT i.indexname, i.indexdef FROM pg_indexes i
  WHERE i.schemaname = current_schema() AND i.tablename = 'persons'
    AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'persons'::regclass);
DO $$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN SELECT indexname FROM persons_indexes_0010 LOOP
    EXECUTE format('DROP INDEX %I', dropped.indexname);
  END LOOP;
END $$;
SELECT set_config('gcc.stats_rollups', 'paused', true);
UPDATE persons p SET building_id = b.id, grid_code = b.grid_code
  FROM households h, units u, buildings b
  WHERE h.id = p.household_id AND u.id = h.unit_id AND b.id = u.building_id;
SELECT set_config('gcc.stats_rollups', '', true);
DO $$
DECLARE
  dropped record;
BEGIN
  FOR dropped IN SELECT indexdef FROM persons_indexes_0010 LOOP
    EXECUTE dropped.indexdef;
  END LOOP;
END $$;

CREATE FUNCTION persons_place_derived() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT b.id, b.grid_code INTO NEW.building_id, NEW.grid_code
    FROM households h JOIN units u ON u.id = h.unit_id JOIN buildings b ON b.id = u.building_id
    WHERE h.id = NEW.household_id;
  IF NOT FOUND THEN
    NEW.building_id := NULL;
    NEW.grid_code := NULL;
  END IF;
  RETURN NEW;
END $$;
-- Also on an update naming the derived columns: nobody sets them by hand; the cascades below
-- name them to have them derived again.
CREATE TRIGGER persons_place_derived
  BEFORE INSERT OR UPDATE OF household_id, building_id, grid_code ON persons
  FOR EACH ROW EXECUTE FUNCTION persons_place_derived();

-- A household moved to another unit, a unit to another building, a building to another grid:
-- its persons' columns are derived again.
CREATE FUNCTION persons_place_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'households' THEN
    UPDATE persons SET grid_code = NULL WHERE household_id = NEW.id;
  ELSIF TG_TABLE_NAME = 'units' THEN
    UPDATE persons p SET grid_code = NULL FROM households h
      WHERE h.unit_id = NEW.id AND p.household_id = h.id;
  ELSE
    UPDATE persons SET grid_code = NULL WHERE building_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER persons_place_follows AFTER UPDATE OF unit_id ON households FOR EACH ROW
  WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION persons_place_follows();
CREATE TRIGGER persons_place_follows AFTER UPDATE OF building_id ON units FOR EACH ROW
  WHEN (OLD.building_id IS DISTINCT FROM NEW.building_id) EXECUTE FUNCTION persons_place_follows();
CREATE TRIGGER persons_place_follows AFTER UPDATE OF grid_code ON buildings FOR EACH ROW
  WHEN (OLD.grid_code IS DISTINCT FROM NEW.grid_code) EXECUTE FUNCTION persons_place_follows();

-- A scope's persons in id order (one range per scope prefix); a building's persons in id order.
CREATE INDEX persons_grid ON persons (grid_code, id);
CREATE INDEX persons_building ON persons (building_id, id);

-- Names' windows at an honest cost. registry_text_grams costs 10,000 (0009) for the buildings'
-- three long texts; charged on every name the planner would check, it never walked persons in id
-- order for a page, and read and sorted every match of a character about 1 % of names bear
-- (11,104 at 1 M residents: 49 ms, the walk 9 ms). A name's windows cost what the default says:
-- registry_text_grams itself, behind PL/pgSQL so that the planner does not inline it (and its
-- cost) back.
CREATE FUNCTION registry_name_grams(value text) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE
  AS $$ BEGIN RETURN registry_text_grams(value); END $$;
CREATE INDEX persons_name_grams ON persons USING gin ((registry_name_grams(name)));
