/**
 * A running clock near or past its due time pulses a ring around its marker and shows a
 * countdown above it, both computed each frame from `dueAtMs` against the wall clock. Ring and
 * label are created the first time an incident runs late and kept on its record after that.
 */
import {
  Cartesian2,
  Color,
  HorizontalOrigin,
  LabelStyle,
  VerticalOrigin,
  type Label,
  type LabelCollection,
  type PointPrimitive,
  type PointPrimitiveCollection,
} from 'cesium';
import type { RunningDeadlinePhase } from '../../../shared/incidents';
import { ALWAYS_ON_TOP } from '../../globe/wallScale';
import { formatCountdown } from '../incidentCountdown';
import { runningDeadlineOf } from '../incidentSelectors';
import type { IncidentRecord } from './incidentMarkers';
import { RING_EXTRA_SIZE_PX, RING_MIN_SIZE_PX, type IncidentStyle } from './incidentStyle';

const RING_WIDTH_PX = 3;
const PULSE_PERIOD_MS = 1400;
/** How much of the ring fades as it grows: fully drawn when small, faint at its widest. */
const RING_FADE = 0.7;
const LABEL_FONT_PX = 15;
/** Above the largest pulse ring, so the countdown never sits under it. */
const LABEL_OFFSET_PX = -(RING_MIN_SIZE_PX + RING_EXTRA_SIZE_PX) / 2 - 2;

export function hidePulse(record: IncidentRecord): void {
  if (record.ring) record.ring.show = false;
  if (record.countdown) record.countdown.show = false;
}

export interface IncidentPulses {
  /** Pulses every shown marker whose clock runs late; returns how many pulse. */
  update(records: Iterable<IncidentRecord>, nowEpochMs: number): number;
}

export function createIncidentPulses(
  points: PointPrimitiveCollection,
  labels: LabelCollection,
  style: IncidentStyle,
): IncidentPulses {
  function ensurePulse(record: IncidentRecord): { ring: PointPrimitive; countdown: Label } {
    record.ring ??= points.add({
      show: false,
      position: record.position,
      color: Color.TRANSPARENT,
      outlineWidth: RING_WIDTH_PX * style.scale,
      disableDepthTestDistance: ALWAYS_ON_TOP,
    });
    record.countdown ??= labels.add({
      show: false,
      position: record.position,
      text: '',
      font: style.font(LABEL_FONT_PX),
      fillColor: style.label,
      showBackground: true,
      backgroundColor: style.labelBackground,
      style: LabelStyle.FILL,
      horizontalOrigin: HorizontalOrigin.CENTER,
      verticalOrigin: VerticalOrigin.BOTTOM,
      pixelOffset: new Cartesian2(0, LABEL_OFFSET_PX * style.scale),
      disableDepthTestDistance: ALWAYS_ON_TOP,
    });
    return { ring: record.ring, countdown: record.countdown };
  }

  return {
    update(records, nowEpochMs) {
      const pulse = 0.5 + 0.5 * Math.sin((2 * Math.PI * performance.now()) / PULSE_PERIOD_MS);
      let pulsing = 0;
      for (const record of records) {
        const deadline = record.marker.show ? runningDeadlineOf(record.incident, nowEpochMs) : null;
        const phase: RunningDeadlinePhase | null =
          deadline === null || deadline.phase === 'on_track' ? null : deadline.phase;
        if (phase === null || deadline === null || deadline.remainingMs === null) {
          hidePulse(record);
          continue;
        }
        pulsing++;
        const { ring, countdown } = ensurePulse(record);
        const colour = style.phaseColour(phase);
        ring.show = true;
        ring.pixelSize = (RING_MIN_SIZE_PX + RING_EXTRA_SIZE_PX * pulse) * style.scale;
        ring.outlineColor = colour.withAlpha(1 - RING_FADE * pulse);
        const text = formatCountdown(deadline.remainingMs);
        if (text !== record.countdownText) {
          record.countdownText = text;
          countdown.text = text;
        }
        countdown.fillColor = colour;
        countdown.show = true;
      }
      return pulsing;
    },
  };
}
