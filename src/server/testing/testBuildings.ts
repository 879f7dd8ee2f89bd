/**
 * The test district's buildings with their origin, grid and resident count, read from the
 * database the test server runs on (either engine), for tests that reason about who lives where.
 * Test support only.
 */
import type { TestServer } from './testServer';
import { runTestSql } from './testSql';

/** A plain object type (not an interface): the rows come back untyped. */
export type TestBuilding = {
  id: number;
  lon: number;
  lat: number;
  gridCode: string;
  residents: number;
};

/** Every building, in id order (the synthetic district puts them in a row from west to east). */
export async function listTestBuildings(
  server: Pick<TestServer, 'dbPath' | 'database'>,
): Promise<TestBuilding[]> {
  return (await runTestSql(
    server,
    'SELECT b.id, b.origin_lon AS lon, b.origin_lat AS lat, b.grid_code AS "gridCode", ' +
      '(SELECT COUNT(*) FROM units u JOIN households h ON h.unit_id = u.id ' +
      'JOIN persons p ON p.household_id = h.id WHERE u.building_id = b.id) AS residents ' +
      'FROM buildings b ORDER BY b.id',
  )) as TestBuilding[];
}
