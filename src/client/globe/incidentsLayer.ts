/**
 * Incidents on the ground (issue 4 §4): one PointPrimitiveCollection of markers coloured by
 * state, mounted once; markers are added, restyled and removed as the data changes, never all
 * re-created. Zoomed out, markers that crowd each other on screen merge into counted clusters
 * (incidentClusters.ts). A running clock near or past its due time pulses a ring and shows a
 * countdown, both computed each frame from `dueAtMs` against the clock. The report form's place
 * is a crosshair marker. Nothing here knows the store: the adapter passes plain data in.
 */
import {
  BlendOption,
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  Color,
  HorizontalOrigin,
  LabelCollection,
  LabelStyle,
  PointPrimitiveCollection,
  SceneTransforms,
  VerticalOrigin,
  type Label,
  type PointPrimitive,
  type Scene,
} from 'cesium';
import type { RunningDeadlinePhase } from '../../shared/incidents';
import { runningDeadlineOf } from '../state/incidentSelectors';
import type { WallIncident } from '../state/incidentStore';
import { clusterScreenPoints, type ScreenPoint } from './incidentClusters';
import { formatCountdown } from './incidentCountdown';
import {
  DEADLINE_PHASE_COLOURS_CSS,
  INCIDENT_CLUSTER_CSS,
  INCIDENT_DRAFT_CSS,
  INCIDENT_LABEL_BACKGROUND_CSS,
  INCIDENT_LABEL_CSS,
  INCIDENT_OUTLINE_CSS,
  INCIDENT_SELECTED_OUTLINE_CSS,
  INCIDENT_STATE_COLOURS_CSS,
} from './incidentPalette';
import { ALWAYS_ON_TOP, wallScale } from './wallScale';

/** Markers float above the workers' dots (3 m) and the base map. */
export const INCIDENT_HEIGHT_M = 6;
/** Sizes at a 1920-pixel-wide view; wider canvases scale them up to WALL_SCALE_MAX. */
const MARKER_SIZE_PX = 14;
const SELECTED_MARKER_SIZE_PX = 20;
const OUTLINE_WIDTH_PX = 2;
const SELECTED_OUTLINE_WIDTH_PX = 3;
const CLUSTER_BASE_SIZE_PX = 24;
/** A cluster grows with the log of its count, so 500 does not cover the district. */
const CLUSTER_SIZE_PER_LOG2_PX = 4;
const CLUSTER_MAX_SIZE_PX = 52;
/** Markers closer than this on screen merge (about two markers' widths). */
const CLUSTER_RADIUS_PX = 30;
const RING_MIN_SIZE_PX = 18;
const RING_EXTRA_SIZE_PX = 22;
const RING_WIDTH_PX = 3;
const PULSE_PERIOD_MS = 1400;
/** Pulsing redraws at this pace, not every display frame: the wall renders on demand. */
const PULSE_FRAME_INTERVAL_MS = 100;
const DRAFT_SIZE_PX = 16;
const DRAFT_OUTLINE_WIDTH_PX = 4;
const LABEL_FONT_PX = 15;
const CLUSTER_FONT_PX = 16;
/** Above the largest pulse ring, so the countdown never sits under it (see the cluster label). */
const LABEL_OFFSET_PX = -(RING_MIN_SIZE_PX + RING_EXTRA_SIZE_PX) / 2 - 2;
const LABEL_GAP_PX = 2;
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
  /** The report form's place, or null. */
  setDraftPlace(place: { lon: number; lat: number } | null): void;
  setVisible(visible: boolean): void;
  /** What a picked object is to this layer, or null. */
  pickOf(picked: unknown): IncidentPick | null;
  readonly stats: IncidentsLayerStats;
  destroy(): void;
}

interface IncidentRecord {
  incident: WallIncident;
  marker: PointPrimitive;
  ring: PointPrimitive | null;
  countdown: Label | null;
  position: Cartesian3;
  /** The countdown text written last, so a label is touched once a second, not every frame. */
  countdownText: string;
}

interface ClusterSlot {
  point: PointPrimitive;
  label: Label;
}

interface IncidentPickId {
  incidentLayerId: symbol;
  incidentId?: string;
  clusterSlot?: number;
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
  const scale = wallScale(scene);
  const stateColours = new Map(
    Object.entries(INCIDENT_STATE_COLOURS_CSS).map(([state, css]) => [
      state,
      Color.fromCssColorString(css),
    ]),
  );
  const phaseColours = new Map(
    Object.entries(DEADLINE_PHASE_COLOURS_CSS).map(([phase, css]) => [
      phase,
      Color.fromCssColorString(css),
    ]),
  );
  const outline = Color.fromCssColorString(INCIDENT_OUTLINE_CSS);
  const selectedOutline = Color.fromCssColorString(INCIDENT_SELECTED_OUTLINE_CSS);
  const clusterColour = Color.fromCssColorString(INCIDENT_CLUSTER_CSS);
  const labelColour = Color.fromCssColorString(INCIDENT_LABEL_CSS);
  const labelBackground = Color.fromCssColorString(INCIDENT_LABEL_BACKGROUND_CSS);
  const font = (sizePx: number) =>
    `bold ${Math.round(sizePx * scale)}px 'Noto Sans Mono CJK SC', 'DejaVu Sans Mono', monospace`;

  const records = new Map<string, IncidentRecord>();
  const clusterSlots: ClusterSlot[] = [];
  /** Cluster slot → its members and where a click should fly, as drawn last. */
  const clusterMembers: { ids: string[]; centre: Cartesian3; radiusM: number }[] = [];
  const draft = points.add({
    show: false,
    color: Color.TRANSPARENT,
    outlineColor: Color.fromCssColorString(INCIDENT_DRAFT_CSS),
    outlineWidth: DRAFT_OUTLINE_WIDTH_PX * scale,
    pixelSize: DRAFT_SIZE_PX * scale,
    disableDepthTestDistance: ALWAYS_ON_TOP,
  });
  let selectedId: string | null = null;
  let visible = true;
  let dirty = true;
  const stats: IncidentsLayerStats = { shown: 0, clusters: 0, pulsing: 0 };
  const lastCameraPosition = new Cartesian3();
  const lastCameraDirection = new Cartesian3();
  let lastCanvasWidth = 0;
  const windowScratch = new Cartesian2();
  const sphereScratch = new BoundingSphere();

  function colourOf(incident: WallIncident): Color {
    return stateColours.get(incident.state) ?? clusterColour;
  }

  function styleMarker(record: IncidentRecord): void {
    const selected = record.incident.id === selectedId;
    record.marker.color = colourOf(record.incident);
    record.marker.outlineColor = selected ? selectedOutline : outline;
    record.marker.outlineWidth = (selected ? SELECTED_OUTLINE_WIDTH_PX : OUTLINE_WIDTH_PX) * scale;
    record.marker.pixelSize = (selected ? SELECTED_MARKER_SIZE_PX : MARKER_SIZE_PX) * scale;
  }

  function ensurePulse(record: IncidentRecord): { ring: PointPrimitive; countdown: Label } {
    record.ring ??= points.add({
      show: false,
      position: record.position,
      color: Color.TRANSPARENT,
      outlineWidth: RING_WIDTH_PX * scale,
      disableDepthTestDistance: ALWAYS_ON_TOP,
    });
    record.countdown ??= labels.add({
      show: false,
      position: record.position,
      text: '',
      font: font(LABEL_FONT_PX),
      fillColor: labelColour,
      showBackground: true,
      backgroundColor: labelBackground,
      style: LabelStyle.FILL,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.BOTTOM,
      pixelOffset: new Cartesian2(0, LABEL_OFFSET_PX * scale),
      disableDepthTestDistance: ALWAYS_ON_TOP,
    });
    return { ring: record.ring, countdown: record.countdown };
  }

  function hidePulse(record: IncidentRecord): void {
    if (record.ring) record.ring.show = false;
    if (record.countdown) record.countdown.show = false;
  }

  function removeRecord(record: IncidentRecord): void {
    points.remove(record.marker);
    if (record.ring) points.remove(record.ring);
    if (record.countdown) labels.remove(record.countdown);
    records.delete(record.incident.id);
  }

  function clusterSlot(index: number): ClusterSlot {
    let slot = clusterSlots[index];
    if (!slot) {
      const pickId: IncidentPickId = { incidentLayerId: layerId, clusterSlot: index };
      slot = {
        point: points.add({
          show: false,
          id: pickId,
          color: clusterColour,
          outlineColor: outline,
          outlineWidth: OUTLINE_WIDTH_PX * scale,
          disableDepthTestDistance: ALWAYS_ON_TOP,
        }),
        // Above the bubble, not on it: both sit on the near plane (always on top), where the
        // label's fragments would lose the depth test against the bubble drawn first.
        label: labels.add({
          show: false,
          position: Cartesian3.ZERO,
          text: '',
          font: font(CLUSTER_FONT_PX),
          fillColor: labelColour,
          showBackground: true,
          backgroundColor: labelBackground,
          style: LabelStyle.FILL,
          horizontalOrigin: HorizontalOrigin.CENTER,
          verticalOrigin: VerticalOrigin.BOTTOM,
          disableDepthTestDistance: ALWAYS_ON_TOP,
        }),
      };
      clusterSlots[index] = slot;
    }
    return slot;
  }

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

  /** Groups markers by their window positions; markers off screen stand alone (not drawn anyway). */
  function recluster(): void {
    const onScreen: ScreenPoint[] = [];
    for (const record of records.values()) {
      const window = SceneTransforms.worldToWindowCoordinates(
        scene,
        record.position,
        windowScratch,
      );
      if (window) onScreen.push({ key: record.incident.id, xPx: window.x, yPx: window.y });
      record.marker.show = true;
    }
    const clusters = clusterScreenPoints(onScreen, CLUSTER_RADIUS_PX * scale).filter(
      (cluster) => cluster.keys.length > 1,
    );
    clusterMembers.length = 0;
    clusters.forEach((cluster, index) => {
      const members = cluster.keys.flatMap((key) => records.get(key) ?? []);
      for (const member of members) {
        member.marker.show = false;
        hidePulse(member);
      }
      BoundingSphere.fromPoints(
        members.map((member) => member.position),
        sphereScratch,
      );
      const slot = clusterSlot(index);
      const sizePx = Math.min(
        CLUSTER_MAX_SIZE_PX,
        CLUSTER_BASE_SIZE_PX + CLUSTER_SIZE_PER_LOG2_PX * Math.log2(members.length),
      );
      slot.point.position = sphereScratch.center;
      slot.point.pixelSize = sizePx * scale;
      slot.point.show = true;
      slot.label.position = sphereScratch.center;
      slot.label.text = String(members.length);
      slot.label.pixelOffset = new Cartesian2(0, -(sizePx / 2 + LABEL_GAP_PX) * scale);
      slot.label.show = true;
      clusterMembers.push({
        ids: members.map((member) => member.incident.id),
        centre: Cartesian3.clone(sphereScratch.center),
        radiusM: sphereScratch.radius,
      });
    });
    for (let index = clusters.length; index < clusterSlots.length; index++) {
      const slot = clusterSlots[index];
      if (slot) {
        slot.point.show = false;
        slot.label.show = false;
      }
    }
    stats.clusters = clusters.length;
  }

  /** Per frame: re-cluster after a move or a change, pulse and count down the running clocks. */
  function update(): void {
    if (!visible) return;
    if (cameraMoved() || dirty) {
      dirty = false;
      recluster();
    }
    const nowEpochMs = epochNowMs();
    const pulse = 0.5 + 0.5 * Math.sin((2 * Math.PI * performance.now()) / PULSE_PERIOD_MS);
    let pulsing = 0;
    for (const record of records.values()) {
      const deadline = record.marker.show ? runningDeadlineOf(record.incident, nowEpochMs) : null;
      const phase: RunningDeadlinePhase | null =
        deadline === null || deadline.phase === 'on_track' ? null : deadline.phase;
      if (phase === null || deadline === null || deadline.remainingMs === null) {
        hidePulse(record);
        continue;
      }
      pulsing++;
      const { ring, countdown } = ensurePulse(record);
      const colour = phaseColours.get(phase) ?? clusterColour;
      ring.show = true;
      ring.pixelSize = (RING_MIN_SIZE_PX + RING_EXTRA_SIZE_PX * pulse) * scale;
      ring.outlineColor = colour.withAlpha(1 - 0.7 * pulse);
      const text = formatCountdown(deadline.remainingMs);
      if (text !== record.countdownText) {
        record.countdownText = text;
        countdown.text = text;
      }
      countdown.fillColor = colour;
      countdown.show = true;
    }
    stats.pulsing = pulsing;
    reportStats();
  }

  let reported = '';
  function reportStats(): void {
    stats.shown = records.size;
    const text = `${stats.shown}/${stats.clusters}/${stats.pulsing}`;
    if (text === reported) return;
    reported = text;
    options.onStats?.({ ...stats });
  }

  const removeUpdate = scene.preUpdate.addEventListener(update);
  const pulseTimer = setInterval(() => {
    if (visible && stats.pulsing > 0) scene.requestRender();
  }, PULSE_FRAME_INTERVAL_MS);

  return {
    setIncidents(incidents) {
      const listed = new Set<string>();
      for (const incident of incidents) {
        listed.add(incident.id);
        let record = records.get(incident.id);
        const moved =
          record !== undefined &&
          (record.incident.location.lon !== incident.location.lon ||
            record.incident.location.lat !== incident.location.lat);
        if (!record || moved) {
          const position = Cartesian3.fromDegrees(
            incident.location.lon,
            incident.location.lat,
            INCIDENT_HEIGHT_M,
          );
          if (record) {
            record.position = position;
            record.marker.position = position;
            if (record.ring) record.ring.position = position;
            if (record.countdown) record.countdown.position = position;
          } else {
            const pickId: IncidentPickId = { incidentLayerId: layerId, incidentId: incident.id };
            record = {
              incident,
              position,
              marker: points.add({ position, id: pickId, disableDepthTestDistance: ALWAYS_ON_TOP }),
              ring: null,
              countdown: null,
              countdownText: '',
            };
            records.set(incident.id, record);
          }
        }
        record.incident = incident;
        styleMarker(record);
      }
      for (const record of [...records.values()]) {
        if (!listed.has(record.incident.id)) removeRecord(record);
      }
      dirty = true;
      reportStats();
      scene.requestRender();
    },
    setSelected(incidentId) {
      const previous = selectedId === null ? undefined : records.get(selectedId);
      selectedId = incidentId;
      if (previous) styleMarker(previous);
      const current = incidentId === null ? undefined : records.get(incidentId);
      if (current) styleMarker(current);
      scene.requestRender();
    },
    setDraftPlace(place) {
      draft.show = place !== null;
      if (place !== null) {
        draft.position = Cartesian3.fromDegrees(place.lon, place.lat, INCIDENT_HEIGHT_M);
      }
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
      const cluster = id.clusterSlot === undefined ? undefined : clusterMembers[id.clusterSlot];
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
      return { ...stats, shown: records.size };
    },
    destroy() {
      clearInterval(pulseTimer);
      removeUpdate();
      if (!scene.isDestroyed()) {
        scene.primitives.remove(points);
        scene.primitives.remove(labels);
      }
      records.clear();
    },
  };
}
