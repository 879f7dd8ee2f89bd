/**
 * Finds the unit a register row lives in from its address and room, through the normalised
 * address key both sides share; near misses get the closest building addresses as suggestions.
 */
import { addressParts, nearestKeys, roomKey } from '../../../domain/register/addressKey';
import type { UnitAddressRow } from '../../store/registerImportStore';

export interface MatchedUnit {
  unitId: number;
  buildingId: number;
  gridCode: string;
}

export type UnitMiss =
  | { code: 'address-empty' }
  | { code: 'address-unknown'; suggestions: string[] }
  | { code: 'room-invalid'; room: string }
  | { code: 'room-unknown'; address: string; rooms: string };

interface BuildingEntry {
  buildingId: number;
  address: string;
  gridCode: string;
  floors: number;
  perFloor: number;
}

const SUGGESTION_DISTANCE = 3;
/**
 * Addresses and rooms already keyed, by their text as written: a register repeats a building's
 * address on every resident's row, and keying it (NFKC, numerals, markers) cost ~10 µs a row.
 * Emptied when full, so a file of all-different addresses keeps memory flat.
 */
const KEY_CACHE_ENTRIES = 50_000;

/** `compute(text)`, remembered in `cache` (emptied once it holds KEY_CACHE_ENTRIES). */
function cached<T>(cache: Map<string, T>, text: string, compute: (text: string) => T): T {
  let value = cache.get(text);
  if (value === undefined && !cache.has(text)) {
    if (cache.size >= KEY_CACHE_ENTRIES) cache.clear();
    value = compute(text);
    cache.set(text, value);
  }
  return value as T;
}

export class UnitMatcher {
  private readonly byKey = new Map<string, BuildingEntry>();
  private readonly byKeyWithoutStreet = new Map<string, BuildingEntry>();
  private readonly units = new Map<string, number>();
  private readonly suggestionCache = new Map<string, string[]>();
  private readonly buildingCache = new Map<string, BuildingEntry | string>();
  private readonly roomCache = new Map<string, string | null>();

  constructor(rows: readonly UnitAddressRow[]) {
    const buildings = new Map<number, BuildingEntry>();
    for (const row of rows) {
      let entry = buildings.get(row.buildingId);
      if (entry === undefined) {
        entry = {
          buildingId: row.buildingId,
          address: row.address,
          gridCode: row.gridCode,
          floors: 0,
          perFloor: 0,
        };
        buildings.set(row.buildingId, entry);
        const parts = addressParts(row.address);
        if (!this.byKey.has(parts.building)) this.byKey.set(parts.building, entry);
        if (!this.byKeyWithoutStreet.has(parts.buildingWithoutStreet)) {
          this.byKeyWithoutStreet.set(parts.buildingWithoutStreet, entry);
        }
      }
      const key = roomKey(row.roomLabel) ?? row.roomLabel;
      this.units.set(`${row.buildingId}|${key}`, row.unitId);
      const floor = Math.floor(Number(key) / 100);
      const number = Number(key) % 100;
      if (floor > entry.floors) entry.floors = floor;
      if (number > entry.perFloor) entry.perFloor = number;
    }
  }

  match(address: string, building: string, room: string): MatchedUnit | UnitMiss {
    const written = `${address}${building}`;
    if (written.trim() === '') return { code: 'address-empty' };
    // The building, or the key of an address that names none.
    const entry = cached(this.buildingCache, written, (text) => this.building(text));
    if (typeof entry === 'string') {
      return { code: 'address-unknown', suggestions: this.suggest(entry) };
    }
    const key = cached(this.roomCache, room, roomKey);
    if (key === null) return { code: 'room-invalid', room };
    const unitId = this.units.get(`${entry.buildingId}|${key}`);
    if (unitId === undefined) {
      return {
        code: 'room-unknown',
        address: entry.address,
        rooms: `1–${entry.floors}层 × 01–${String(entry.perFloor).padStart(2, '0')}`,
      };
    }
    return { unitId, buildingId: entry.buildingId, gridCode: entry.gridCode };
  }

  /** The building at an address, or the address's key when no building has it. */
  private building(written: string): BuildingEntry | string {
    const parts = addressParts(written);
    return (
      this.byKey.get(parts.building) ??
      this.byKeyWithoutStreet.get(parts.buildingWithoutStreet) ??
      this.byKeyWithoutStreet.get(parts.building) ??
      parts.building
    );
  }

  /** The district's addresses nearest to an unknown one (cached: a file repeats its mistakes). */
  private suggest(key: string): string[] {
    let found = this.suggestionCache.get(key);
    if (found === undefined) {
      const near = nearestKeys(key, this.byKey.keys(), SUGGESTION_DISTANCE, 3);
      if (near.length === 0) {
        const withoutStreet = addressParts(key).buildingWithoutStreet;
        near.push(
          ...nearestKeys(withoutStreet, this.byKeyWithoutStreet.keys(), SUGGESTION_DISTANCE, 3),
        );
        found = near.map((candidate) => this.byKeyWithoutStreet.get(candidate)!.address);
      } else {
        found = near.map((candidate) => this.byKey.get(candidate)!.address);
      }
      this.suggestionCache.set(key, found);
    }
    return found;
  }
}
