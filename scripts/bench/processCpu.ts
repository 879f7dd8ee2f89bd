/**
 * CPU time of processes from /proc (Linux): a bench's server side is its descendants (nodes,
 * nginx, Redis) less its load generators, plus the PostgreSQL backends serving its database.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_S = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

interface ProcessStat {
  pid: number;
  parent: number;
  cpuTicks: number;
}

function statOf(pid: number): ProcessStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The name may hold spaces and parentheses: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // state ppid … utime (14th field of the line) stime (15th): 12th and 13th after the name.
    return { pid, parent: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

function allProcesses(): ProcessStat[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => statOf(Number(name)))
    .filter((stat): stat is ProcessStat => stat !== null);
}

/** Every descendant of `root` (not itself), less the subtrees of `excluded`. */
export function descendantsOf(root: number, excluded: ReadonlySet<number>): number[] {
  const children = new Map<number, number[]>();
  for (const stat of allProcesses()) {
    const list = children.get(stat.parent) ?? [];
    list.push(stat.pid);
    children.set(stat.parent, list);
  }
  const found: number[] = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    if (excluded.has(pid)) continue;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** CPU milliseconds (user + system) each process has used so far; gone ones are left out. */
export function cpuMsOf(pids: readonly number[]): Map<number, number> {
  const used = new Map<number, number>();
  for (const pid of pids) {
    const stat = statOf(pid);
    if (stat !== null) used.set(pid, (stat.cpuTicks * 1000) / CLOCK_TICKS_PER_S);
  }
  return used;
}

/** CPU milliseconds the processes used between two readings (those in both). */
export function cpuMsBetween(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? ms);
  return total;
}

/** The same, summed by process name (node, postgres, nginx, redis-server, …). */
export function cpuMsByName(
  before: ReadonlyMap<number, number>,
  after: ReadonlyMap<number, number>,
): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const [pid, ms] of after) {
    let name = 'gone';
    try {
      name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    } catch {
      // Ended since the reading: counted under 'gone'.
    }
    byName[name] = Math.round((byName[name] ?? 0) + ms - (before.get(pid) ?? ms));
  }
  return byName;
}
