/**
 * Which household a register import row goes into, for either engine's batch writer: a head
 * opens a new household of the unit (unless the file's household there has no head yet), any
 * other row joins the household the file last used in the unit, else the unit's first
 * household, else a new one. The first head of a household the batch created becomes its head.
 */
import { householdTypeOf } from './registerRow';

export interface UnitHouseholds {
  /** The unit's first household in the register, or null. */
  first(unitId: number): number | null;
  /** A new household of the unit; its id. */
  add(unitId: number, type: ReturnType<typeof householdTypeOf>): number;
}

export class HouseholdPlacement {
  private readonly fileHouseholds = new Map<number, number>();
  private readonly createdHouseholds = new Set<number>();
  private readonly headed = new Set<number>();

  constructor(private readonly households: UnitHouseholds) {}

  householdFor(unitId: number, category: string, isHead: boolean): number {
    let household = this.fileHouseholds.get(unitId);
    if (isHead && (household === undefined || this.headed.has(household))) household = undefined;
    else if (household === undefined) household = this.households.first(unitId) ?? undefined;
    if (household === undefined) {
      household = this.households.add(unitId, householdTypeOf(category));
      this.createdHouseholds.add(household);
    }
    this.fileHouseholds.set(unitId, household);
    return household;
  }

  /** Whether the row's person becomes the head of `household` (one this batch created). */
  headsNew(household: number, isHead: boolean): boolean {
    if (!isHead || !this.createdHouseholds.has(household)) return false;
    this.headed.add(household);
    return true;
  }
}
