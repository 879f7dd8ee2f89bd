/**
 * The demo district's registrations and departures over the last year (演示数据). The generated
 * district is written all at once, so the register has no history of its own; this draws one,
 * per base grid and district day, from the grid's size and its share of floating households
 * (floating people come and go more), with a seasonal swing around the Spring Festival (many
 * leave in January and February and arrive in March). Each grid-day is drawn from its own
 * seeded stream, so a day keeps its figures from one start to the next while the window moves.
 */
import { DAY_MS, DISTRICT_UTC_OFFSET_MS, districtDayStartMs } from '../../domain/districtTime';
import { hashString32, createSeededRandom, type SeededRandom } from '../../domain/seededRandom';
import type { MovementKind } from '../../domain/statistics/movementMonths';

export const DEMO_MOVEMENTS_SEED = 2026;
/** Days of demo history, ending yesterday (today belongs to the triggers). */
export const DEMO_MOVEMENT_DAYS = 365;
/** Monthly turnover as a share of the grid's residents: a settled base plus the floating part. */
const BASE_MONTHLY_SHARE = 0.004;
const FLOATING_MONTHLY_SHARE = 0.05;
/** Departures run a little below registrations: the demo district grows slowly. */
const DEPARTURE_FACTOR = 0.9;
const DAYS_PER_MONTH = 30;
/** Factors by district calendar month, January first. */
const SEASON: Record<MovementKind, readonly number[]> = {
  registration: [0.7, 0.6, 1.6, 1.3, 1.0, 0.9, 1.1, 1.2, 1.3, 1.0, 0.9, 0.8],
  departure: [1.4, 1.5, 0.8, 0.9, 1.0, 0.9, 1.1, 1.0, 1.0, 0.9, 0.9, 1.2],
};

export interface GridResidents {
  gridCode: string;
  residents: number;
  /** Residents of floating households. */
  floating: number;
}

export interface MovementRow {
  gridCode: string;
  dayMs: number;
  kind: MovementKind;
  count: number;
}

/** Knuth's method: fine for the small daily means here (well under 30). */
function poisson(random: SeededRandom, mean: number): number {
  const limit = Math.exp(-mean);
  let count = 0;
  for (let product = random.next(); product > limit; product *= random.next()) count++;
  return count;
}

/** The demo history of the DEMO_MOVEMENT_DAYS days before `nowMs`'s district day; zero days left out. */
export function generateDemoMovements(
  grids: readonly GridResidents[],
  nowMs: number,
  seed = DEMO_MOVEMENTS_SEED,
): MovementRow[] {
  const todayMs = districtDayStartMs(nowMs);
  const rows: MovementRow[] = [];
  for (const grid of grids) {
    if (grid.residents === 0) continue;
    const monthlyShare =
      BASE_MONTHLY_SHARE + (FLOATING_MONTHLY_SHARE * grid.floating) / grid.residents;
    const dailyMean = (grid.residents * monthlyShare) / DAYS_PER_MONTH;
    for (let back = DEMO_MOVEMENT_DAYS; back >= 1; back--) {
      const dayMs = todayMs - back * DAY_MS;
      const month = new Date(dayMs + DISTRICT_UTC_OFFSET_MS).getUTCMonth();
      const random = createSeededRandom(seed).fork(hashString32(`${grid.gridCode}:${dayMs}`));
      for (const kind of ['registration', 'departure'] as const) {
        const factor = SEASON[kind][month]! * (kind === 'departure' ? DEPARTURE_FACTOR : 1);
        const count = poisson(random, dailyMean * factor);
        if (count > 0) rows.push({ gridCode: grid.gridCode, dayMs, kind, count });
      }
    }
  }
  return rows;
}
