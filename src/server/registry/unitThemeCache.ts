/**
 * The per-unit theme figures of the whole district, computed once and kept for a short while:
 * every session asks for them at start, and on a large district the aggregate takes seconds of
 * the (single) event loop. Kept as columns (typed arrays), filtered by scope per request.
 * Whatever writes the register calls `invalidate()`. One computation runs at a time (requests
 * that arrive meanwhile share it), and one that an invalidation overtook is answered but not kept.
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
  private loading: Promise<ThemeColumns> | null = null;
  /** Counts invalidations: a computation started before one is not kept. */
  private generation = 0;

  constructor(
    private readonly registry: Pick<RegistryRepository, 'listUnitThemes'>,
    private readonly districtCode: () => Promise<string>,
    private readonly nowMs: () => number = () => Date.now(),
    private readonly ttlMs = UNIT_THEME_TTL_MS,
  ) {}

  invalidate(): void {
    this.columns = null;
    this.loading = null;
    this.generation += 1;
  }

  private load(): Promise<ThemeColumns> {
    if (this.columns !== null && this.nowMs() - this.columns.computedAtMs < this.ttlMs)
      return Promise.resolve(this.columns);
    if (this.loading !== null) return this.loading;
    const generation = this.generation;
    const loading = this.compute().then(
      (columns) => {
        if (this.generation === generation) {
          this.columns = columns;
          this.loading = null;
        }
        return columns;
      },
      (error: unknown) => {
        if (this.generation === generation) this.loading = null;
        throw error;
      },
    );
    this.loading = loading;
    return loading;
  }

  private async compute(): Promise<ThemeColumns> {
    const district = await this.districtCode();
    const rows = isGridCode(district) ? await this.registry.listUnitThemes(null, [district]) : [];
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
    return columns;
  }

  /** Units inside `gridCode` (null: anywhere) and inside one of the scopes. */
  async select(gridCode: string | null, scopes: readonly string[]): Promise<UnitThemeColumns> {
    const columns = await this.load();
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
