/**
 * Deep links: the selection as a URL hash (`#/unit/<id>`, `#/building/<id>`, `#/grid/<code>`),
 * so a reload or a shared link restores the view, optionally after a wall mode
 * (`#/mode/wall`, `#/mode/tour/grid/<code>`): a kiosk browser opens its mode directly. Pure
 * parse/format; useDeepLink wires them to the store and the window.
 */
import { isGridCode } from '../../domain/gridCode';
import { DEFAULT_WALL_MODE, WALL_MODES, type WallMode } from '../../shared/wallModes';
import type { Selection } from './appStore';

export type DeepLink =
  | { kind: 'unit'; unitId: number }
  | { kind: 'building'; buildingId: number }
  | { kind: 'grid'; gridCode: string };

/** The hash of "nothing selected" (the whole district). */
export const HOME_HASH = '#/';

const POSITIVE_ID = /^[1-9]\d{0,15}$/;

function parseId(text: string | undefined): number | null {
  if (text === undefined || !POSITIVE_ID.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}

/** The link a hash names, or null for an empty, home or malformed hash. */
export function parseDeepLink(hash: string): DeepLink | null {
  const path = hash.replace(/^#/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  const [kind, value, ...rest] = path.split('/');
  if (rest.length > 0 || value === undefined) return null;
  switch (kind) {
    case 'unit': {
      const unitId = parseId(value);
      return unitId === null ? null : { kind: 'unit', unitId };
    }
    case 'building': {
      const buildingId = parseId(value);
      return buildingId === null ? null : { kind: 'building', buildingId };
    }
    case 'grid':
      return isGridCode(value) ? { kind: 'grid', gridCode: value } : null;
    default:
      return null;
  }
}

/** The deepest level of a selection as a link; null when nothing is selected. */
export function deepLinkOf(selection: Selection): DeepLink | null {
  if (selection.unitId !== null) return { kind: 'unit', unitId: selection.unitId };
  if (selection.buildingId !== null) return { kind: 'building', buildingId: selection.buildingId };
  if (selection.gridCode !== null) return { kind: 'grid', gridCode: selection.gridCode };
  return null;
}

export function formatDeepLink(link: DeepLink | null): string {
  if (link === null) return HOME_HASH;
  switch (link.kind) {
    case 'unit':
      return `#/unit/${link.unitId}`;
    case 'building':
      return `#/building/${link.buildingId}`;
    case 'grid':
      return `#/grid/${link.gridCode}`;
  }
}

export function sameDeepLink(left: DeepLink | null, right: DeepLink | null): boolean {
  return formatDeepLink(left) === formatDeepLink(right);
}

/** What a whole hash says: the wall mode (null: none named) and the selection's link. */
export interface LocationHash {
  mode: WallMode | null;
  link: DeepLink | null;
}

const MODE_PREFIX = /^#?\/*mode\/([^/]*)(.*)$/;

/** What a mistyped mode opens: the leader wall, so a kiosk's typo never opens the desk. */
export const UNKNOWN_MODE_FALLBACK: WallMode = 'wall';

/**
 * Splits `#/mode/<mode>/<link>`. An unknown mode fails closed: the leader wall, with its link
 * not followed.
 */
export function parseLocationHash(hash: string): LocationHash {
  const match = MODE_PREFIX.exec(hash);
  if (match === null) return { mode: null, link: parseDeepLink(hash) };
  const mode = WALL_MODES.find((candidate) => candidate === match[1]);
  if (mode === undefined) return { mode: UNKNOWN_MODE_FALLBACK, link: null };
  return { mode, link: parseDeepLink(match[2] ?? '') };
}

/** True for the hash of "nothing selected" in its mode (`#/`, `#/mode/wall`, `#/mode/tour/`). */
export function isHomeHash(hash: string): boolean {
  const { mode, link } = parseLocationHash(hash);
  if (link !== null) return false;
  const bare = hash.replace(/\/+$/, '');
  return bare === '' || bare === '#' || (mode !== null && bare === `#/mode/${mode}`);
}

/** The canonical hash: the desk's default mode is left out, so old links stay as they were. */
export function formatLocationHash(mode: WallMode, link: DeepLink | null): string {
  if (mode === DEFAULT_WALL_MODE) return formatDeepLink(link);
  const linkHash = formatDeepLink(link);
  return `#/mode/${mode}${linkHash === HOME_HASH ? '' : linkHash.slice(1)}`;
}
