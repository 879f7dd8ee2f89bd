/** Per-unit figures that colour the 3D view, only for units inside the caller's scope. */
import { touchesScope } from '../../domain/gridCode';
import type { UnitThemeColumns } from '../../shared/api';
import { ForbiddenError, NotFoundError, type Caller } from './accessErrors';
import type { RegistryRepository } from './registryRepository';

export function getUnitThemes(
  registry: RegistryRepository,
  caller: Caller,
  gridCode: string | null,
): UnitThemeColumns {
  if (gridCode !== null) {
    if (registry.findGrid(gridCode) === null) throw new NotFoundError(`grid ${gridCode}`);
    if (!touchesScope(gridCode, caller.scopes)) throw new ForbiddenError();
  }
  const columns: UnitThemeColumns = {
    unitIds: [],
    residentCounts: [],
    rentalFlags: [],
    elderlyAloneCounts: [],
    vacantFlags: [],
  };
  for (const row of registry.listUnitThemes(gridCode, caller.scopes)) {
    columns.unitIds.push(row.unitId);
    columns.residentCounts.push(row.residentCount);
    columns.rentalFlags.push(row.rental ? 1 : 0);
    columns.elderlyAloneCounts.push(row.elderlyAloneCount);
    columns.vacantFlags.push(row.vacant ? 1 : 0);
  }
  return columns;
}
