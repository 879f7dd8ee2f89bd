/**
 * The tour's caption strip at the bottom of the wall: the step's caption in the screen's
 * language, its progress, and the presenter's controls (previous, play or pause, next, loop).
 * Renders nothing outside the tour mode. The runner (useTourRunner) does the work.
 */
import { useI18n } from '../shell/i18n';
import { useWallModeStore } from '../shell/wallModeStore';
import { stepProgress } from './tourPlayer';
import { currentTourStep, useTourStore } from './tourStore';
import { TourIncidentLoop } from './TourIncidentLoop';
import { useTourRunner } from './useTourRunner';
import './tour.css';

function TourLoadProblems({ problems }: { problems: readonly string[] }) {
  const { t } = useI18n();
  const [source, ...details] = problems;
  return (
    <div className="tour-panel tour-panel-error" role="alert" data-testid="tour-load-error">
      <p>{t('tour.loadFailed', { source: source ?? '' })}</p>
      <ul>
        {details.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}

function TourControls() {
  const { t } = useI18n();
  const status = useTourStore((state) => state.player.status);
  const loop = useTourStore((state) => state.player.loop);
  const send = useTourStore((state) => state.send);
  const playing = status === 'playing';
  return (
    <div className="tour-controls" data-tour-controls="">
      <button
        type="button"
        className="button button-quiet"
        data-testid="tour-previous"
        onClick={() => send({ type: 'previous' })}
      >
        {t('tour.previous')}
      </button>
      <button
        type="button"
        className="button"
        data-testid="tour-play"
        aria-pressed={playing}
        onClick={() => send({ type: playing ? 'pause' : 'play' })}
      >
        {playing ? t('tour.pause') : status === 'presenter' ? t('tour.resume') : t('tour.play')}
      </button>
      <button
        type="button"
        className="button button-quiet"
        data-testid="tour-next"
        onClick={() => send({ type: 'next' })}
      >
        {t('tour.next')}
      </button>
      <label className="tour-loop-toggle">
        <input
          type="checkbox"
          data-testid="tour-loop"
          checked={loop}
          onChange={() => send({ type: 'toggleLoop' })}
        />
        {t('tour.loop')}
      </label>
    </div>
  );
}

export function TourPanel() {
  useTourRunner();
  const { t, language } = useI18n();
  const inTour = useWallModeStore((state) => state.mode === 'tour');
  const tour = useTourStore((state) => state.tour);
  const loadProblems = useTourStore((state) => state.loadProblems);
  const player = useTourStore((state) => state.player);
  const resolution = useTourStore((state) => state.resolution);
  if (!inTour) return null;
  if (loadProblems !== null) return <TourLoadProblems problems={loadProblems} />;
  const step = tour === null ? null : currentTourStep({ tour, player });
  if (tour === null || step === null) return null;
  const progress = stepProgress(player, step.durationS * 1000);
  return (
    <div
      className="tour-panel"
      data-testid="tour-panel"
      data-step-index={player.stepIndex}
      data-step-id={step.id}
      data-status={player.status}
      data-resolution={resolution.status}
      aria-label={t('tour.panelLabel')}
    >
      <div className="tour-heading">
        <span className="tour-title">{tour.title[language]}</span>
        <span className="tour-step-count">
          {t('tour.step', { step: player.stepIndex + 1, total: tour.steps.length })}
        </span>
      </div>
      <p className="tour-caption" data-testid="tour-caption" aria-live="polite">
        {step.caption[language]}
      </p>
      {resolution.status === 'failed' && (
        <p className="tour-step-error" role="alert" data-testid="tour-step-error">
          {t('tour.stepFailed', { reason: resolution.message })}
        </p>
      )}
      {resolution.status === 'shown' && resolution.incidentId !== null && (
        <TourIncidentLoop
          incidentId={resolution.incidentId}
          progress={player.status === 'playing' ? progress : 1}
        />
      )}
      <div className="tour-progress" aria-hidden="true">
        <div className="tour-progress-bar" style={{ width: `${progress * 100}%` }} />
      </div>
      {player.status === 'presenter' && (
        <p className="tour-status" data-testid="tour-presenter">
          {t('tour.presenter')}
        </p>
      )}
      {player.status === 'ended' && <p className="tour-status">{t('tour.ended')}</p>}
      <TourControls />
    </div>
  );
}
