/**
 * The hall's active scenario in the release panel: that it is live on every screen in scope,
 * which change it is at, the end (for those who run the loop), and the time slider over its
 * history — each change of wind or release kept with its time. Moving the slider back redraws
 * the plume of that step on the globe (computed here from the same model); the counts stay
 * those of the current step, and the panel says so.
 */
import type { ActiveScenario } from '../../shared/emergencyScenario';
import { useApi } from '../shell/ApiContext';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { useNoticeStore } from '../shell/noticeStore';
import { describeError } from '../widgets/errorMessage';
import { useEmergencyStore } from './emergencyStore';

function ReplaySlider({ scenario }: { scenario: ActiveScenario }) {
  const { t, formatTime, formatNumber } = useI18n();
  const replayStep = useEmergencyStore((state) => state.replayStep);
  const lastIndex = scenario.history.length - 1;
  const index = replayStep === null ? lastIndex : Math.min(replayStep, lastIndex);
  const step = scenario.history[index]!;
  return (
    <div className="emergency-replay">
      <label className="emergency-field emergency-wide">
        <span>{t('emergency.scenario.replay')}</span>
        <input
          type="range"
          min={0}
          max={lastIndex}
          step={1}
          value={index}
          disabled={lastIndex === 0}
          data-testid="scenario-replay"
          data-replay-step={index}
          onChange={(event) => {
            const next = Number(event.target.value);
            useEmergencyStore.getState().setReplayStep(next === lastIndex ? null : next);
          }}
        />
      </label>
      <p className="emergency-muted mono" data-testid="scenario-replay-label">
        {replayStep === null
          ? t('emergency.scenario.replayNow')
          : t('emergency.scenario.replayStep', {
              step: index + 1,
              steps: lastIndex + 1,
              time: formatTime(new Date(step.atMs)),
              windMs: formatNumber(step.request.windMs, 1),
              windFromDeg: formatNumber(step.request.windFromDeg ?? 0),
            })}
      </p>
      {replayStep !== null && (
        <p className="emergency-muted">{t('emergency.scenario.replayNote')}</p>
      )}
    </div>
  );
}

export function ScenarioBar() {
  const { t, formatTime } = useI18n();
  const api = useApi();
  const scenario = useEmergencyStore((state) => state.scenario);
  const commands = useAppStore(
    (state) => state.session?.permissions.includes('incidents.dispatch') ?? false,
  );
  if (scenario === null) return null;
  const end = () => {
    api.endScenario().then(
      () => useEmergencyStore.getState().applyScenario(null),
      (failure: unknown) => {
        const message = describeError(failure);
        useNoticeStore
          .getState()
          .push({ tone: 'error', messageKey: message.messageKey, params: message.params });
      },
    );
  };
  return (
    <section
      className="emergency-scenario"
      data-testid="scenario-bar"
      data-scenario-id={scenario.id}
      data-scenario-version={scenario.version}
    >
      <p>
        <strong>{t('emergency.scenario.live')}</strong>
      </p>
      <p className="emergency-muted mono">
        {t('emergency.scenario.version', {
          version: scenario.version,
          time: formatTime(new Date(scenario.updatedAtMs)),
        })}
      </p>
      <ReplaySlider scenario={scenario} />
      {commands && (
        <button type="button" className="button" data-testid="scenario-end" onClick={end}>
          {t('emergency.scenario.end')}
        </button>
      )}
    </section>
  );
}
