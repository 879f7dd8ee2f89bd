/**
 * Flat-shaded quads collected for one tile, in the tile's east-north-up frame (metres). Each quad
 * gets its own four vertices so that its normal is exact and its feature ID does not bleed into a
 * neighbour's.
 */

export type EnuPoint = readonly [eastM: number, northM: number, upM: number];

export class TileMesh {
  readonly positionsEnu: number[] = [];
  readonly normalsEnu: number[] = [];
  /** 0..255 grey level per vertex, multiplied onto the base colour. */
  readonly shades: number[] = [];
  readonly featureIds: number[] = [];
  readonly indices: number[] = [];
  private readonly minEnu = [Infinity, Infinity, Infinity];
  private readonly maxEnu = [-Infinity, -Infinity, -Infinity];

  get vertexCount(): number {
    return this.featureIds.length;
  }

  /** Corners counter-clockwise seen from the side the normal points to. */
  addQuad(
    corners: readonly [EnuPoint, EnuPoint, EnuPoint, EnuPoint],
    normal: EnuPoint,
    shade: number,
    featureId: number,
  ): void {
    const base = this.vertexCount;
    for (const corner of corners) this.addVertex(corner, normal, shade, featureId);
    this.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
  }

  private addVertex(position: EnuPoint, normal: EnuPoint, shade: number, featureId: number): void {
    for (let axis = 0; axis < 3; axis++) {
      const value = position[axis]!;
      this.positionsEnu.push(value);
      if (value < this.minEnu[axis]!) this.minEnu[axis] = value;
      if (value > this.maxEnu[axis]!) this.maxEnu[axis] = value;
    }
    this.normalsEnu.push(normal[0], normal[1], normal[2]);
    this.shades.push(shade);
    this.featureIds.push(featureId);
  }

  /**
   * A flat convex polygon, counter-clockwise seen from the normal side. Four corners make a
   * quad; more (corners added on straight edges) fan from a centre vertex, so no triangle is
   * degenerate.
   */
  addPolygon(
    corners: readonly EnuPoint[],
    normal: EnuPoint,
    shade: number,
    featureId: number,
  ): void {
    if (corners.length === 4) {
      this.addQuad(
        corners as readonly [EnuPoint, EnuPoint, EnuPoint, EnuPoint],
        normal,
        shade,
        featureId,
      );
      return;
    }
    const centre = [0, 1, 2].map(
      (axis) => corners.reduce((sum, corner) => sum + corner[axis]!, 0) / corners.length,
    ) as unknown as EnuPoint;
    const base = this.vertexCount;
    for (const corner of [centre, ...corners]) this.addVertex(corner, normal, shade, featureId);
    for (let index = 0; index < corners.length; index++) {
      this.indices.push(base, base + 1 + index, base + 1 + ((index + 1) % corners.length));
    }
  }

  /**
   * A flat polygon of any shape (concave, with holes) already triangulated: `indices` index
   * `points`, each triangle counter-clockwise seen from the normal side.
   */
  addTriangles(
    points: readonly EnuPoint[],
    indices: readonly number[],
    normal: EnuPoint,
    shade: number,
    featureId: number,
  ): void {
    const base = this.vertexCount;
    for (const point of points) this.addVertex(point, normal, shade, featureId);
    for (const index of indices) this.indices.push(base + index);
  }

  /** Axis-aligned bounds of every vertex so far, east/north/up metres. */
  bounds(): { min: EnuPoint; max: EnuPoint } {
    const [minEast, minNorth, minUp] = this.minEnu as [number, number, number];
    const [maxEast, maxNorth, maxUp] = this.maxEnu as [number, number, number];
    return { min: [minEast, minNorth, minUp], max: [maxEast, maxNorth, maxUp] };
  }
}
