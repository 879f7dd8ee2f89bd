/**
 * The 3D Tiles are served without login (a wall or a visiting delegation loads the city before
 * anyone signs in, and the geometry is public anyway), so they must carry nothing personal: the
 * only per-feature data is the key a pick resolves (unit id, building id, floor), and no
 * resident's name, ID number or phone appears anywhere in tileset.json or a tile.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDistrict } from '../district/generateDistrict';
import { buildTileset } from './buildTileset';
import type { TileJson, TilesetJson } from './tilesetJson';
import {
  BUILDING_ID_PROPERTY,
  FLOOR_PROPERTY,
  UNIT_CLASS,
  UNIT_ID_PROPERTY,
} from '../../src/shared/tileset';
import { identifierSealerFor } from '../../src/server/store/dataKeyFiles';

const BUILDING_COUNT = 12;
const RESIDENT_COUNT = 300;
const SEED = 11;
const MAX_BUILDINGS_PER_TILE = 4;
/** Shorter values match by chance in binary data. */
const MIN_SEARCHED_LENGTH = 6;

interface PersonRow {
  name: string;
  id_number: string;
  phone: string | null;
}

interface SealedPersonRow {
  name: string;
  id_number_sealed: Buffer;
  phone_sealed: Buffer | null;
}

let workDir: string;
let tilesetText: string;
let glbs: Buffer[];
let persons: PersonRow[];

function contentUris(tile: TileJson): string[] {
  return [
    ...(tile.content ? [tile.content.uri] : []),
    ...(tile.children ?? []).flatMap(contentUris),
  ];
}

/** The JSON chunk of a .glb (its first chunk). */
function glbJson(glb: Buffer): Record<string, unknown> {
  const jsonLength = glb.readUInt32LE(12);
  return JSON.parse(glb.subarray(20, 20 + jsonLength).toString('utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'tiles-privacy-'));
  const dbPath = join(workDir, 'district.sqlite');
  const outDir = join(workDir, 'tilesets', 'district');
  generateDistrict(dbPath, {
    buildingCount: BUILDING_COUNT,
    residentCount: RESIDENT_COUNT,
    seed: SEED,
  });
  await buildTileset({ dbPath, outDir, maxBuildingsPerTile: MAX_BUILDINGS_PER_TILE });
  tilesetText = readFileSync(join(outDir, 'tileset.json'), 'utf8');
  const tileset = JSON.parse(tilesetText) as TilesetJson;
  glbs = contentUris(tileset.root).map((uri) => readFileSync(join(outDir, uri)));
  const db = new Database(dbPath, { readonly: true });
  // Identifiers are sealed at rest; the test looks for their clear values in the tiles.
  const sealer = identifierSealerFor(db);
  const rows = db
    .prepare('SELECT name, id_number_sealed, phone_sealed FROM persons')
    .all() as SealedPersonRow[];
  persons = rows.map((row) => ({
    name: row.name,
    id_number: sealer.open('id_number', row.id_number_sealed),
    phone: row.phone_sealed === null ? null : sealer.open('phone', row.phone_sealed),
  }));
  db.close();
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('public tiles carry nothing personal', () => {
  it('has residents to look for, and tiles to look in', () => {
    expect(persons.length).toBeGreaterThanOrEqual(RESIDENT_COUNT / 2);
    expect(glbs.length).toBeGreaterThan(1);
  });

  it('describes each feature by its unit id, building id and floor only', () => {
    for (const glb of glbs) {
      const metadata = (glbJson(glb).extensions as Record<string, unknown>)[
        'EXT_structural_metadata'
      ] as {
        schema: { classes: Record<string, { properties: Record<string, unknown> }> };
        propertyTables: Array<{ class: string; properties: Record<string, unknown> }>;
      };
      expect(Object.keys(metadata.schema.classes)).toEqual([UNIT_CLASS]);
      const allowed = [BUILDING_ID_PROPERTY, FLOOR_PROPERTY, UNIT_ID_PROPERTY];
      expect(Object.keys(metadata.schema.classes[UNIT_CLASS]!.properties).sort()).toEqual(allowed);
      for (const table of metadata.propertyTables) {
        expect(Object.keys(table.properties).sort()).toEqual(allowed);
      }
      // No glTF extras or node names that could carry anything else.
      expect(JSON.stringify(glbJson(glb))).not.toMatch(/"extras"/);
    }
  });

  it('contains no resident name, ID number or phone anywhere', () => {
    const needles = persons.flatMap((person) =>
      [person.name, person.id_number, person.phone ?? ''].filter(
        (value) => Buffer.byteLength(value) >= MIN_SEARCHED_LENGTH,
      ),
    );
    expect(needles.length).toBeGreaterThan(persons.length);
    const haystacks = [Buffer.from(tilesetText, 'utf8'), ...glbs];
    for (const needle of needles) {
      const bytes = Buffer.from(needle, 'utf8');
      for (const haystack of haystacks) expect(haystack.includes(bytes), needle).toBe(false);
    }
  });
});
