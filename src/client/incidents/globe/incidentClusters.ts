/**
 * Screen-space clustering of incident markers: markers whose window positions lie within a
 * radius of a cluster's first member join it, so a zoomed-out district shows a few counted
 * bubbles and a street view shows every marker. Greedy over a grid of cells (each marker checks
 * the 3×3 cells around it), so it stays linear in the number of markers. Cesium-free and pure.
 */

export interface ScreenPoint {
  key: string;
  xPx: number;
  yPx: number;
}

export interface ScreenCluster {
  /** Member keys in input order; one member means the marker stands alone. */
  keys: string[];
  /** Position of the first member, which anchors the cluster. */
  xPx: number;
  yPx: number;
}

export function clusterScreenPoints(
  points: readonly ScreenPoint[],
  radiusPx: number,
): ScreenCluster[] {
  if (radiusPx <= 0) return points.map((point) => ({ keys: [point.key], ...pixelsOf(point) }));
  const clusters: ScreenCluster[] = [];
  const cells = new Map<string, ScreenCluster[]>();
  const radiusSquared = radiusPx * radiusPx;
  const cellOf = (value: number) => Math.floor(value / radiusPx);
  for (const point of points) {
    const column = cellOf(point.xPx);
    const row = cellOf(point.yPx);
    let joined: ScreenCluster | null = null;
    for (let dx = -1; dx <= 1 && joined === null; dx++) {
      for (let dy = -1; dy <= 1 && joined === null; dy++) {
        for (const cluster of cells.get(`${column + dx}:${row + dy}`) ?? []) {
          const distanceSquared = (cluster.xPx - point.xPx) ** 2 + (cluster.yPx - point.yPx) ** 2;
          if (distanceSquared <= radiusSquared) {
            joined = cluster;
            break;
          }
        }
      }
    }
    if (joined !== null) {
      joined.keys.push(point.key);
      continue;
    }
    const cluster: ScreenCluster = { keys: [point.key], ...pixelsOf(point) };
    clusters.push(cluster);
    const cellKey = `${column}:${row}`;
    const inCell = cells.get(cellKey);
    if (inCell) inCell.push(cluster);
    else cells.set(cellKey, [cluster]);
  }
  return clusters;
}

function pixelsOf(point: ScreenPoint): { xPx: number; yPx: number } {
  return { xPx: point.xPx, yPx: point.yPx };
}
