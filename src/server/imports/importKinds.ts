/**
 * The one place that knows which import kinds exist. The CLI, the HTTP routes and the admin
 * page find a kind here by name; adding a kind means adding one line to KINDS.
 */
import { gridsImportKind } from './grids/gridsImportKind';
import { buildingsImportKind } from './buildings/buildingsImportKind';
import type { ImportKind, ImportKindName } from './importKind';
import { registersImportKind } from './registers/registersImportKind';
import { rentalsImportKind } from './rentals/rentalsImportKind';
import { workersImportKind } from './workers/workersImportKind';
import { emergencyRecordImportKinds } from './emergencyRecords/emergencyRecordsImportKind';

const KINDS: readonly ImportKind[] = [
  // one line per kind, e.g. gridsImportKind, buildingsImportKind, registersImportKind, rentalsImportKind
  gridsImportKind,
  buildingsImportKind,
  registersImportKind,
  rentalsImportKind,
  workersImportKind,
  ...emergencyRecordImportKinds,
];

export function importKinds(): readonly ImportKind[] {
  return KINDS;
}

/** The kind of that name, or null when it is not (yet) available. */
export function findImportKind(name: string): ImportKind | null {
  return KINDS.find((kind) => kind.name === (name as ImportKindName)) ?? null;
}
