/**
 * Shows one tour step on the wall: resolves its target, selects it with a camera flight (or
 * flies to the camera the editor recorded), and sets the layers and the unit theme it names.
 * Reads and writes the stores only; the globe follows them as it follows any selection.
 */
import type { ApiClient } from '../feeds/apiClient';
import { useHeatmapStore } from '../heat/heatmapStore';
import { useIncidentStore } from '../incidents/incidentStore';
import { useAppStore } from '../shell/appStore';
import { resolveTourTarget } from './tourTargets';
import type { StepResolution } from './tourStore';
import type { TourStep } from './tourSchema';

export async function applyTourStep(
  step: TourStep,
  api: Pick<ApiClient, 'gridBuildings' | 'building'>,
  signal: AbortSignal,
): Promise<StepResolution> {
  const app = useAppStore.getState();
  const districtCode = app.config?.districtCode;
  if (districtCode === undefined) return { status: 'failed', message: 'no district loaded yet' };
  const resolved = await resolveTourTarget(step.target, {
    api,
    grids: app.grids,
    districtCode,
    currentGridCode: app.selection.gridCode,
    incidents: useIncidentStore.getState().incidents,
    signal,
  });
  if (signal.aborted) return { status: 'resolving' };
  if (resolved.building !== null) app.putBuilding(resolved.building);
  if (step.camera === undefined) {
    app.select(resolved.selection, resolved.fly);
  } else {
    app.select(resolved.selection);
    app.flyToView(step.camera);
  }
  const show = step.show ?? {};
  app.setTheme(show.theme ?? 'none');
  useHeatmapStore.getState().setEnabled(show.heat ?? false);
  return { status: 'shown', incidentId: resolved.incidentId };
}
