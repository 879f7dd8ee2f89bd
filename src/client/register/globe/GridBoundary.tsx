/**
 * Boundary of the grid in focus (selected, or holding the selected building) as two Resium
 * primitives: the geometry changes only when the focus moves to another grid, which is exactly
 * what a declarative component re-creates on.
 */
import { PerInstanceColorAppearance, PolylineColorAppearance } from 'cesium';
import { useEffect, useMemo } from 'react';
import { Primitive, useCesium } from 'resium';
import { useAppStore, type AppState } from '../../shell/appStore';
import { gridBoundaryInstances, type BoundaryGeometry } from './gridBoundaryInstances';

function boundaryOf(state: AppState): BoundaryGeometry | null {
  const { selection, buildings, grids } = state;
  const gridCode =
    selection.gridCode ??
    (selection.buildingId === null ? null : (buildings[selection.buildingId]?.gridCode ?? null));
  return gridCode === null ? null : (grids[gridCode]?.polygon ?? null);
}

export function GridBoundary() {
  const boundary = useAppStore(boundaryOf);
  const { scene } = useCesium();
  const instances = useMemo(
    () => (boundary === null ? null : gridBoundaryInstances(boundary)),
    [boundary],
  );
  const appearances = useMemo(
    () => ({
      fill: new PerInstanceColorAppearance({ flat: true, translucent: true }),
      outline: new PolylineColorAppearance({ translucent: false }),
    }),
    [],
  );
  // The viewer renders on request only; Resium has swapped the primitives by now.
  useEffect(() => {
    if (scene && !scene.isDestroyed()) scene.requestRender();
  }, [scene, instances]);
  if (instances === null) return null;
  // Synchronous: two small primitives, and the boundary must appear with the flight.
  return (
    <>
      <Primitive
        geometryInstances={instances.fills}
        appearance={appearances.fill}
        asynchronous={false}
      />
      <Primitive
        geometryInstances={instances.outlines}
        appearance={appearances.outline}
        asynchronous={false}
      />
    </>
  );
}
