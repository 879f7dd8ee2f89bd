/**
 * The plume command's arguments, read into a scenario before anything is computed. Every refusal
 * is a PlumeInputError with a message in both languages.
 */
import {
  DEFAULT_AEGL_DURATION_MIN,
  findChemical,
  isAeglDuration,
  AEGL_DURATIONS_MIN,
} from '../../src/domain/emergency/chemicals';
import {
  isStabilityClass,
  isTerrain,
  type StabilityClass,
} from '../../src/domain/emergency/dispersionCoefficients';
import type { Release } from '../../src/domain/emergency/plumeModel';
import { PlumeInputError, type PlumeScenario } from '../../src/domain/emergency/plumeScenario';
import { deriveStabilityClass } from '../../src/domain/emergency/turnerStability';

export const PLUME_USAGE =
  'npm run -s plume -- --substance <name> (--release-gps <g/s> [--release-min <min>] | --release-kg <kg>) --wind-ms <m/s> [--wind-from-deg <deg>] (--stability A-F | --cloud-tenths <0-10> [--ceiling-m <m>] [--time <ISO>]) [--terrain open|urban] [--height-m <m>] [--duration-min 10|30|60|240|480] [--source <lon>,<lat>] [--geojson]';

/** The demo district's centre (Gulou, Fuzhou), where a source with no position is placed. */
const DEFAULT_SOURCE = { lon: 119.2925, lat: 26.085 };
const SECONDS_PER_MINUTE = 60;
const VALUE_OPTIONS = [
  'substance',
  'release-gps',
  'release-min',
  'release-kg',
  'height-m',
  'wind-ms',
  'wind-from-deg',
  'stability',
  'cloud-tenths',
  'ceiling-m',
  'time',
  'terrain',
  'duration-min',
  'source',
] as const;
type ValueOption = (typeof VALUE_OPTIONS)[number];

export interface PlumeArgs {
  scenario: PlumeScenario;
  /** Whether the class was entered or derived with Turner's key. */
  stabilitySource: 'entered' | 'turner';
  withGeoJson: boolean;
}

function usageError(zh: string, en: string): PlumeInputError {
  return new PlumeInputError(
    'usage',
    `${zh}。用法：${PLUME_USAGE}`,
    `${en}. Usage: ${PLUME_USAGE}`,
  );
}

function readOptions(argv: readonly string[]) {
  const values = new Map<ValueOption, string>();
  let withGeoJson = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--geojson') {
      withGeoJson = true;
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s) : [arg];
    if (!(VALUE_OPTIONS as readonly string[]).includes(name!)) {
      throw usageError(`未知参数 ${arg}`, `unknown argument ${arg}`);
    }
    const value = inline ?? argv[++index];
    if (value === undefined) throw usageError(`参数 ${arg} 缺少取值`, `${arg} needs a value`);
    values.set(name as ValueOption, value);
  }
  return { values, withGeoJson };
}

function numberOption(values: Map<ValueOption, string>, name: ValueOption): number | undefined {
  const text = values.get(name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw usageError(
      `--${name} 须为数字，收到 "${text}"`,
      `--${name} must be a number, got "${text}"`,
    );
  }
  return value;
}

function readRelease(values: Map<ValueOption, string>): Release {
  const rateGPerS = numberOption(values, 'release-gps');
  const massKg = numberOption(values, 'release-kg');
  if ((rateGPerS === undefined) === (massKg === undefined)) {
    throw usageError(
      '须给出 --release-gps（连续泄漏，克/秒）或 --release-kg（瞬时泄漏，千克）之一',
      'give exactly one of --release-gps (continuous, g/s) or --release-kg (instantaneous, kg)',
    );
  }
  if (massKg !== undefined) return { kind: 'instantaneous', massKg };
  const durationMin = numberOption(values, 'release-min');
  return durationMin === undefined
    ? { kind: 'continuous', rateGPerS: rateGPerS! }
    : { kind: 'continuous', rateGPerS: rateGPerS!, durationS: durationMin * SECONDS_PER_MINUTE };
}

function readSource(values: Map<ValueOption, string>) {
  const text = values.get('source');
  if (text === undefined) return DEFAULT_SOURCE;
  const [lon, lat, extra] = text.split(',').map(Number);
  if (extra !== undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) {
    throw usageError(
      `--source 须为 经度,纬度，收到 "${text}"`,
      `--source must be lon,lat, got "${text}"`,
    );
  }
  return { lon: lon!, lat: lat! };
}

function readStability(
  values: Map<ValueOption, string>,
  windMs: number,
  source: { lon: number; lat: number },
  nowMs: number,
): { stability: StabilityClass; stabilitySource: PlumeArgs['stabilitySource'] } {
  const entered = values.get('stability')?.toUpperCase();
  if (entered !== undefined) {
    if (!isStabilityClass(entered)) {
      throw usageError(
        `稳定度须为 A 至 F，收到 "${entered}"`,
        `--stability must be A to F, got "${entered}"`,
      );
    }
    return { stability: entered, stabilitySource: 'entered' };
  }
  const cloudCoverTenths = numberOption(values, 'cloud-tenths');
  if (cloudCoverTenths === undefined || cloudCoverTenths < 0 || cloudCoverTenths > 10) {
    throw usageError(
      '须给出 --stability（A 至 F），或给出 --cloud-tenths（总云量 0 至 10 成）以按 Turner 法推算',
      'give --stability (A to F), or --cloud-tenths (total cloud cover 0 to 10) to derive it with Turner’s key',
    );
  }
  const timeText = values.get('time');
  const atMs = timeText === undefined ? nowMs : Date.parse(timeText);
  if (!Number.isFinite(atMs)) {
    throw usageError(
      `--time 须为 ISO 时间，收到 "${timeText}"`,
      `--time must be an ISO time, got "${timeText}"`,
    );
  }
  const stability = deriveStabilityClass({
    windMs,
    cloudCoverTenths,
    ceilingM: numberOption(values, 'ceiling-m'),
    atMs,
    lonDeg: source.lon,
    latDeg: source.lat,
  });
  return { stability, stabilitySource: 'turner' };
}

export function parsePlumeArgs(argv: readonly string[], nowMs: number): PlumeArgs {
  const { values, withGeoJson } = readOptions(argv);
  const substanceName = values.get('substance');
  if (substanceName === undefined) throw usageError('缺少 --substance', '--substance is missing');
  const substance = findChemical(substanceName);
  if (substance === undefined) {
    throw new PlumeInputError(
      'substance',
      `内置物质表中没有 "${substanceName}"`,
      `"${substanceName}" is not in the built-in substance table`,
    );
  }
  const windMs = numberOption(values, 'wind-ms');
  if (windMs === undefined) throw usageError('缺少 --wind-ms', '--wind-ms is missing');
  const terrain = values.get('terrain') ?? 'urban';
  if (!isTerrain(terrain)) {
    throw usageError(
      `地形须为 open 或 urban，收到 "${terrain}"`,
      `--terrain must be open or urban, got "${terrain}"`,
    );
  }
  const exposureMin = numberOption(values, 'duration-min') ?? DEFAULT_AEGL_DURATION_MIN;
  if (!isAeglDuration(exposureMin)) {
    const allowed = AEGL_DURATIONS_MIN.join('、');
    throw usageError(
      `--duration-min 须为 ${allowed} 之一，收到 ${exposureMin}`,
      `--duration-min must be one of ${AEGL_DURATIONS_MIN.join(', ')}, got ${exposureMin}`,
    );
  }
  const source = readSource(values);
  const { stability, stabilitySource } = readStability(values, windMs, source, nowMs);
  return {
    scenario: {
      substance,
      release: readRelease(values),
      releaseHeightM: numberOption(values, 'height-m') ?? 0,
      source,
      windMs,
      windFromDeg: numberOption(values, 'wind-from-deg') ?? 0,
      stability,
      terrain,
      exposureMin,
    },
    stabilitySource,
    withGeoJson,
  };
}
