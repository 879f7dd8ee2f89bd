/**
 * Wall modes (the URL's `#/mode/<mode>`) and what the server refuses in the public ones. The
 * leader wall and the tour run on screens in a hall: aggregates only, whatever the user's role.
 * The wall sends its mode on every REST call in WALL_MODE_HEADER; the server refuses the routes
 * of PERSON_LEVEL_ROUTES while the header names an aggregate-only mode, and the wall's REST client
 * refuses them before they leave the page (docs/decisions/0029-wall-modes-and-tour.md).
 */

export const WALL_MODES = ['dispatch', 'wall', 'tour'] as const;
export type WallMode = (typeof WALL_MODES)[number];

/** The desk layout of lists, drawer and forms: what a link without a mode opens. */
export const DEFAULT_WALL_MODE: WallMode = 'dispatch';

/** Modes of a public screen: no person's name, ID number or phone, whatever the role. */
export const AGGREGATE_ONLY_MODES: readonly WallMode[] = ['wall', 'tour'];

/** Request header carrying the wall's mode (lower case, as Node reads headers). */
export const WALL_MODE_HEADER = 'x-wall-mode';

/**
 * Routes that answer with a person (resident, grid worker, staff member) or their whereabouts:
 * refused in aggregate-only modes. The full assessment names workers; its area score
 * (`GET /api/assessment/area-score`) is aggregates only and allowed. Keyed like the route permission table (`METHOD /url`).
 */
export const PERSON_LEVEL_ROUTES = [
  'GET /api/units/:id',
  'GET /api/persons/:id',
  'DELETE /api/persons/:id',
  'POST /api/persons/:id/reveal',
  'GET /api/search',
  'GET /api/incidents/:id',
  'POST /api/incidents/:id/reveal',
  'GET /api/incidents/:id/dispatch-suggestions',
  'GET /api/photos/:photoId',
  'GET /api/workers',
  'GET /api/workers/:workerId/today',
  'GET /api/tracks',
  'GET /api/rentals/expiring',
  'GET /api/exports/residents',
  'GET /api/exports/units',
  'GET /api/assessment',
  'GET /api/assessment/export.xlsx',
  'GET /api/audit',
  'GET /api/audit/export.csv',
  'GET /api/users',
  'GET /api/users/:username/sessions',
  'GET /api/emergency/scenario/door-knock',
  // The command names staff (timeline actors) and lists households' messages (masked phones).
  'GET /api/emergency/command',
  'GET /api/emergency/command/notifications',
  'GET /api/emergency/command/events/:id/report',
  'GET /api/emergency/command/events/:id/report.xlsx',
] as const;
