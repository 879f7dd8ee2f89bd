/**
 * Incidents on the ground: one PointPrimitiveCollection and one LabelCollection, mounted once,
 * holding the markers (incidentMarkers.ts), the clusters they merge into when zoomed out
 * (incidentClusterLayer.ts) and the pulses of late clocks (incidentPulses.ts). Every frame
 * re-clusters after a camera move or a change and pulses the late ones. Nothing here knows the
 * store: the incidents feature passes plain data in.
 */
import {
  BlendOption,
  Cartesian3,
  LabelCollection,
  PointPrimitiveCollection,
  type Scene,
} from 'cesium';
import type { WallIncident } from '../incidentStore';
import { createIncidentClusterLayer } from './incidentClusterLayer';
import { createIncidentMarkers, type IncidentPickId } from './incidentMarkers';
import { createIncidentPulses } from './incidentPulses';
import { createIncidentStyle } from './incidentStyle';

/** Pulsing redraws at this pace, not every display frame: the wall renders on demand. */
const PULSE_FRAME_INTERVAL_MS = 100;
/** A moved camera re-clusters; smaller moves than this (metres, unit vector) are the same view. */
const CAMERA_MOVE_EPSILON = 1e-6;

export interface IncidentsLayerStats {
  /** Incidents on the globe, standing alone or inside a cluster. */
  shown: number;
  /** Clusters of two or more drawn now. */
  clusters: number;
  /** Markers pulsing now (near deadline or overdue). */
  pulsing: number;
}

export type IncidentPick =
  | { kind: 'incident'; incidentId: string }
  | { kind: 'cluster'; incidentIds: string[]; centre: Cartesian3; radiusM: number };

export interface IncidentsLayerOptions {
  /** Wall clock for deadlines (epoch ms); defaults to Date.now. */
  epochNowMs?: () => number;
  onStats?(stats: IncidentsLayerStats): void;
}

export interface IncidentsLayer {
  /** Every incident to draw; incidents not listed are removed. */
  setIncidents(incidents: readonly WallIncident[]): void;
  setSelected(incidentId: string | null): void;
  setVisible(visible: boolean): void;
  /** What a picked object is to this layer, or null. */
  pickOf(picked: unknown): IncidentPick | null;
  readonly stats: IncidentsLayerStats;
  destroy(): void;
}

export function createIncidentsLayer(
  scene: Scene,
  options: IncidentsLayerOptions = {},
): IncidentsLayer {
  const epochNowMs = options.epochNowMs ?? (() => Date.now());
  const layerId = Symbol('incidents');
  const points = scene.primitives.add(
    new PointPrimitiveCollection({ blendOption: BlendOption.OPAQUE_AND_TRANSLUCENT }),
  ) as PointPrimitiveCollection;
  const labels = scene.primitives.add(new LabelCollection({ scene })) as LabelCollection;
  const style = createIncidentStyle(scene);
  const markers = createIncidentMarkers(points, labels, style, layerId);
  const clusters = createIncidentClusterLayer(scene, points, labels, style, layerId);
  const pulses = createIncidentPulses(points, labels, style);
  let visible = true;
  let dirty = true;
  const stats: IncidentsLayerStats = { shown: 0, clusters: 0, pulsing: 0 };
  const lastCameraPosition = new Cartesian3();
  const lastCameraDirection = new Cartesian3();
  let lastCanvasWidth = 0;

  function cameraMoved(): boolean {
    const { camera } = scene;
    const width = scene.canvas.clientWidth;
    const moved =
      width !== lastCanvasWidth ||
      !Cartesian3.equalsEpsilon(camera.positionWC, lastCameraPosition, 0, CAMERA_MOVE_EPSILON) ||
      !Cartesian3.equalsEpsilon(camera.directionWC, lastCameraDirection, CAMERA_MOVE_EPSILON);
    if (moved) {
      Cartesian3.clone(camera.positionWC, lastCameraPosition);
      Cartesian3.clone(camera.directionWC, lastCameraDirection);
      lastCanvasWidth = width;
    }
    return moved;
  }

  let reported = '';
  function reportStats(): void {
    stats.shown = markers.records.size;
    const text = `${stats.shown}/${stats.clusters}/${stats.pulsing}`;
    if (text === reported) return;
    reported = text;
    options.onStats?.({ ...stats });
  }

  function update(): void {
    if (!visible) return;
    if (cameraMoved() || dirty) {
      dirty = false;
      stats.clusters = clusters.recluster(markers.records);
    }
    stats.pulsing = pulses.update(markers.records.values(), epochNowMs());
    reportStats();
  }

  const removeUpdate = scene.preUpdate.addEventListener(update);
  const pulseTimer = setInterval(() => {
    if (visible && stats.pulsing > 0) scene.requestRender();
  }, PULSE_FRAME_INTERVAL_MS);

  return {
    setIncidents(incidents) {
      markers.setIncidents(incidents);
      dirty = true;
      reportStats();
      scene.requestRender();
    },
    setSelected(incidentId) {
      markers.setSelected(incidentId);
      scene.requestRender();
    },
    setVisible(next) {
      visible = next;
      points.show = next;
      labels.show = next;
      dirty = true;
      scene.requestRender();
    },
    pickOf(picked) {
      if (typeof picked !== 'object' || picked === null) return null;
      const id = (picked as { id?: Partial<IncidentPickId> }).id;
      if (id?.incidentLayerId !== layerId) return null;
      if (typeof id.incidentId === 'string') return { kind: 'incident', incidentId: id.incidentId };
      const cluster = id.clusterSlot === undefined ? undefined : clusters.clusterAt(id.clusterSlot);
      return cluster
        ? {
            kind: 'cluster',
            incidentIds: [...cluster.ids],
            centre: cluster.centre,
            radiusM: cluster.radiusM,
          }
        : null;
    },
    get stats() {
      return { ...stats, shown: markers.records.size };
    },
    destroy() {
      clearInterval(pulseTimer);
      removeUpdate();
      if (!scene.isDestroyed()) {
        scene.primitives.remove(points);
        scene.primitives.remove(labels);
      }
    },
  };
}
