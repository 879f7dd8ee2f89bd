-- Search plans (docs/decisions/0040-postgresql.md, search at city size). registry_text_grams is
-- only meant to be read from its GIN indexes (persons_name_grams, buildings_text_grams); computed
-- on a row it costs 0.1-2 ms (every character and 2-character window of a building's name,
-- English name and address, made distinct). At the default cost (100) the planner judged it
-- cheap and, for a broad query, scanned buildings computing it on every one: 1,500 buildings for
-- an address search took 2-3 s. Its real cost makes the planner read the index and compute it on
-- no row, or on the few rows a LIKE has already kept.
ALTER FUNCTION registry_text_grams(text) COST 10000;
