/**
 * Zoomed out, incident markers that crowd each other on screen merge into counted clusters
 * (grouping in incidentClusters.ts, pure). Re-run only when the camera moved or the markers
 * changed; cluster bubbles and their count labels are pooled by slot and reused.
 */
import {
  BoundingSphere,
  Cartesian2,
  Cartesian3,
  HorizontalOrigin,
  LabelStyle,
  SceneTransforms,
  VerticalOrigin,
  type Label,
  type LabelCollection,
  type PointPrimitive,
  type PointPrimitiveCollection,
  type Scene,
} from 'cesium';
import { ALWAYS_ON_TOP } from '../../globe/wallScale';
import { clusterScreenPoints, type ScreenPoint } from './incidentClusters';
import type { IncidentPickId, IncidentRecord } from './incidentMarkers';
import { hidePulse } from './incidentPulses';
import { OUTLINE_WIDTH_PX, type IncidentStyle } from './incidentStyle';

const CLUSTER_BASE_SIZE_PX = 24;
/** A cluster grows with the log of its count, so 500 does not cover the district. */
const CLUSTER_SIZE_PER_LOG2_PX = 4;
const CLUSTER_MAX_SIZE_PX = 52;
/** Markers closer than this on screen merge (about two markers' widths). */
const CLUSTER_RADIUS_PX = 30;
const CLUSTER_FONT_PX = 16;
const LABEL_GAP_PX = 2;

interface ClusterSlot {
  point: PointPrimitive;
  label: Label;
}

/** What a drawn cluster stands for: its members and where a click on it should fly. */
export interface DrawnCluster {
  ids: string[];
  centre: Cartesian3;
  radiusM: number;
}

export interface IncidentClusterLayer {
  /** Groups markers by their window positions; returns how many clusters are drawn. */
  recluster(records: ReadonlyMap<string, IncidentRecord>): number;
  /** The cluster drawn in a slot, as drawn last. */
  clusterAt(slot: number): DrawnCluster | undefined;
}

export function createIncidentClusterLayer(
  scene: Scene,
  points: PointPrimitiveCollection,
  labels: LabelCollection,
  style: IncidentStyle,
  layerId: symbol,
): IncidentClusterLayer {
  const slots: ClusterSlot[] = [];
  const drawn: DrawnCluster[] = [];
  const windowScratch = new Cartesian2();
  const sphereScratch = new BoundingSphere();

  function slotAt(index: number): ClusterSlot {
    const existing = slots[index];
    if (existing) return existing;
    const pickId: IncidentPickId = { incidentLayerId: layerId, clusterSlot: index };
    const slot: ClusterSlot = {
      point: points.add({
        show: false,
        id: pickId,
        color: style.cluster,
        outlineColor: style.outline,
        outlineWidth: OUTLINE_WIDTH_PX * style.scale,
        disableDepthTestDistance: ALWAYS_ON_TOP,
      }),
      // Above the bubble, not on it: both sit on the near plane (always on top), where the
      // label's fragments would lose the depth test against the bubble drawn first.
      label: labels.add({
        show: false,
        position: Cartesian3.ZERO,
        text: '',
        font: style.font(CLUSTER_FONT_PX),
        fillColor: style.label,
        showBackground: true,
        backgroundColor: style.labelBackground,
        style: LabelStyle.FILL,
        horizontalOrigin: HorizontalOrigin.CENTER,
        verticalOrigin: VerticalOrigin.BOTTOM,
        disableDepthTestDistance: ALWAYS_ON_TOP,
      }),
    };
    slots[index] = slot;
    return slot;
  }

  function drawCluster(index: number, members: IncidentRecord[]): void {
    for (const member of members) {
      member.marker.show = false;
      hidePulse(member);
    }
    BoundingSphere.fromPoints(
      members.map((member) => member.position),
      sphereScratch,
    );
    const slot = slotAt(index);
    const sizePx = Math.min(
      CLUSTER_MAX_SIZE_PX,
      CLUSTER_BASE_SIZE_PX + CLUSTER_SIZE_PER_LOG2_PX * Math.log2(members.length),
    );
    slot.point.position = sphereScratch.center;
    slot.point.pixelSize = sizePx * style.scale;
    slot.point.show = true;
    slot.label.position = sphereScratch.center;
    slot.label.text = String(members.length);
    slot.label.pixelOffset = new Cartesian2(0, -(sizePx / 2 + LABEL_GAP_PX) * style.scale);
    slot.label.show = true;
    drawn.push({
      ids: members.map((member) => member.incident.id),
      centre: Cartesian3.clone(sphereScratch.center),
      radiusM: sphereScratch.radius,
    });
  }

  return {
    recluster(records) {
      // Markers off screen stand alone (they are not drawn anyway).
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
      const clusters = clusterScreenPoints(onScreen, CLUSTER_RADIUS_PX * style.scale).filter(
        (cluster) => cluster.keys.length > 1,
      );
      drawn.length = 0;
      clusters.forEach((cluster, index) =>
        drawCluster(
          index,
          cluster.keys.flatMap((key) => records.get(key) ?? []),
        ),
      );
      for (const slot of slots.slice(clusters.length)) {
        slot.point.show = false;
        slot.label.show = false;
      }
      return clusters.length;
    },
    clusterAt: (slot) => drawn[slot],
  };
}
