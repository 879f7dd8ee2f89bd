/**
 * One point per incident, coloured by state, the selected one larger with a bright outline.
 * Markers are added, moved, restyled and removed as the list changes, never all re-created.
 * Each record also carries the pulse ring and countdown label once its clock runs late
 * (incidentPulses.ts), so that removing an incident removes everything drawn for it.
 */
import {
  Cartesian3,
  type Label,
  type LabelCollection,
  type PointPrimitive,
  type PointPrimitiveCollection,
} from 'cesium';
import type { WallIncident } from '../incidentStore';
import { ALWAYS_ON_TOP } from '../../globe/wallScale';
import {
  INCIDENT_HEIGHT_M,
  MARKER_SIZE_PX,
  OUTLINE_WIDTH_PX,
  type IncidentStyle,
} from './incidentStyle';

const SELECTED_MARKER_SIZE_PX = 20;
const SELECTED_OUTLINE_WIDTH_PX = 3;

export interface IncidentRecord {
  incident: WallIncident;
  marker: PointPrimitive;
  ring: PointPrimitive | null;
  countdown: Label | null;
  position: Cartesian3;
  /** The countdown text written last, so a label is touched once a second, not every frame. */
  countdownText: string;
}

/** Marks this layer's points for picking without a lookup table. */
export interface IncidentPickId {
  incidentLayerId: symbol;
  incidentId?: string;
  clusterSlot?: number;
}

export interface IncidentMarkers {
  readonly records: ReadonlyMap<string, IncidentRecord>;
  /** Every incident to draw; incidents not listed are removed. */
  setIncidents(incidents: readonly WallIncident[]): void;
  setSelected(incidentId: string | null): void;
}

export function createIncidentMarkers(
  points: PointPrimitiveCollection,
  labels: LabelCollection,
  style: IncidentStyle,
  layerId: symbol,
): IncidentMarkers {
  const records = new Map<string, IncidentRecord>();
  let selectedId: string | null = null;

  function styleMarker(record: IncidentRecord): void {
    const selected = record.incident.id === selectedId;
    const { marker } = record;
    marker.color = style.stateColour(record.incident.state);
    marker.outlineColor = selected ? style.selectedOutline : style.outline;
    marker.outlineWidth = (selected ? SELECTED_OUTLINE_WIDTH_PX : OUTLINE_WIDTH_PX) * style.scale;
    marker.pixelSize = (selected ? SELECTED_MARKER_SIZE_PX : MARKER_SIZE_PX) * style.scale;
  }

  function removeRecord(record: IncidentRecord): void {
    points.remove(record.marker);
    if (record.ring) points.remove(record.ring);
    if (record.countdown) labels.remove(record.countdown);
    records.delete(record.incident.id);
  }

  function place(record: IncidentRecord, position: Cartesian3): void {
    record.position = position;
    record.marker.position = position;
    if (record.ring) record.ring.position = position;
    if (record.countdown) record.countdown.position = position;
  }

  function addRecord(incident: WallIncident, position: Cartesian3): IncidentRecord {
    const pickId: IncidentPickId = { incidentLayerId: layerId, incidentId: incident.id };
    const record: IncidentRecord = {
      incident,
      position,
      marker: points.add({ position, id: pickId, disableDepthTestDistance: ALWAYS_ON_TOP }),
      ring: null,
      countdown: null,
      countdownText: '',
    };
    records.set(incident.id, record);
    return record;
  }

  return {
    records,
    setIncidents(incidents) {
      const listed = new Set<string>();
      for (const incident of incidents) {
        listed.add(incident.id);
        const existing = records.get(incident.id);
        const { lon, lat } = incident.location;
        const moved =
          existing !== undefined &&
          (existing.incident.location.lon !== lon || existing.incident.location.lat !== lat);
        let record = existing;
        if (!existing || moved) {
          const position = Cartesian3.fromDegrees(lon, lat, INCIDENT_HEIGHT_M);
          if (existing) place(existing, position);
          else record = addRecord(incident, position);
        }
        if (record === undefined) continue;
        record.incident = incident;
        styleMarker(record);
      }
      for (const record of [...records.values()]) {
        if (!listed.has(record.incident.id)) removeRecord(record);
      }
    },
    setSelected(incidentId) {
      const previous = selectedId === null ? undefined : records.get(selectedId);
      selectedId = incidentId;
      if (previous) styleMarker(previous);
      const current = incidentId === null ? undefined : records.get(incidentId);
      if (current) styleMarker(current);
    },
  };
}
