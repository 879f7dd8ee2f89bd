import { describe, expect, it } from 'vitest';
import { clusterScreenPoints } from './incidentClusters';

describe('clusterScreenPoints', () => {
  it('merges markers within the radius and keeps distant ones apart', () => {
    const clusters = clusterScreenPoints(
      [
        { key: 'a', xPx: 100, yPx: 100 },
        { key: 'b', xPx: 120, yPx: 110 },
        { key: 'c', xPx: 300, yPx: 100 },
        { key: 'd', xPx: 95, yPx: 130 },
      ],
      40,
    );
    expect(clusters.map((cluster) => cluster.keys)).toEqual([['a', 'b', 'd'], ['c']]);
    expect(clusters[0]).toMatchObject({ xPx: 100, yPx: 100 });
  });

  it('joins across cell borders but not beyond the radius', () => {
    const clusters = clusterScreenPoints(
      [
        { key: 'a', xPx: 39, yPx: 39 },
        { key: 'b', xPx: 41, yPx: 41 },
        { key: 'c', xPx: 39 + 40, yPx: 39 + 1 },
      ],
      40,
    );
    // c is exactly 40.01 px from a: just outside, so it anchors its own cluster.
    expect(clusters.map((cluster) => cluster.keys)).toEqual([['a', 'b'], ['c']]);
  });

  it('leaves every marker alone when zoomed in far enough', () => {
    const points = Array.from({ length: 50 }, (_, index) => ({
      key: String(index),
      xPx: index * 50,
      yPx: 0,
    }));
    expect(clusterScreenPoints(points, 40)).toHaveLength(50);
    expect(clusterScreenPoints(points, 0)).toHaveLength(50);
  });

  it('puts a thousand markers on one spot into one cluster', () => {
    const points = Array.from({ length: 1000 }, (_, index) => ({
      key: String(index),
      xPx: 500 + (index % 10),
      yPx: 500 + Math.floor(index / 100),
    }));
    const clusters = clusterScreenPoints(points, 40);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]?.keys).toHaveLength(1000);
  });
});
