/**
 * `npm run -s plume -- --substance chlorine --release-gps 1000 --height-m 0 --wind-ms 3
 * --stability D --terrain urban`: the threat zones of a release, for scripts and checks.
 * A summary goes to stderr; the last stdout line is JSON with `zones` (tier, ppm,
 * maxDistanceM, …). Bad arguments print a message in Chinese and English and exit with 2.
 */
import { runPlumeCommand } from './plume/runPlumeCommand';

const result = runPlumeCommand(process.argv.slice(2), Date.now());
for (const line of result.stderr) process.stderr.write(`${line}\n`);
for (const line of result.stdout) process.stdout.write(`${line}\n`);
process.exitCode = result.exitCode;
