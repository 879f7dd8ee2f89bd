/**
 * The per-unit theme figures of the whole district, computed once and kept for a short while:
 * every session asks for them at start, and on a large district the aggregate takes seconds of
 * the (single) event loop. Kept as columns (typed arrays), filtered by scope per request.
 * Registry data has no write path yet; whatever adds one calls `invalidate()`.
 */
import { isGridCode, isInScope, isWithinGrid } from '../../domain/gridCode';
import { UNIT_USE_CODE } from '../../domain/registry';
import type { UnitThemeColumns } from '../../shared/api';
import type { RegistryRepository } from './registryRepository';

export const UNIT_THEME_TTL_MS = 5 * 60 * 1000;

interface ThemeColumns {
  unitIds: Int32Array;
  residentCounts: Int32Array;
  elderlyAloneCounts: Int32Array;
  rentalFlags: Uint8Array;
  vacantFlags: Uint8Array;
  /** The use's code (domain UNIT_USE_CODE), per unit. */
  useCodes: Uint8Array;
  /** Index into gridCodes, per unit. */
  gridIndexes: Int32Array;
  gridCodes: string[];
  computedAtMs: number;
}

export class UnitThemeCache {
  private columns: ThemeColumns | null = null;

  constructor(
    private readonly registry: RegistryRepository,
    private readonly districtCode: () => string,
    private readonly nowMs: () => number = () => Date.now(),
    private readonly ttlMs = UNIT_THEME_TTL_MS,
  ) {}

  invalidate(): void {
    this.columns = null;
  }

  private load(): ThemeColumns {
    if (this.columns !== null && this.nowMs() - this.columns.computedAtMs < this.ttlMs)
      return this.columns;
    const district = this.districtCode();
    const rows = isGridCode(district) ? this.registry.listUnitThemes(null, [district]) : [];
    const gridCodes: string[] = [];
    const gridIndexByCode = new Map<string, number>();
    const columns: ThemeColumns = {
      unitIds: new Int32Array(rows.length),
      residentCounts: new Int32Array(rows.length),
      elderlyAloneCounts: new Int32Array(rows.length),
      rentalFlags: new Uint8Array(rows.length),
      vacantFlags: new Uint8Array(rows.length),
      useCodes: new Uint8Array(rows.length),
      gridIndexes: new Int32Array(rows.length),
      gridCodes,
      computedAtMs: this.nowMs(),
    };
    rows.forEach((row, index) => {
      let gridIndex = gridIndexByCode.get(row.gridCode);
      if (gridIndex === undefined) {
        gridIndex = gridCodes.push(row.gridCode) - 1;
        gridIndexByCode.set(row.gridCode, gridIndex);
      }
      columns.unitIds[index] = row.unitId;
      columns.residentCounts[index] = row.residentCount;
      columns.elderlyAloneCounts[index] = row.elderlyAloneCount;
      columns.rentalFlags[index] = row.rental ? 1 : 0;
      columns.vacantFlags[index] = row.vacant ? 1 : 0;
      columns.useCodes[index] = UNIT_USE_CODE[row.use];
      columns.gridIndexes[index] = gridIndex;
    });
    this.columns = columns;
    return columns;
  }

  /** Units inside `gridCode` (null: anywhere) and inside one of the scopes. */
  select(gridCode: string | null, scopes: readonly string[]): UnitThemeColumns {
    const columns = this.load();
    const gridWanted = columns.gridCodes.map(
      (code) => isInScope(code, scopes) && (gridCode === null || isWithinGrid(code, gridCode)),
    );
    const selected: UnitThemeColumns = {
      unitIds: [],
      residentCounts: [],
      rentalFlags: [],
      elderlyAloneCounts: [],
      vacantFlags: [],
      useCodes: [],
    };
    for (let index = 0; index < columns.unitIds.length; index++) {
      if (!gridWanted[columns.gridIndexes[index]!]) continue;
      selected.unitIds.push(columns.unitIds[index]!);
      selected.residentCounts.push(columns.residentCounts[index]!);
      selected.rentalFlags.push(columns.rentalFlags[index]!);
      selected.elderlyAloneCounts.push(columns.elderlyAloneCounts[index]!);
      selected.vacantFlags.push(columns.vacantFlags[index]!);
      selected.useCodes.push(columns.useCodes[index]!);
    }
    return selected;
  }
}
