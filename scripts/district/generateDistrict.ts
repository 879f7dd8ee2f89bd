/**
 * The deterministic demo district generator: the same seed and sizes give the same database,
 * byte for byte. Gulou District, Fuzhou is the real place; grids below street level, estates,
 * households and people are invented (persons.synthetic = 1).
 */
import { ancestorGridCodes } from '../../src/domain/gridCode';
import { createSeededRandom } from '../../src/domain/seededRandom';
import { DISTRICT_CODE, DISTRICT_NAME, DISTRICT_NAME_EN } from './districtFrame';
import { resolveDistrictParams, type DistrictOptions } from './districtParams';
import { createDistrictLayout } from './districtLayout';
import { thinEvenly } from './buildingPlacement';
import { createBuildingRecords } from './buildingRecords';
import { DistrictWriter } from './districtWriter';
import { writeBasemap, writeGrids } from './geographyRows';
import { polygonsToGeometry } from './geoJson';
import { WORKERS_RANDOM_SALT, baseGridOutlinesOf, insertDemoWorkers } from './demoWorkerRows';
import { planDemoWorkers } from './workers';
import { REFERENCE_DATE } from './population';
import { writePopulation } from './writePopulation';

export type { DistrictOptions } from './districtParams';

export interface GenerateSummary {
  dbPath: string;
  seed: number;
  streetCount: number;
  communityCount: number;
  gridCount: number;
  buildingCount: number;
  unitCount: number;
  householdCount: number;
  personCount: number;
  workerCount: number;
  basemapFeatureCount: number;
  districtAreaKm2: number;
  dataHash: string;
  elapsedMs: number;
}

/** Bump when the same seed would give different data. */
export const GENERATOR_VERSION = '3';
const PROGRESS_STEPS = 100;

export function generateDistrict(dbPath: string, options: DistrictOptions = {}): GenerateSummary {
  const startedMs = performance.now();
  const params = resolveDistrictParams(options);
  const progress = options.onProgress ?? (() => undefined);
  const random = createSeededRandom(params.seed);

  progress('layout', 0, 1);
  const layout = createDistrictLayout(random.fork('layout'), params.buildingCount);
  const placed = thinEvenly(layout.candidates, params.buildingCount);
  const { hierarchy, lattice } = layout;
  const streetNames = new Map(
    hierarchy.nodes.filter((node) => node.level === 2).map((node) => [node.code, node.name]),
  );
  const buildings = createBuildingRecords(
    placed,
    lattice.frame,
    {
      gridCodeOf: (block) => hierarchy.baseGridCodeByCell.get(block.cell)!,
      streetNameOf: (block) =>
        streetNames.get(ancestorGridCodes(hierarchy.baseGridCodeByCell.get(block.cell)!)[1]!)!,
    },
    random.fork('names'),
  );
  progress('layout', 1, 1);

  const writer = new DistrictWriter(dbPath);
  try {
    progress('grids and base map', 0, 1);
    let basemapFeatureCount = 0;
    writer.inTransaction(() => {
      writeGrids(writer, hierarchy.nodes, lattice.frame);
      basemapFeatureCount = writeBasemap(writer, layout);
    });
    progress('grids and base map', 1, 1);

    writer.inTransaction(() => {
      buildings.forEach((building, index) => {
        writer.insert('buildings', [
          building.id,
          building.gridCode,
          building.name,
          building.nameEn,
          building.address,
          building.kind,
          building.floors,
          building.unitsPerFloor,
          building.floorHeightM,
          building.originLon,
          building.originLat,
          JSON.stringify(building.wings),
          JSON.stringify(building.footprint),
          building.builtYear,
        ]);
        if (index % Math.ceil(buildings.length / PROGRESS_STEPS) === 0)
          progress('buildings', index, buildings.length);
      });
    });
    progress('buildings', buildings.length, buildings.length);

    const population = writePopulation(writer, buildings, params.residentCount, random, progress);
    // Planned from the polygons as stored, exactly as addDemoWorkersIfMissing plans them later.
    const workers = planDemoWorkers(
      baseGridOutlinesOf(
        hierarchy.nodes
          .filter((node) => node.level === 4)
          .map((node) => ({
            code: node.code,
            polygon: JSON.stringify(polygonsToGeometry(node.polygons, lattice.frame)),
          })),
      ),
      random.fork(WORKERS_RANDOM_SALT),
    );
    writer.inTransaction(() =>
      insertDemoWorkers(workers, (table, values) => writer.insert(table, values)),
    );
    const counts = { streets: 0, communities: 0, grids: 0 };
    for (const node of hierarchy.nodes) {
      if (node.level === 2) counts.streets++;
      if (node.level === 3) counts.communities++;
      if (node.level === 4) counts.grids++;
    }
    const metaRows: [string, string][] = [
      ['seed', String(params.seed)],
      [
        'params',
        JSON.stringify({
          buildingCount: params.buildingCount,
          residentCount: params.residentCount,
        }),
      ],
      ['generator_version', GENERATOR_VERSION],
      ['district_code', DISTRICT_CODE],
      ['district_name', DISTRICT_NAME],
      ['district_name_en', DISTRICT_NAME_EN],
      ['demo_data', '1'],
      ['reference_date', REFERENCE_DATE],
    ];
    let dataHash = '';
    writer.inTransaction(() => {
      for (const row of metaRows) writer.insert('meta', row);
      dataHash = writer.contentHash();
      writer.insertUnhashedMeta('data_hash', dataHash);
    });
    progress('indexes', 0, 1);
    writer.createIndexes();
    writer.finish();
    progress('done', 1, 1);
    return {
      dbPath,
      seed: params.seed,
      streetCount: counts.streets,
      communityCount: counts.communities,
      gridCount: counts.grids,
      buildingCount: buildings.length,
      unitCount: population.unitCount,
      householdCount: population.householdCount,
      personCount: population.personCount,
      workerCount: workers.length,
      basemapFeatureCount,
      districtAreaKm2: layout.districtAreaM2 / 1e6,
      dataHash,
      elapsedMs: Math.round(performance.now() - startedMs),
    };
  } catch (error) {
    writer.abandon();
    throw error;
  }
}
