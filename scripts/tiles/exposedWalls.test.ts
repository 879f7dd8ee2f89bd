import { describe, expect, it } from 'vitest';
import { exposedWalls } from './exposedWalls';
import { box } from './tileTestKit';

function totalLengthM(walls: ReturnType<typeof exposedWalls>): number {
  return walls.reduce(
    (sum, wall) => sum + Math.hypot(wall.end[0] - wall.start[0], wall.end[1] - wall.start[1]),
    0,
  );
}

describe('exposedWalls', () => {
  it('keeps all four walls of a lone unit, normals pointing out', () => {
    const walls = exposedWalls(box(0, 0, 10, 6), []);
    // + 0 turns -0 into 0: the direction is what matters.
    expect(walls.map((wall) => [wall.normalEast + 0, wall.normalNorth + 0])).toEqual([
      [0, -1],
      [1, 0],
      [0, 1],
      [-1, 0],
    ]);
    expect(totalLengthM(walls)).toBeCloseTo(32, 9);
  });

  it('drops the wall a unit shares with its neighbour', () => {
    const walls = exposedWalls(box(0, 0, 10, 6), [box(10, 0, 20, 6)]);
    expect(walls).toHaveLength(3);
    expect(walls.some((wall) => wall.normalEast === 1)).toBe(false);
  });

  it('keeps the part of a wall that sticks out past a staggered neighbour', () => {
    // The neighbour to the east is shifted 2 m south, so the top 2 m of the east wall show.
    const eastWalls = exposedWalls(box(0, 0, 10, 6), [box(10, -2, 20, 4)]).filter(
      (wall) => wall.normalEast === 1,
    );
    expect(eastWalls).toHaveLength(1);
    expect(eastWalls[0]!.start[1]).toBeCloseTo(4, 9);
    expect(eastWalls[0]!.end[1]).toBeCloseTo(6, 9);
  });

  it('ignores neighbours that only touch at a corner or stand apart', () => {
    expect(exposedWalls(box(0, 0, 10, 6), [box(10, 6, 20, 12), box(30, 0, 40, 6)])).toHaveLength(4);
  });
});
