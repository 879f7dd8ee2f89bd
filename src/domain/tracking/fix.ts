/**
 * What a grid worker's phone reports (a Fix) and what the system keeps once it accepted one (a
 * Position, which adds when it arrived). Plain data shared by ingest, fan-out, trails and replay,
 * so that every stage agrees on units and on the dedupe key.
 */

/** One GPS fix as the device sends it. Coordinates are WGS84 degrees (DESIGN.md §3). */
export interface Fix {
  /** Numeric worker id (fits the uint32 of the position frame). */
  workerId: number;
  /** When the receiver took the fix, device clock, epoch milliseconds. */
  fixTimeMs: number;
  lon: number;
  lat: number;
  /** Horizontal accuracy radius (68 %), metres. */
  accuracyM: number;
  /** Ground speed; null when the device did not report one (many do not while standing). */
  speedMps: number | null;
  /** Course over ground, degrees clockwise from true north in [0, 360); null when unknown. */
  headingDeg: number | null;
}

/** An accepted fix, with the server time it arrived (for latency and lateness figures). */
export interface Position extends Fix {
  receivedAtMs: number;
}

/** The part of a fix that track geometry needs; lets trails keep lighter records. */
export interface TrackPoint {
  fixTimeMs: number;
  lon: number;
  lat: number;
  accuracyM: number;
}

export const WORKER_STATUSES = ['online', 'idle', 'offline', 'sos'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

/**
 * The key a fix is de-duplicated by: a device that resends after a lost acknowledgement sends
 * the same (worker, fix time), and that must be stored once.
 */
export function fixDedupeKey(workerId: number, fixTimeMs: number): string {
  return `${workerId}:${fixTimeMs}`;
}
