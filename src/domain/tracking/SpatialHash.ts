/**
 * A uniform grid of buckets over points in local metres, so "is any fix within r of here?" looks
 * at a few buckets instead of every fix: patrol coverage samples thousands of street points
 * against thousands of fixes per worker per day.
 */

/** Packs a pair of cell indices into one number key; cells are metres-scale, so ±2^20 is plenty. */
const CELL_KEY_SPAN = 2 ** 21;
const CELL_KEY_OFFSET = 2 ** 20;

export class SpatialHash {
  readonly cellSizeM: number;
  private readonly buckets = new Map<number, number[]>();
  private pointCount = 0;

  constructor(cellSizeM: number) {
    if (!(cellSizeM > 0)) throw new RangeError(`cell size must be positive, got ${cellSizeM}`);
    this.cellSizeM = cellSizeM;
  }

  get size(): number {
    return this.pointCount;
  }

  private cellOf(valueM: number): number {
    return Math.floor(valueM / this.cellSizeM);
  }

  private keyOf(cellX: number, cellY: number): number {
    return (cellX + CELL_KEY_OFFSET) * CELL_KEY_SPAN + (cellY + CELL_KEY_OFFSET);
  }

  /** Adds a point; buckets hold flat [x, y, x, y, ...] to keep one array per cell. */
  insert(xM: number, yM: number): void {
    const key = this.keyOf(this.cellOf(xM), this.cellOf(yM));
    const bucket = this.buckets.get(key);
    if (bucket === undefined) this.buckets.set(key, [xM, yM]);
    else bucket.push(xM, yM);
    this.pointCount += 1;
  }

  /** True when some inserted point lies within `radiusM` (inclusive) of (xM, yM). */
  hasPointWithin(xM: number, yM: number, radiusM: number): boolean {
    const radiusSquared = radiusM * radiusM;
    const minCellX = this.cellOf(xM - radiusM);
    const maxCellX = this.cellOf(xM + radiusM);
    const minCellY = this.cellOf(yM - radiusM);
    const maxCellY = this.cellOf(yM + radiusM);
    for (let cellX = minCellX; cellX <= maxCellX; cellX++) {
      for (let cellY = minCellY; cellY <= maxCellY; cellY++) {
        const bucket = this.buckets.get(this.keyOf(cellX, cellY));
        if (bucket === undefined) continue;
        for (let index = 0; index < bucket.length; index += 2) {
          const dx = bucket[index]! - xM;
          const dy = bucket[index + 1]! - yM;
          if (dx * dx + dy * dy <= radiusSquared) return true;
        }
      }
    }
    return false;
  }
}
