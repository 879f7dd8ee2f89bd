/** The import CLI's arguments, checked before anything is opened. */
import { parseCrs, type Crs } from '../../src/domain/geo/crs';

export type ImportArgs =
  | {
      command: 'import';
      kind: string;
      file: string;
      crs: Crs;
      dryRun: boolean;
      mapping: Record<string, string>;
    }
  | { command: 'rollback'; batchId: string };

const USAGE =
  'usage: npm run import -- <grids|buildings|registers|rentals|workers> <file> [--crs wgs84|cgcs2000|cgcs2000-gk3:<zone>|gcj02|bd09] [--dry-run] [--map field=column]… | rollback <batchId>';

export function parseImportArgs(argv: readonly string[]): ImportArgs {
  const positional: string[] = [];
  let crs: Crs = 'wgs84';
  let dryRun = false;
  const mapping: Record<string, string> = {};
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === '--dry-run') dryRun = true;
    else if (arg === '--crs') crs = parseCrs(argv[++index] ?? '');
    else if (arg.startsWith('--crs=')) crs = parseCrs(arg.slice('--crs='.length));
    else if (arg === '--map' || arg.startsWith('--map=')) {
      const pair = arg === '--map' ? (argv[++index] ?? '') : arg.slice('--map='.length);
      const equals = pair.indexOf('=');
      if (equals <= 0) throw new Error(`--map needs field=column, got "${pair}". ${USAGE}`);
      mapping[pair.slice(0, equals)] = pair.slice(equals + 1);
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}. ${USAGE}`);
    else positional.push(arg);
  }
  if (positional[0] === 'rollback') {
    if (positional.length !== 2) throw new Error(USAGE);
    return { command: 'rollback', batchId: positional[1]! };
  }
  if (positional.length !== 2) throw new Error(USAGE);
  return { command: 'import', kind: positional[0]!, file: positional[1]!, crs, dryRun, mapping };
}
