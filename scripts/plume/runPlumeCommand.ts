/**
 * The plume command without the process around it: arguments in, lines out and an exit code,
 * so that tests can run it in-process. The last stdout line is JSON with `zones`.
 */
import { PlumeInputError, computeThreatZones } from '../../src/domain/emergency/plumeScenario';
import { parsePlumeArgs } from './plumeArgs';

export const USAGE_EXIT_CODE = 2;

export interface PlumeCommandResult {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

const roundTo = (value: number | null, decimals: number) =>
  value === null ? null : Number(value.toFixed(decimals));

export function runPlumeCommand(argv: readonly string[], nowMs: number): PlumeCommandResult {
  try {
    const { scenario, stabilitySource, withGeoJson } = parsePlumeArgs(argv, nowMs);
    const { zones } = computeThreatZones(scenario);
    const summary = zones.map((zone) => ({
      tier: zone.tier,
      ppm: zone.ppm,
      maxDistanceM: roundTo(zone.maxDistanceM, 0),
      maxHalfWidthM: roundTo(zone.maxHalfWidthM, 0),
      nearestDistanceM: roundTo(zone.nearestDistanceM, 0),
      arrivalAtMaxDistanceS:
        zone.maxDistanceM === null ? null : roundTo(zone.maxDistanceM / scenario.windMs, 0),
      truncated: zone.truncated,
      ...(withGeoJson ? { polygon: zone.polygon } : {}),
    }));
    const stderr = summary.map((zone) =>
      zone.ppm === null
        ? `${zone.tier}: 无推荐值（NR）/ not recommended (NR)`
        : `${zone.tier} ${zone.ppm} ppm: 最远 ${zone.maxDistanceM} m 下风向 / up to ${zone.maxDistanceM} m downwind`,
    );
    const line = {
      substance: scenario.substance.id,
      release: scenario.release,
      releaseHeightM: scenario.releaseHeightM,
      source: scenario.source,
      windMs: scenario.windMs,
      windFromDeg: scenario.windFromDeg,
      stability: scenario.stability,
      stabilitySource,
      terrain: scenario.terrain,
      exposureMin: scenario.exposureMin,
      zones: summary,
    };
    return { exitCode: 0, stdout: [JSON.stringify(line)], stderr };
  } catch (error) {
    if (!(error instanceof PlumeInputError)) throw error;
    const failure = { code: error.field, messageZh: error.messageZh, messageEn: error.messageEn };
    return {
      exitCode: USAGE_EXIT_CODE,
      stdout: [JSON.stringify({ error: failure })],
      stderr: [error.messageZh, error.messageEn],
    };
  }
}
