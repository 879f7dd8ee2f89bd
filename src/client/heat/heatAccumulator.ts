/**
 * The live heat of the wall as plain data: the domain's kernel grid plus which incidents are in
 * it. A new report adds its kernel (a few hundred cells), the sliding window takes back the ones
 * that grew too old, and only a new filter or a fresh load recomputes from scratch.
 * Residents from the register are spread with the same kernel, so the per-1,000 rate compares
 * like with like (both smoothed over one bandwidth).
 */
import {
  addIncidentHeat,
  createHeatGrid,
  heatPer1000Residents,
  readHeatValues,
  recomputeHeat,
  removeIncidentHeat,
  type HeatGrid,
  type HeatGridSpec,
} from '../../domain/incidents/heatKernel';
import type { ResidentPoint } from '../../shared/incidentHeat';
import { isInHeatFilter, type HeatFilter, type HeatIncident } from './heatWindows';

const M2_PER_KM2 = 1_000_000;

export class HeatAccumulator {
  readonly grid: HeatGrid;
  private readonly included = new Map<string, HeatIncident>();
  private filter: HeatFilter;
  private residentsPerCell: Float64Array | null = null;
  /** Goes up with every change of the values (the layer redraws when it moves). */
  version = 0;

  constructor(spec: HeatGridSpec, filter: HeatFilter) {
    this.grid = createHeatGrid(spec);
    this.filter = filter;
  }

  get count(): number {
    return this.included.size;
  }

  get hasResidents(): boolean {
    return this.residentsPerCell !== null;
  }

  /** A fresh load or a new filter: the only full recompute. */
  reset(incidents: Iterable<HeatIncident>, filter: HeatFilter, nowMs: number): void {
    this.filter = filter;
    this.included.clear();
    for (const incident of incidents) {
      if (isInHeatFilter(incident, filter, nowMs)) this.included.set(incident.id, incident);
    }
    recomputeHeat(this.grid, [...this.included.values()]);
    this.version += 1;
  }

  /** A new report; false when it is outside the filter or already counted. */
  add(incident: HeatIncident, nowMs: number): boolean {
    if (this.included.has(incident.id) || !isInHeatFilter(incident, this.filter, nowMs)) {
      return false;
    }
    this.included.set(incident.id, incident);
    addIncidentHeat(this.grid, incident);
    this.version += 1;
    return true;
  }

  /** Takes back the reports that left the sliding window; returns how many. */
  expire(nowMs: number): number {
    let removed = 0;
    for (const [id, incident] of this.included) {
      if (isInHeatFilter(incident, this.filter, nowMs)) continue;
      this.included.delete(id);
      removeIncidentHeat(this.grid, incident);
      removed += 1;
    }
    if (removed > 0) this.version += 1;
    return removed;
  }

  /** Residents per building, spread with the incidents' kernel into residents per cell. */
  setResidents(points: readonly ResidentPoint[] | null): void {
    if (points === null) {
      this.residentsPerCell = null;
    } else {
      const residents = createHeatGrid(this.grid.spec);
      recomputeHeat(
        residents,
        points.map(([lon, lat, count]) => ({ lon, lat, weight: count })),
      );
      const cellAreaKm2 = (this.grid.spec.cellSizeM * this.grid.spec.cellSizeM) / M2_PER_KM2;
      this.residentsPerCell = readHeatValues(residents).map((perKm2) => perKm2 * cellAreaKm2);
    }
    this.version += 1;
  }

  /**
   * Cell values in the grid's order: incidents per km², or incidents per 1,000 residents
   * (0 where the register has no one) when `perResidents` and residents are loaded.
   */
  values(perResidents: boolean): Float64Array {
    if (perResidents && this.residentsPerCell !== null) {
      return heatPer1000Residents(this.grid, this.residentsPerCell);
    }
    return readHeatValues(this.grid);
  }

  /** Index of the cell under a point, or -1 outside the grid. */
  cellIndexAt(lon: number, lat: number): number {
    const { spec, eastMPerDeg, northMPerDeg, columns, rows } = this.grid;
    const column = Math.floor(((lon - spec.west) * eastMPerDeg) / spec.cellSizeM);
    const row = Math.floor(((lat - spec.south) * northMPerDeg) / spec.cellSizeM);
    if (column < 0 || row < 0 || column >= columns || row >= rows) return -1;
    return row * columns + column;
  }

  /** The value of the cell under a point in the chosen unit (0 outside the grid). */
  valueAt(lon: number, lat: number, perResidents: boolean): number {
    const index = this.cellIndexAt(lon, lat);
    return index < 0 ? 0 : (this.values(perResidents)[index] ?? 0);
  }
}
