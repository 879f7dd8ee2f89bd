/**
 * The district's grids, base map and facts read once and answered at once (DistrictRows), for
 * a server whose register lives in PostgreSQL: the synchronous readers (point in grid, the street
 * network, Open311's jurisdiction) cannot wait on the database. Read again after every change of
 * the register this server hears of (an import, a relayed change), in the background; until the
 * next read ends, the previous one answers.
 */
import type { GridRecord } from '../../domain/registry';
import type { BasemapRecord } from './registryRecords';
import type { RegistryRepository } from './registryRepository';

interface Rows {
  meta: Record<string, string>;
  grids: GridRecord[];
  byCode: Map<string, GridRecord>;
  basemap: BasemapRecord[];
}

export class DistrictSnapshot {
  private rows: Rows = { meta: {}, grids: [], byCode: new Map(), basemap: [] };
  private reading: Promise<void> | null = null;
  private readAfter: Promise<void> | null = null;

  constructor(
    private readonly registry: Pick<RegistryRepository, 'readMeta' | 'listGrids' | 'listBasemap'>,
  ) {}

  /**
   * Reads the rows (again); one read at a time. A request during a read may come after a change
   * that read did not see: it gets one more read, started when the current one ends, and its
   * promise settles when that read has ended (requests during the same read share it).
   */
  reload(): Promise<void> {
    if (this.reading === null) {
      this.reading = this.read().finally(() => {
        this.reading = null;
      });
      return this.reading;
    }
    this.readAfter ??= this.reading
      .catch(() => {})
      .then(() => {
        this.readAfter = null;
        return this.reload();
      });
    return this.readAfter;
  }

  private async read(): Promise<void> {
    const [meta, grids, basemap] = await Promise.all([
      this.registry.readMeta(),
      this.registry.listGrids(),
      this.registry.listBasemap(),
    ]);
    this.rows = { meta, grids, byCode: new Map(grids.map((grid) => [grid.code, grid])), basemap };
  }

  readMeta(): Record<string, string> {
    return { ...this.rows.meta };
  }

  listGrids(): GridRecord[] {
    return [...this.rows.grids];
  }

  findGrid(code: string): GridRecord | null {
    return this.rows.byCode.get(code) ?? null;
  }

  listBasemap(): BasemapRecord[] {
    return [...this.rows.basemap];
  }
}
