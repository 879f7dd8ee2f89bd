import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { USAGE_EXIT_CODE, runPlumeCommand } from './runPlumeCommand';

const run = promisify(execFile);
const ISSUE_EXAMPLE = [
  '--substance',
  'chlorine',
  '--release-gps',
  '1000',
  '--height-m',
  '0',
  '--wind-ms',
  '3',
  '--stability',
  'D',
  '--terrain',
  'urban',
];
const NOW_MS = Date.UTC(2024, 5, 21, 4, 0);

function lastLine(argv: string[]) {
  const result = runPlumeCommand(argv, NOW_MS);
  return { ...result, json: JSON.parse(result.stdout.at(-1)!) };
}

describe('the plume command', () => {
  it('answers the issue’s chlorine example with one zone per tier and 60-minute values', () => {
    const { exitCode, json } = lastLine(ISSUE_EXAMPLE);
    expect(exitCode).toBe(0);
    expect(json.exposureMin).toBe(60);
    expect(json.zones.map((zone: { tier: string; ppm: number }) => [zone.tier, zone.ppm])).toEqual([
      ['AEGL-1', 0.5],
      ['AEGL-2', 2],
      ['AEGL-3', 20],
    ]);
    // The AEGL-2 edge hand-computed in plumeScenario.test.ts: between 1050 and 1060 m.
    expect(json.zones[1].maxDistanceM).toBeGreaterThanOrEqual(1050);
    expect(json.zones[1].maxDistanceM).toBeLessThanOrEqual(1060);
    expect(json.zones[0].maxDistanceM).toBeGreaterThan(json.zones[1].maxDistanceM);
  });

  it('switches to the AEGL values of --duration-min', () => {
    const { json } = lastLine([...ISSUE_EXAMPLE, '--duration-min', '10']);
    expect(json.zones.map((zone: { ppm: number }) => zone.ppm)).toEqual([0.5, 2.8, 50]);
  });

  it('derives the class with Turner’s key when only the cloud cover is given', () => {
    const withoutClass = ISSUE_EXAMPLE.filter((arg) => arg !== '--stability' && arg !== 'D');
    const { json } = lastLine([
      ...withoutClass,
      '--cloud-tenths',
      '0',
      '--time',
      '2024-06-21T12:00:00+08:00',
    ]);
    expect(json).toMatchObject({ stability: 'B', stabilitySource: 'turner' }); // 6 kt, index 4
  });

  it('takes an instantaneous mass and can add the zone polygons', () => {
    const args = ISSUE_EXAMPLE.map((arg) => (arg === '--release-gps' ? '--release-kg' : arg));
    const { json } = lastLine([...args, '--geojson', '--wind-from-deg', '90']);
    expect(json.release).toEqual({ kind: 'instantaneous', massKg: 1000 });
    expect(json.zones[0].polygon.type).toBe('Polygon');
  });

  it.each([
    [
      ['--substance', 'unobtainium', '--release-gps', '1', '--wind-ms', '3', '--stability', 'D'],
      /unobtainium/,
    ],
    [[...ISSUE_EXAMPLE, '--release-kg', '5'], /exactly one of --release-gps/],
    [
      [...ISSUE_EXAMPLE, '--duration-min', '45'],
      /exposure duration must be one of 10, 30, 60, 240, 480/,
    ],
    [[...ISSUE_EXAMPLE, '--stability', 'Q'], /stability must be A to F/],
    [[...ISSUE_EXAMPLE, '--wind-ms', 'fast'], /--wind-ms must be a number/],
    [[...ISSUE_EXAMPLE, '--bogus'], /unknown argument --bogus/],
    [[...ISSUE_EXAMPLE, '--wind-ms', '0.5'], /wind speed at 10 m/],
  ])('refuses %j with exit code 2 and a message in both languages', (argv, english) => {
    const { exitCode, json, stderr } = lastLine(argv);
    expect(exitCode).toBe(USAGE_EXIT_CODE);
    expect(json.error.messageEn).toMatch(english);
    expect(json.error.messageZh).toMatch(/[\u4e00-\u9fff]/);
    expect(stderr).toEqual([json.error.messageZh, json.error.messageEn]);
  });

  it('runs as `npm run plume` and exits with 2 on a bad argument', async () => {
    const { stdout } = await run('npm', ['run', '-s', 'plume', '--', ...ISSUE_EXAMPLE]);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!).zones).toHaveLength(3);
    const failure = await run('npm', ['run', '-s', 'plume', '--', '--substance', 'chlorine']).catch(
      (error: { code: number; stdout: string }) => error,
    );
    expect(failure).toMatchObject({ code: USAGE_EXIT_CODE });
  });
});
