/**
 * What the export routes read (DESIGN.md §2): residents with their identifiers already masked (an
 * export never carries full identifiers) and units with their household and resident counts,
 * inside the caller's scope. The rows come as the file is written, from one snapshot of the
 * store, so a district's list never sits whole in memory and a change made meanwhile neither
 * doubles nor drops a row; leaving the loop early releases what the read holds. The adapters are
 * store/sqliteExportRows.ts and store/pg/postgresExportRows.ts, checked by
 * exportRows.contract.test.ts.
 */
export interface MaskedResident {
  personId: number;
  name: string;
  sex: string;
  birthYear: string;
  idNumberMasked: string;
  phoneMasked: string;
  relation: string;
  tags: string;
  category: string;
  gridCode: string;
  address: string;
  roomLabel: string;
}

export interface ResidentExportFilter {
  grid: string | null;
  scopes: readonly string[];
  /** A PersonTag code the resident must carry. */
  tag: string | null;
}

/** Grid, building, address, floor, room, use, area, households, residents. */
export type UnitExportRow = readonly (string | number)[];

export interface ExportRows {
  /** By grid code, building, floor, unit number, person id. */
  maskedResidents(filter: ResidentExportFilter): AsyncIterable<MaskedResident>;
  /** Under `grid` (when given) and inside the scopes, by grid code, building, floor, unit number. */
  unitRows(grid: string | null, scopes: readonly string[]): AsyncIterable<UnitExportRow>;
}
