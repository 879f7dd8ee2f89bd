import { describe, expect, it } from 'vitest';
import { WALL_PANELS, panelsIn } from './wallPanels';

/**
 * The panels a public screen (leader wall, tour) may show: each reviewed for naming no person.
 * Adding a panel to those modes means adding it here, on purpose.
 */
const REVIEWED_AGGREGATE_PANELS = [
  'analytics',
  'breadcrumbs',
  // The command's level, plan progress and notice counts: no actor, note or household.
  'emergency-command-summary',
  // Layer toggles and the AQI legend only; the records' contacts never reach the public modes.
  'emergency-records-launcher',
  'grid-tree',
  'heatmap-controls',
  'legend',
  'selection',
  'statistics',
  'tour',
  'tour-editor',
  'worker-filters',
];

describe('wall panels by mode', () => {
  it('shows only reviewed aggregate panels in the public modes', () => {
    const publicPanels = WALL_PANELS.filter(
      (entry) => entry.modes.includes('wall') || entry.modes.includes('tour'),
    ).map((entry) => entry.id);
    expect(publicPanels.sort()).toEqual(REVIEWED_AGGREGATE_PANELS);
  });

  it('keeps lists, the drawer, the worker card and the replay at the desk', () => {
    for (const id of ['incidents', 'incident-drawer', 'worker-card', 'replay', 'worker-ticker']) {
      expect(WALL_PANELS.find((entry) => entry.id === id)?.modes).toEqual(['dispatch']);
    }
  });

  it('docks each mode its own panels', () => {
    const ids = (region: Parameters<typeof panelsIn>[0], mode: Parameters<typeof panelsIn>[1]) =>
      panelsIn(region, mode).map((entry) => entry.id);
    expect(ids('leftAside', 'dispatch')).toEqual([
      'emergency',
      'emergency-command',
      'incidents',
      'incident-drawer',
      'analytics',
      'emergency-records',
    ]);
    expect(ids('centreOverlay', 'dispatch')).toEqual(['assessment']);
    expect(ids('centreOverlay', 'wall')).toEqual([]);
    expect(ids('leftAside', 'wall')).toEqual(['emergency-command-summary', 'analytics']);
    expect(ids('bottom', 'tour')).toEqual(['tour']);
    expect(ids('right', 'wall')).toEqual(['breadcrumbs', 'selection', 'statistics']);
  });
});
