/**
 * 应急指挥 (emergency command): the active emergency event — its response level (raised or
 * lowered with a reason, which offers the new level's plans), the plan and its checklist, the
 * messages to a zone's households, the one timeline, termination with a summary — and the
 * after-action report of any recent event (XLSX download, printable page). Those who run the loop
 * (incidents.dispatch) act; other readers follow. Desk only: the timeline names staff.
 */
import { useState } from 'react';
import {
  RESPONSE_LEVEL_SCALE,
  type ResponseLevel,
} from '../../../domain/emergency/command/responseLevel';
import type { CommandEventView, PlanCandidate } from '../../../shared/emergencyCommand';
import { useApi } from '../../shell/ApiContext';
import { useAppStore } from '../../shell/appStore';
import { useI18n } from '../../shell/i18n';
import { PanelStatus } from '../../widgets/PanelStatus';
import { CommandChecklist, PlanPicker } from './CommandChecklist';
import { CommandReportPage } from './CommandReportPage';
import { CommandTimeline } from './CommandTimeline';
import { NotifySection } from './NotifySection';
import { useCommandStore } from './commandStore';
import { useCommandAction, type CommandAction } from './useCommandAction';
import { useCommandEvent } from './useCommandEvent';
import { RecentEvents } from './RecentEvents';
import './command.css';

function OpenEventForm({ action }: { action: CommandAction }) {
  const { t } = useI18n();
  const api = useApi();
  const [title, setTitle] = useState('');
  const [incidentType, setIncidentType] = useState('');
  const [level, setLevel] = useState<ResponseLevel>('IV');
  return (
    <form
      className="command-open-form"
      onSubmit={(submit) => {
        submit.preventDefault();
        action.run(() =>
          api.openCommandEvent({ title: title.trim(), incidentType: incidentType.trim(), level }),
        );
      }}
    >
      <input
        value={title}
        required
        maxLength={100}
        placeholder={t('command.eventTitle')}
        aria-label={t('command.eventTitle')}
        onChange={(change) => setTitle(change.target.value)}
      />
      <input
        value={incidentType}
        required
        maxLength={50}
        placeholder={t('command.incidentType')}
        aria-label={t('command.incidentType')}
        onChange={(change) => setIncidentType(change.target.value)}
      />
      <LevelSelect value={level} label={t('command.level')} onChange={setLevel} />
      <button
        type="submit"
        className="button"
        disabled={action.busy}
        data-testid="command-open-event"
      >
        {t('command.openEvent')}
      </button>
    </form>
  );
}

function LevelControl({
  event,
  action,
  onPlans,
}: {
  event: CommandEventView;
  action: CommandAction;
  onPlans: (plans: PlanCandidate[]) => void;
}) {
  const { t } = useI18n();
  const api = useApi();
  const [level, setLevel] = useState<ResponseLevel>(event.level);
  const [reason, setReason] = useState('');
  return (
    <div className="command-level-form">
      <LevelSelect
        value={level}
        label={t('command.newLevel')}
        testId="command-level-select"
        onChange={setLevel}
      />
      <input
        value={reason}
        maxLength={500}
        placeholder={t('command.reason')}
        aria-label={t('command.reason')}
        data-testid="command-level-reason"
        onChange={(change) => setReason(change.target.value)}
      />
      <button
        type="button"
        className="button"
        disabled={action.busy || level === event.level || reason.trim() === ''}
        data-testid="command-level-change"
        onClick={() =>
          action.run(
            () => api.changeLevel(level, reason.trim()),
            (answer) => {
              setReason('');
              onPlans(answer.plans);
            },
          )
        }
      >
        {t('command.changeLevel')}
      </button>
    </div>
  );
}

function TerminateForm({ action }: { action: CommandAction }) {
  const { t } = useI18n();
  const api = useApi();
  const [summary, setSummary] = useState('');
  return (
    <div className="command-terminate">
      <textarea
        value={summary}
        rows={2}
        maxLength={2000}
        placeholder={t('command.summary')}
        aria-label={t('command.summary')}
        data-testid="command-summary"
        onChange={(change) => setSummary(change.target.value)}
      />
      <button
        type="button"
        className="button"
        disabled={action.busy || summary.trim() === ''}
        data-testid="command-terminate"
        onClick={() => action.run(() => api.terminateEvent(summary.trim()))}
      >
        {t('command.terminate')}
      </button>
    </div>
  );
}

function ActiveEvent({
  event,
  action,
  commands,
}: {
  event: CommandEventView;
  action: CommandAction;
  commands: boolean;
}) {
  const { t, formatTime } = useI18n();
  const [offered, setOffered] = useState<PlanCandidate[] | null>(null);
  return (
    <>
      <section className="command-section" data-testid="command-event" data-level={event.level}>
        <div className="command-event-head">
          <strong>{event.title}</strong>
          <span
            className={`command-level command-level-${event.level}`}
            data-testid="command-level"
          >
            {t(`command.level.${event.level}`)}
          </span>
        </div>
        <p className="emergency-muted">
          {event.incidentType} ·{' '}
          {t('command.openedAt', {
            time: formatTime(new Date(event.openedAtMs)),
            by: event.openedBy,
          })}
        </p>
        {commands && (
          <LevelControl key={event.level} event={event} action={action} onPlans={setOffered} />
        )}
      </section>
      <section className="command-section" aria-label={t('command.plan')}>
        <h3>
          {t('command.plan')}
          {event.planName !== null && `：${event.planName}`}
        </h3>
        {event.planUnits.length > 0 && (
          <p className="emergency-muted">
            {t('command.units', { units: event.planUnits.join('、') })}
          </p>
        )}
        <CommandChecklist event={event} action={action} commands={commands} />
        {commands && (
          <details open={event.planRecordId === null || offered !== null}>
            <summary>{t(offered === null ? 'command.choosePlan' : 'command.plansOfLevel')}</summary>
            <PlanPicker event={event} action={action} offered={offered} />
          </details>
        )}
      </section>
      <NotifySection event={event} action={action} commands={commands} />
      <CommandTimeline event={event} />
      {commands && <TerminateForm action={action} />}
    </>
  );
}

/** The four response levels, Ⅳ to Ⅰ, in the form that opens an event and the one that changes it. */
function LevelSelect({
  value,
  label,
  testId,
  onChange,
}: {
  value: ResponseLevel;
  label: string;
  testId?: string;
  onChange: (level: ResponseLevel) => void;
}) {
  const { t } = useI18n();
  return (
    <select
      value={value}
      aria-label={label}
      data-testid={testId}
      onChange={(change) => onChange(change.target.value as ResponseLevel)}
    >
      {RESPONSE_LEVEL_SCALE.map((option) => (
        <option key={option} value={option}>
          {t(`command.level.${option}`)}
        </option>
      ))}
    </select>
  );
}

export function CommandPanel() {
  const { t } = useI18n();
  const open = useCommandStore((state) => state.open);
  const event = useCommandStore((state) => state.event);
  const reportEventId = useCommandStore((state) => state.reportEventId);
  const commands = useAppStore(
    (state) => state.session?.permissions.includes('incidents.dispatch') ?? false,
  );
  const resource = useCommandEvent(open);
  const action = useCommandAction(resource.reload);
  if (!open) return null;
  return (
    <section className="command-panel" data-testid="command-panel">
      <header className="emergency-header">
        <h2>{t('command.title')}</h2>
        <button
          type="button"
          className="link-button"
          onClick={() => useCommandStore.getState().setOpen(false)}
        >
          {t('common.close')}
        </button>
      </header>
      <div className="emergency-body">
        <PanelStatus resource={resource} hasData={event !== undefined} />
        {action.error !== null && (
          <p className="emergency-error" role="alert" data-testid="command-error">
            {action.error}
          </p>
        )}
        {event === null && (
          <section className="command-section">
            <p className="emergency-muted" data-testid="command-none">
              {t('command.none')}
            </p>
            {commands && <OpenEventForm action={action} />}
          </section>
        )}
        {event != null && (
          <ActiveEvent key={event.id} event={event} action={action} commands={commands} />
        )}
        <RecentEvents />
      </div>
      {reportEventId !== null && <CommandReportPage eventId={reportEventId} />}
    </section>
  );
}

/** The left column's way in. */
