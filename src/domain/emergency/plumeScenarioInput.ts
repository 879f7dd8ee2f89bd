/**
 * A scenario as people and programs give it (a substance by name, the class or the cloud cover,
 * defaults left out) resolved into a PlumeScenario, with a bilingual refusal for anything that
 * does not fit. The command line and the server both come through here.
 */
import type { LonLat } from '../registry';
import {
  AEGL_DURATIONS_MIN,
  DEFAULT_AEGL_DURATION_MIN,
  findChemical,
  isAeglDuration,
} from './chemicals';
import {
  isStabilityClass,
  isTerrain,
  type StabilityClass,
  type Terrain,
} from './dispersionCoefficients';
import type { Release } from './plumeModel';
import { PlumeInputError, validatePlumeScenario, type PlumeScenario } from './plumeScenario';
import { deriveStabilityClass } from './turnerStability';

/** Built-up districts are what this platform governs; open country must be asked for. */
export const DEFAULT_TERRAIN: Terrain = 'urban';
const MAX_CLOUD_TENTHS = 10;

export interface PlumeScenarioInput {
  /** Id, English or Chinese name, or CAS number of a built-in substance. */
  substance: string;
  release: Release;
  releaseHeightM?: number;
  source: LonLat;
  windMs: number;
  /** Where the wind comes from, degrees; north (0) when not given. */
  windFromDeg?: number;
  /** A–F; when absent, `weather` derives it with Turner's key. */
  stability?: string;
  weather?: { cloudCoverTenths: number; ceilingM?: number; atMs?: number };
  terrain?: string;
  exposureMin?: number;
}

export interface ResolvedPlumeScenario {
  scenario: PlumeScenario;
  stabilitySource: 'entered' | 'turner';
}

function resolveStability(input: PlumeScenarioInput, nowMs: number) {
  const entered = input.stability?.trim().toUpperCase();
  if (entered !== undefined) {
    if (!isStabilityClass(entered)) {
      throw new PlumeInputError(
        'stability',
        `稳定度须为 A 至 F，收到 "${input.stability}"`,
        `stability must be A to F, got "${input.stability}"`,
      );
    }
    return { stability: entered as StabilityClass, stabilitySource: 'entered' as const };
  }
  const { weather } = input;
  if (
    weather === undefined ||
    !(weather.cloudCoverTenths >= 0 && weather.cloudCoverTenths <= MAX_CLOUD_TENTHS)
  ) {
    throw new PlumeInputError(
      'stability',
      '须给出稳定度（A 至 F），或给出总云量（0 至 10 成）以按 Turner 法推算',
      'give the stability class (A to F), or the total cloud cover (0 to 10 tenths) to derive it with Turner’s key',
    );
  }
  const stability = deriveStabilityClass({
    windMs: input.windMs,
    cloudCoverTenths: weather.cloudCoverTenths,
    ceilingM: weather.ceilingM,
    atMs: weather.atMs ?? nowMs,
    lonDeg: input.source.lon,
    latDeg: input.source.lat,
  });
  return { stability, stabilitySource: 'turner' as const };
}

export function resolvePlumeScenario(
  input: PlumeScenarioInput,
  nowMs: number,
): ResolvedPlumeScenario {
  const substance = findChemical(input.substance);
  if (substance === undefined) {
    throw new PlumeInputError(
      'substance',
      `内置物质表中没有 "${input.substance}"`,
      `"${input.substance}" is not in the built-in substance table`,
    );
  }
  const terrain = input.terrain ?? DEFAULT_TERRAIN;
  if (!isTerrain(terrain)) {
    throw new PlumeInputError(
      'terrain',
      `地形须为 open（开阔）或 urban（城区），收到 "${terrain}"`,
      `terrain must be open or urban, got "${terrain}"`,
    );
  }
  const exposureMin = input.exposureMin ?? DEFAULT_AEGL_DURATION_MIN;
  if (!isAeglDuration(exposureMin)) {
    throw new PlumeInputError(
      'exposureMin',
      `暴露时长须为 ${AEGL_DURATIONS_MIN.join('、')} 分钟之一，收到 ${exposureMin}`,
      `the exposure duration must be one of ${AEGL_DURATIONS_MIN.join(', ')} minutes, got ${exposureMin}`,
    );
  }
  const { stability, stabilitySource } = resolveStability(input, nowMs);
  const scenario: PlumeScenario = {
    substance,
    release: input.release,
    releaseHeightM: input.releaseHeightM ?? 0,
    source: input.source,
    windMs: input.windMs,
    windFromDeg: input.windFromDeg ?? 0,
    stability,
    terrain,
    exposureMin,
  };
  validatePlumeScenario(scenario);
  return { scenario, stabilitySource };
}
