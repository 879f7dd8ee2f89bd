-- PostGIS: the spatial questions (point in grid, nearest workers, zone contains building) are
-- asked of geometry columns in WGS 84 (SRID 4326) with GiST indexes.
CREATE EXTENSION IF NOT EXISTS postgis;
