/**
 * Mouse input on the 3D view: hovering a unit highlights it (picks throttled, since a pick
 * renders a frame), clicking a unit selects it and eases the camera to it. Live worker dots
 * lie over the buildings: the same pick names a hovered worker, and a click on one selects it.
 * Incident markers come first on a click (a cluster zooms in); while the report form picks its
 * place, a click gives that place instead.
 */
import { ScreenSpaceEventHandler, ScreenSpaceEventType, type Scene } from 'cesium';
import type { PickedUnit } from '../register/globe/buildingsLayer';
import type { GlobeHandle } from './GlobeHandle';
import type { IncidentPick } from '../incidents/globe/incidentsLayer';

/** At most one hover pick per interval; the last mouse position wins. */
const HOVER_PICK_INTERVAL_MS = 80;

export interface PickEvents {
  onHover(unit: PickedUnit | null): void;
  onClick(unit: PickedUnit): void;
  onWorkerHover(workerId: number | null): void;
  onWorkerClick(workerId: number): void;
  /** An incident marker or a cluster of them was clicked. */
  onIncidentClick(pick: IncidentPick): void;
  /** While true, a click gives a place (the report form's, the release source) instead of selecting. */
  isPickingPlace(): boolean;
  onPlacePick(place: { lon: number; lat: number }): void;
}

interface PositionedEvent {
  position?: { x: number; y: number };
  endPosition?: { x: number; y: number };
}

export interface PickController {
  destroy(): void;
}

export function createPickController(
  scene: Scene,
  handle: GlobeHandle,
  events: PickEvents,
): PickController {
  const input = new ScreenSpaceEventHandler(scene.canvas);
  const hoverPosition = { x: 0, y: 0 };
  let hoverTimer: ReturnType<typeof setTimeout> | null = null;
  let hoveredUnitId: number | null = null;
  let hoveredWorkerId: number | null = null;
  const canvas = scene.canvas;

  function setHoveredWorker(workerId: number | null): void {
    if (workerId === hoveredWorkerId) return;
    hoveredWorkerId = workerId;
    events.onWorkerHover(workerId);
  }

  function pickHover(): void {
    hoverTimer = null;
    const workerId = handle.workers.pickWorker(hoverPosition.x, hoverPosition.y);
    setHoveredWorker(workerId);
    const unit = workerId === null ? handle.pickUnit(hoverPosition.x, hoverPosition.y) : null;
    const unitId = unit?.unitId ?? null;
    canvas.style.cursor = events.isPickingPlace()
      ? 'crosshair'
      : unit || workerId !== null
        ? 'pointer'
        : '';
    if (unitId === hoveredUnitId) return;
    hoveredUnitId = unitId;
    events.onHover(unit);
  }

  input.setInputAction((movement: PositionedEvent) => {
    if (!movement.endPosition) return;
    hoverPosition.x = movement.endPosition.x;
    hoverPosition.y = movement.endPosition.y;
    hoverTimer ??= setTimeout(pickHover, HOVER_PICK_INTERVAL_MS);
  }, ScreenSpaceEventType.MOUSE_MOVE);

  input.setInputAction((click: PositionedEvent) => {
    if (!click.position) return;
    if (events.isPickingPlace()) {
      const place = handle.incidents.pickPlace(click.position.x, click.position.y);
      if (place) events.onPlacePick(place);
      return;
    }
    const incident = handle.incidents.pickIncident(click.position.x, click.position.y);
    if (incident) {
      events.onIncidentClick(incident);
      return;
    }
    const workerId = handle.workers.pickWorker(click.position.x, click.position.y);
    if (workerId !== null) {
      events.onWorkerClick(workerId);
      return;
    }
    const unit = handle.pickUnit(click.position.x, click.position.y);
    if (unit) events.onClick(unit);
  }, ScreenSpaceEventType.LEFT_CLICK);

  // Leaving the view ends the hover; a unit must not stay lit under a mouse that is gone.
  const leave = () => {
    if (hoverTimer !== null) clearTimeout(hoverTimer);
    hoverTimer = null;
    setHoveredWorker(null);
    if (hoveredUnitId === null) return;
    hoveredUnitId = null;
    events.onHover(null);
  };
  canvas.addEventListener('mouseleave', leave);

  return {
    destroy() {
      canvas.removeEventListener('mouseleave', leave);
      if (hoverTimer !== null) clearTimeout(hoverTimer);
      if (!input.isDestroyed()) input.destroy();
    },
  };
}
