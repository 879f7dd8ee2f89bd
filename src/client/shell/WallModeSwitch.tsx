/**
 * The top bar's mode switch (leader wall, dispatcher, tour) for the roles that run the hall:
 * the screen's mode is a choice of theirs, not of a viewer's kiosk. The URL hash follows (and
 * survives a reload); in the public modes the top bar keeps only what names no one.
 */
import { WALL_MODES, type WallMode } from '../../shared/wallModes';
import type { Role } from '../../shared/api';
import { useAppStore } from './appStore';
import { useI18n } from './i18n';
import { useAggregateOnly, useWallModeStore } from './wallModeStore';

/** Roles that may change the wall's mode; others keep the mode their URL opened. */
const MODE_CHANGERS: readonly Role[] = ['admin', 'dispatcher', 'leader'];

export function mayChangeWallMode(role: Role | undefined): boolean {
  return role !== undefined && MODE_CHANGERS.includes(role);
}

const MODE_LABELS = {
  wall: 'mode.wall',
  dispatch: 'mode.dispatch',
  tour: 'mode.tour',
} as const satisfies Record<WallMode, string>;

export function WallModeSwitch() {
  const { t } = useI18n();
  const role = useAppStore((state) => state.session?.role);
  const mode = useWallModeStore((state) => state.mode);
  const setMode = useWallModeStore((state) => state.setMode);
  if (!mayChangeWallMode(role)) return null;
  return (
    <div
      className="mode-switch"
      role="group"
      aria-label={t('mode.switchTitle')}
      title={t('mode.switchTitle')}
      data-testid="mode-switch"
      data-tour-controls=""
    >
      {WALL_MODES.map((candidate) => (
        <button
          key={candidate}
          type="button"
          className={`mode-option${candidate === mode ? ' is-active' : ''}`}
          data-testid={`mode-${candidate}`}
          aria-pressed={candidate === mode}
          onClick={() => setMode(candidate)}
        >
          {t(MODE_LABELS[candidate])}
        </button>
      ))}
    </div>
  );
}

/** Says on the screen that it shows aggregates only (the leader wall and the tour). */
export function AggregatesOnlyBadge() {
  const { t } = useI18n();
  const aggregateOnly = useAggregateOnly();
  if (!aggregateOnly) return null;
  return (
    <span className="aggregates-badge" data-testid="aggregates-only">
      {t('mode.aggregatesOnly')}
    </span>
  );
}
