/**
 * The plume command's arguments, read into a scenario before anything is computed. Every refusal
 * is a PlumeInputError with a message in both languages.
 */
import type { Release } from '../../src/domain/emergency/plumeModel';
import { PlumeInputError } from '../../src/domain/emergency/plumeScenario';
import {
  resolvePlumeScenario,
  type PlumeScenarioInput,
  type ResolvedPlumeScenario,
} from '../../src/domain/emergency/plumeScenarioInput';

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

export interface PlumeArgs extends ResolvedPlumeScenario {
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

export function parsePlumeArgs(argv: readonly string[], nowMs: number): PlumeArgs {
  const { values, withGeoJson } = readOptions(argv);
  const substance = values.get('substance');
  if (substance === undefined) throw usageError('缺少 --substance', '--substance is missing');
  const windMs = numberOption(values, 'wind-ms');
  if (windMs === undefined) throw usageError('缺少 --wind-ms', '--wind-ms is missing');
  const cloudCoverTenths = numberOption(values, 'cloud-tenths');
  const timeText = values.get('time');
  const atMs = timeText === undefined ? undefined : Date.parse(timeText);
  if (atMs !== undefined && !Number.isFinite(atMs)) {
    throw usageError(
      `--time 须为 ISO 时间，收到 "${timeText}"`,
      `--time must be an ISO time, got "${timeText}"`,
    );
  }
  const input: PlumeScenarioInput = {
    substance,
    release: readRelease(values),
    releaseHeightM: numberOption(values, 'height-m'),
    source: readSource(values),
    windMs,
    windFromDeg: numberOption(values, 'wind-from-deg'),
    stability: values.get('stability'),
    weather:
      cloudCoverTenths === undefined
        ? undefined
        : { cloudCoverTenths, ceilingM: numberOption(values, 'ceiling-m'), atMs },
    terrain: values.get('terrain'),
    exposureMin: numberOption(values, 'duration-min'),
  };
  return { ...resolvePlumeScenario(input, nowMs), withGeoJson };
}
