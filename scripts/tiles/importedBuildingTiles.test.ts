import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateBytes } from 'gltf-validator';
import { afterEach, describe, expect, it } from 'vitest';
import { buildingsImportKind } from '../../src/server/imports/buildings/buildingsImportKind';
import {
  fourBuildings,
  kitDatabase,
  writeFootprints,
} from '../../src/server/imports/buildings/footprintTestKit';
import { buildTileset } from './buildTileset';
import type { TileJson, TilesetJson } from './tilesetJson';
import { decodeTile, withoutMeshopt } from './tileTestKit';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function importedDistrict(floorsOfFirst = 6) {
  const kit = kitDatabase();
  dirs.push(kit.dir);
  const features = fourBuildings();
  (features[0]!.properties as Record<string, unknown>)['层数'] = floorsOfFirst;
  const path = writeFootprints(kit.dir, 'four', features);
  await buildingsImportKind.run(kit.db, path, { crs: 'wgs84', dryRun: false, actor: 'test' });
  return kit;
}

function leaves(tile: TileJson): TileJson[] {
  return [...(tile.content ? [tile] : []), ...(tile.children ?? []).flatMap(leaves)];
}

describe('tiles of imported buildings', () => {
  it('have one valid feature per unit of any footprint shape, lifted by the base height', async () => {
    const { db, dbPath, dir } = await importedDistrict();
    const outDir = join(dir, 'tiles');
    const result = await buildTileset({ dbPath, outDir, maxBuildingsPerTile: 1 });
    expect(result.tileCount).toBe(4);
    const units = db.prepare('SELECT id, building_id, floor FROM units').all() as {
      id: number;
      building_id: number;
      floor: number;
    }[];
    const byId = new Map(units.map((unit) => [unit.id, unit]));
    const tileset = JSON.parse(readFileSync(join(outDir, 'tileset.json'), 'utf8')) as TilesetJson;
    let features = 0;
    let highest = 0;
    let lowest = Infinity;
    for (const leaf of leaves(tileset.root)) {
      const glb = readFileSync(join(outDir, leaf.content!.uri));
      const decoded = await decodeTile(glb);
      const plain = await validateBytes(await withoutMeshopt(decoded.document));
      expect(plain.issues.numErrors, JSON.stringify(plain.issues.messages)).toBe(0);
      decoded.unitIds.forEach((unitId, featureId) => {
        expect(byId.get(unitId)?.building_id).toBe(decoded.buildingIds[featureId]);
        expect(byId.get(unitId)?.floor).toBe(decoded.floors[featureId]);
      });
      // Every feature has geometry of its own.
      expect(new Set(decoded.featureIds).size).toBe(decoded.featureCount);
      features += decoded.featureCount;
      highest = Math.max(highest, leaf.boundingVolume.region[5]);
      lowest = Math.min(lowest, leaf.boundingVolume.region[4]);
    }
    expect(features).toBe(units.length);
    // The courtyard building: 5 m base + 8 floors of 3 m (regions keep a margin of about a metre).
    expect(highest).toBeGreaterThan(29);
    expect(highest).toBeLessThan(30.5);
    expect(lowest).toBeLessThan(0);
  });

  it('rebuild after an import rewrites only the changed building’s tile', async () => {
    const { dbPath, dir, db } = await importedDistrict();
    const outDir = join(dir, 'tiles');
    await buildTileset({ dbPath, outDir, maxBuildingsPerTile: 1 });
    const before = new Map(
      readdirSync(join(outDir, 'tiles')).map((name) => {
        const stat = statSync(join(outDir, 'tiles', name));
        return [
          name,
          {
            ino: stat.ino,
            mtimeMs: stat.mtimeMs,
            bytes: readFileSync(join(outDir, 'tiles', name)),
          },
        ];
      }),
    );
    expect(before.size).toBe(4);

    const features = fourBuildings();
    (features[0]!.properties as Record<string, unknown>)['层数'] = 9;
    const path = writeFootprints(dir, 'taller', features);
    const summary = await buildingsImportKind.run(db, path, {
      crs: 'wgs84',
      dryRun: false,
      actor: 'test',
    });
    expect(summary.changes).toMatchObject({ updated: 1, unchanged: 3 });
    // Later than any timestamp the first build could have left.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const rebuilt = await buildTileset({ dbPath, outDir, maxBuildingsPerTile: 1 });
    expect(rebuilt.skipped).toBe(false);
    expect(rebuilt.reusedTileCount).toBe(3);
    const after = readdirSync(join(outDir, 'tiles'));
    expect(after).toHaveLength(4);
    const kept = after.filter((name) => before.has(name));
    expect(kept).toHaveLength(3);
    for (const name of kept) {
      const stat = statSync(join(outDir, 'tiles', name));
      expect(stat.ino).toBe(before.get(name)!.ino);
      expect(stat.mtimeMs).toBe(before.get(name)!.mtimeMs);
    }
    const fresh = after.find((name) => !before.has(name))!;
    const decoded = await decodeTile(readFileSync(join(outDir, 'tiles', fresh)));
    expect(decoded.featureCount).toBe(9 * 4);

    const forced = await buildTileset({ dbPath, outDir, maxBuildingsPerTile: 1, force: true });
    expect(forced.reusedTileCount).toBe(0);
  });
});
