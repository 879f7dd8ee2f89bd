/**
 * Colours and sizes of live workers on the wall, as CSS colours so the worker card, the filters
 * and the legend use the same ones as the 3D view. Cesium-free; the layers convert them once.
 */
import type { WorkerStatus } from '../../domain/tracking/fix';

/** Walking and reporting: cyan-green; idle: amber; offline: grey; SOS: alarm red. */
export const WORKER_STATUS_COLOURS_CSS: Record<WorkerStatus, string> = {
  online: '#2ee6a6',
  idle: '#f5b942',
  offline: '#7b8794',
  sos: '#ff3b5c',
};

/** Dark rim that keeps a dot readable over bright streets and buildings. */
export const WORKER_OUTLINE_CSS = '#02060d';
export const WORKER_SELECTED_OUTLINE_CSS = '#ffc933';
/** Trails are the status colour, faded. */
export const TRAIL_ALPHA = 0.55;
export const WORKER_LABEL_CSS = '#e8f2ff';
export const WORKER_LABEL_BACKGROUND_CSS = 'rgba(5, 14, 28, 0.88)';
