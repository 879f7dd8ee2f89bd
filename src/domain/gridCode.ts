/**
 * Grid codes (DESIGN.md §3): 6-digit district code, then 3 digits each for street, community
 * and base grid. A code's prefixes are its ancestors, so scope checks are prefix matches.
 */
import type { GridLevel } from './registry';

export const DISTRICT_CODE_DIGITS = 6;
export const LEVEL_CODE_DIGITS = 3;
const CODE_LENGTH_BY_LEVEL: Record<GridLevel, number> = { 1: 6, 2: 9, 3: 12, 4: 15 };

export function gridCodeLength(level: GridLevel): number {
  return CODE_LENGTH_BY_LEVEL[level];
}

/** The level of a well-formed code, or null when the code is malformed. */
export function gridLevelOf(code: string): GridLevel | null {
  if (!/^\d+$/.test(code)) return null;
  for (const level of [1, 2, 3, 4] as const) {
    if (code.length === CODE_LENGTH_BY_LEVEL[level]) return level;
  }
  return null;
}

export function isGridCode(code: string): boolean {
  return gridLevelOf(code) !== null;
}

export function parentGridCode(code: string): string | null {
  const level = gridLevelOf(code);
  if (level === null || level === 1) return null;
  return code.slice(0, code.length - LEVEL_CODE_DIGITS);
}

/** Codes from the district down to the code itself. */
export function ancestorGridCodes(code: string): string[] {
  const chain: string[] = [];
  for (let current: string | null = code; current !== null; current = parentGridCode(current)) {
    chain.unshift(current);
  }
  return chain;
}

export function childGridCode(parentCode: string, index: number): string {
  if (!Number.isInteger(index) || index < 1 || index > 999) {
    throw new RangeError(`child index must be 1..999, got ${index}`);
  }
  return parentCode + String(index).padStart(LEVEL_CODE_DIGITS, '0');
}

/**
 * True when `code` is `ancestorCode` itself or lies beneath it (a grid in its community, a
 * community in its street). Codes are fixed-width per level, so a prefix is an ancestor: this is
 * the one place that relies on it.
 */
export function isWithinGrid(code: string, ancestorCode: string): boolean {
  return code.startsWith(ancestorCode);
}

/** True when `code` lies inside one of the scope prefixes (each itself a grid code). */
export function isInScope(code: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => isWithinGrid(code, scope));
}

/**
 * True when the scope covers any part of `code`'s subtree: used to decide whether a user may
 * open an ancestor (a dispatcher of one street may browse the district tree down to it).
 */
export function touchesScope(code: string, scopes: readonly string[]): boolean {
  return scopes.some((scope) => isWithinGrid(code, scope) || isWithinGrid(scope, code));
}

/**
 * The part of `code`'s subtree (null: everything) that lies inside the scopes, as the fewest
 * disjoint subtree roots: a scope inside the subtree stays, a subtree inside a scope is the
 * subtree, a scope under another scope is dropped. Summing figures over the roots counts
 * everything in the area once.
 */
export function subtreesInScope(code: string | null, scopes: readonly string[]): string[] {
  const roots = scopes.flatMap((scope) => {
    if (code === null || isWithinGrid(scope, code)) return [scope];
    return isWithinGrid(code, scope) ? [code] : [];
  });
  const unique = [...new Set(roots)];
  return unique
    .filter((root) => !unique.some((other) => other !== root && isWithinGrid(root, other)))
    .sort();
}
