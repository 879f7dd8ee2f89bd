/**
 * npm start's demo history of registrations and departures: drawn from the demo district's own
 * grids (demoRegisterMovements.ts) and written in place of the previous demo history, so an
 * existing demo database gets it, and its window moves on, at every start. What the triggers
 * counted stays. Only for the generated demo district: a configured district keeps its own.
 */
import { openDatabase } from '../store/openDatabase';
import { replaceDemoMovements, residentsPerGrid } from '../store/registerMovementRows';
import { generateDemoMovements } from './demoRegisterMovements';

/** Writes the demo history ending yesterday; returns how many movements it holds. */
export function ensureDemoRegisterMovements(dbPath: string, now: Date = new Date()): number {
  const db = openDatabase(dbPath);
  try {
    const rows = generateDemoMovements(residentsPerGrid(db), now.getTime());
    replaceDemoMovements(db, rows);
    return rows.reduce((sum, row) => sum + row.count, 0);
  } finally {
    db.close();
  }
}
