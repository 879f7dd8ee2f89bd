/** A building with its units, per-unit counts and the occupancy summary. */
import { isInScope } from '../../domain/gridCode';
import { parseTags, type PersonTag, type UnitRecord } from '../../domain/registry';
import type { BuildingDetail, OccupancySummary, UnitSummary } from '../../shared/api';
import { NotFoundError, requireVisible, type Caller } from './accessErrors';
import { toBuildingListItem } from './gridQueries';
import type { ResidentTagRow } from './registryRecords';
import type { RegistryRepository } from './registryRepository';

type TagCounts = Partial<Record<PersonTag, number>>;

export function addTags(counts: TagCounts, tags: readonly PersonTag[]): void {
  for (const tag of tags) counts[tag] = (counts[tag] ?? 0) + 1;
}

interface UnitTally {
  householdIds: Set<number>;
  residentCount: number;
  rentalHousehold: boolean;
  tagCounts: TagCounts;
}

function tallyByUnit(rows: readonly ResidentTagRow[]): Map<number, UnitTally> {
  const tallies = new Map<number, UnitTally>();
  for (const row of rows) {
    let tally = tallies.get(row.unitId);
    if (tally === undefined) {
      tally = { householdIds: new Set(), residentCount: 0, rentalHousehold: false, tagCounts: {} };
      tallies.set(row.unitId, tally);
    }
    tally.householdIds.add(row.householdId);
    if (row.householdType !== 'registered') tally.rentalHousehold = true;
    if (row.tags !== null) {
      tally.residentCount += 1;
      addTags(tally.tagCounts, parseTags(row.tags));
    }
  }
  return tallies;
}

/** The summary of one unit: its own fields plus the counts the caller tallied. */
export function toUnitSummary(
  unit: UnitRecord,
  counts: Pick<UnitSummary, 'householdCount' | 'residentCount' | 'tagCounts'>,
): UnitSummary {
  return {
    id: unit.id,
    floor: unit.floor,
    unitNo: unit.unitNo,
    roomLabel: unit.roomLabel,
    use: unit.use,
    areaM2: unit.areaM2,
    ...counts,
  };
}

function tallyCounts(
  tally: UnitTally | undefined,
): Pick<UnitSummary, 'householdCount' | 'residentCount' | 'tagCounts'> {
  return {
    householdCount: tally?.householdIds.size ?? 0,
    residentCount: tally?.residentCount ?? 0,
    tagCounts: { ...(tally?.tagCounts ?? {}) },
  };
}

function summarise(
  units: readonly UnitRecord[],
  tallies: Map<number, UnitTally>,
): OccupancySummary {
  const summary: OccupancySummary = {
    unitCount: units.length,
    occupiedUnitCount: 0,
    vacantUnitCount: 0,
    rentalUnitCount: 0,
    commercialUnitCount: 0,
    householdCount: 0,
    residentCount: 0,
    tagCounts: {},
  };
  for (const unit of units) {
    const tally = tallies.get(unit.id);
    if (tally !== undefined && tally.householdIds.size > 0) summary.occupiedUnitCount += 1;
    if (unit.use === 'vacant') summary.vacantUnitCount += 1;
    if (unit.use === 'commercial') summary.commercialUnitCount += 1;
    if (unit.use === 'rental' || tally?.rentalHousehold === true) summary.rentalUnitCount += 1;
    summary.householdCount += tally?.householdIds.size ?? 0;
    summary.residentCount += tally?.residentCount ?? 0;
    for (const [tag, count] of Object.entries(tally?.tagCounts ?? {}) as [PersonTag, number][]) {
      summary.tagCounts[tag] = (summary.tagCounts[tag] ?? 0) + count;
    }
  }
  return summary;
}

async function requireVisibleBuilding(registry: RegistryRepository, caller: Caller, id: number) {
  return requireVisible(
    await registry.findBuilding(id),
    (found) => isInScope(found.gridCode, caller.scopes),
    'building',
  );
}

export async function getBuildingDetail(
  registry: RegistryRepository,
  caller: Caller,
  id: number,
): Promise<BuildingDetail> {
  const building = await requireVisibleBuilding(registry, caller, id);
  const units = await registry.listUnitsOfBuilding(id);
  // The residents' read checks the scope again: an import may have moved the building out of it
  // since it was read. Then it is answered as the building is now.
  const residentTags = await registry.listResidentTagsOfBuilding(id, caller.scopes);
  if (residentTags === null) {
    await requireVisibleBuilding(registry, caller, id);
    throw new NotFoundError('building');
  }
  const tallies = tallyByUnit(residentTags);
  return {
    ...toBuildingListItem(building),
    floorHeightM: building.floorHeightM,
    builtYear: building.builtYear,
    origin: building.origin,
    wings: building.wings,
    units: units.map((unit) => toUnitSummary(unit, tallyCounts(tallies.get(unit.id)))),
    occupancy: summarise(units, tallies),
  };
}
