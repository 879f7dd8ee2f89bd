/**
 * Where a rank falls among the step-wait histogram's buckets, and from which end of its bucket
 * the rollup readers read it (the readers themselves are checked against the GROUP BY over the
 * raw tables in statsRollups.test.ts and cockpit/cockpitRollups.contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { bucketOfRank, districtRoots, type WaitBucket } from './rollupStatsRows';

const entries: WaitBucket[] = [
  { bucket: 4, samples: 3, totalMs: 30 },
  { bucket: 9, samples: 10, totalMs: 1_000 },
  { bucket: 12, samples: 1, totalMs: 5_000 },
];

describe('bucketOfRank', () => {
  it('skips the waits below the rank in the lower half of its bucket', () => {
    expect(bucketOfRank(entries, 1)).toEqual({ bucket: 4, descending: false, offset: 0 });
    expect(bucketOfRank(entries, 4)).toEqual({ bucket: 9, descending: false, offset: 0 });
    // Rank 8 is the 5th of bucket 9's ten waits: four below it, five above.
    expect(bucketOfRank(entries, 8)).toEqual({ bucket: 9, descending: false, offset: 4 });
  });

  it('counts down from the top in the upper half, so the read sorts fewer waits', () => {
    // Rank 9 is the 6th of ten: five below, four above.
    expect(bucketOfRank(entries, 9)).toEqual({ bucket: 9, descending: true, offset: 4 });
    expect(bucketOfRank(entries, 13)).toEqual({ bucket: 9, descending: true, offset: 0 });
    expect(bucketOfRank(entries, 3)).toEqual({ bucket: 4, descending: true, offset: 0 });
    // The middle of an odd bucket: as many either side, read ascending.
    expect(bucketOfRank(entries, 2)).toEqual({ bucket: 4, descending: false, offset: 1 });
  });

  it('answers the only wait of a bucket of one, and nothing past the last', () => {
    expect(bucketOfRank(entries, 14)).toEqual({ bucket: 12, descending: false, offset: 0 });
    expect(bucketOfRank(entries, 15)).toBeNull();
    expect(bucketOfRank([], 1)).toBeNull();
  });
});

describe('districtRoots', () => {
  it('answers the roots when every one is a whole district, else null', () => {
    expect(districtRoots(['350102'])).toEqual(['350102']);
    expect(districtRoots(['350102', '350103'])).toEqual(['350102', '350103']);
    expect(districtRoots(['350102', '350103001'])).toBeNull();
    expect(districtRoots(['350102001'])).toBeNull();
    expect(districtRoots([])).toBeNull();
  });
});
