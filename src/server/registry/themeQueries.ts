/** Per-unit figures that colour the 3D view, only for units inside the caller's scope. */
import { touchesScope } from '../../domain/gridCode';
import type { UnitThemeColumns } from '../../shared/api';
import { ForbiddenError, NotFoundError, type Caller } from './accessErrors';
import type { RegistryRepository } from './registryRepository';
import type { UnitThemeCache } from './unitThemeCache';

export async function getUnitThemes(
  registry: RegistryRepository,
  themes: UnitThemeCache,
  caller: Caller,
  gridCode: string | null,
): Promise<UnitThemeColumns> {
  if (gridCode !== null) {
    if ((await registry.findGrid(gridCode)) === null) throw new NotFoundError(`grid ${gridCode}`);
    if (!touchesScope(gridCode, caller.scopes)) throw new ForbiddenError();
  }
  return themes.select(gridCode, caller.scopes);
}
