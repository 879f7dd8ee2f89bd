/**
 * DistrictSnapshot's reload: a reload asked for while a read is under way settles only once a
 * read that started after it has ended (the change it was asked for is in the rows), and the
 * requests during one read share one more read.
 */
import { describe, expect, it } from 'vitest';
import type { GridRecord } from '../../domain/registry';
import { DistrictSnapshot } from './districtSnapshot';

/** A register whose reads end when the test says, each answering the grids of its moment. */
function slowRegister() {
  let version = 0;
  const releases: Array<() => void> = [];
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    change() {
      version++;
    },
    finishRead() {
      releases.shift()?.();
    },
    registry: {
      readMeta: async () => ({}),
      listBasemap: async () => [],
      listGrids: () => {
        reads++;
        const seen = version;
        return new Promise<GridRecord[]>((resolve) => {
          releases.push(() => resolve([{ code: `v${seen}` } as GridRecord]));
        });
      },
    },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('DistrictSnapshot.reload', () => {
  it('settles a reload asked for during a read only after a read that saw the change', async () => {
    const register = slowRegister();
    const snapshot = new DistrictSnapshot(register.registry);
    const first = snapshot.reload();
    await tick();
    register.change();
    let settled = false;
    const second = snapshot.reload().then(() => {
      settled = true;
    });
    const third = snapshot.reload();
    register.finishRead();
    await first;
    await tick();
    expect(snapshot.listGrids().map((grid) => grid.code)).toEqual(['v0']);
    expect(settled).toBe(false);
    expect(register.reads).toBe(2);
    register.finishRead();
    await Promise.all([second, third]);
    expect(snapshot.listGrids().map((grid) => grid.code)).toEqual(['v1']);
    expect(register.reads).toBe(2);
  });

  it('reads once when nothing is under way', async () => {
    const register = slowRegister();
    const snapshot = new DistrictSnapshot(register.registry);
    const read = snapshot.reload();
    await tick();
    register.finishRead();
    await read;
    expect(register.reads).toBe(1);
    expect(snapshot.findGrid('v0')?.code).toBe('v0');
  });
});
