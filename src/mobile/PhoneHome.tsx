/**
 * The paired phone's one screen: link and upload state, patrol tracking, SOS, the task inbox and
 * the report button. Big targets, high contrast, one hand.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CollectSheet } from './CollectSheet';
import { deviceBasemap, type DeviceReader } from './deviceReads';
import type { PhoneCache } from './phoneCache';
import { ReportSheet } from './ReportSheet';
import type { PhoneSession } from './phoneSession';
import { usePhoneStore } from './phoneStore';
import { TaskCard } from './TaskCard';
import { usePhoneText } from './usePhoneText';

function GpsButton({ session }: { session: PhoneSession }) {
  const t = usePhoneText();
  const gps = usePhoneStore((state) => state.gps);
  const accuracyM = usePhoneStore((state) => state.accuracyM);
  const tracking = gps === 'on' || gps === 'waiting';
  let status: string | null = null;
  if (gps === 'waiting') status = t('gps.waiting');
  if (gps === 'on') status = t('gps.on', { accuracy: accuracyM ?? '—' });
  if (gps === 'denied') status = t('gps.denied');
  if (gps === 'unavailable') status = t('gps.unavailable');
  return (
    <section className="phone-card" data-testid="phone-gps" data-gps={gps}>
      <button
        type="button"
        className={`phone-button ${tracking ? '' : 'primary'}`}
        data-testid="phone-gps-toggle"
        onClick={() => (tracking ? session.stopGps() : session.startGps())}
      >
        {tracking ? t('gps.stop') : t('gps.start')}
      </button>
      {status !== null && <p className="phone-status">{status}</p>}
    </section>
  );
}

/** Loads the report map's code while online, so the sheet opens offline too. */
const prefetchReportMap = () => import('./ReportMap');

export function PhoneHome({
  session,
  cache,
  onSignOut,
}: {
  session: PhoneSession;
  cache: PhoneCache;
  onSignOut(): void;
}) {
  const t = usePhoneText();
  const device = usePhoneStore((state) => state.device);
  const reader = useMemo<DeviceReader | null>(
    () => (device === null ? null : { cache, workerId: device.workerId, token: device.token }),
    [cache, device],
  );
  const language = usePhoneStore((state) => state.language);
  const setLanguage = usePhoneStore((state) => state.setLanguage);
  const link = usePhoneStore((state) => state.link);
  const pending = usePhoneStore((state) => state.pending);
  const tasks = usePhoneStore((state) => state.tasks);
  const sos = usePhoneStore((state) => state.sos);
  const [reporting, setReporting] = useState(false);
  const [collecting, setCollecting] = useState(false);
  const basemapKept = useRef(false);
  useEffect(() => {
    if (link !== 'online' || reader === null) return;
    void prefetchReportMap();
    // The base map is kept on the phone for the report map offline: once per start (it is the
    // whole district's), again on a later reconnect only when that first try failed.
    if (basemapKept.current) return;
    deviceBasemap(reader).then(
      () => (basemapKept.current = true),
      () => undefined,
    );
  }, [link, reader]);
  if (device === null || reader === null) return null;
  return (
    <>
      <header className="phone-header">
        <div>
          <div className="phone-title">{t('app.title')}</div>
          <div className="phone-worker" data-testid="phone-worker">
            {language === 'en' ? device.workerNameEn : device.workerName}
          </div>
        </div>
        <span className={`phone-link link-${link}`} data-testid="phone-link" data-link={link}>
          {t(`status.${link}`)}
        </span>
        <button
          type="button"
          className="phone-button small"
          onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
        >
          {language === 'zh' ? 'EN' : '中文'}
        </button>
      </header>
      {(pending.fixes > 0 || pending.commands > 0) && (
        <p className="phone-pending" data-testid="phone-pending">
          {t('status.pending', pending)}
        </p>
      )}
      <GpsButton session={session} />
      <button
        type="button"
        className={`phone-sos ${sos ? 'active' : ''}`}
        data-testid="phone-sos"
        onClick={() => void session.sos(!sos)}
      >
        {sos ? t('sos.active') : t('sos.press')}
      </button>
      <section className="phone-card">
        <h2>{t('tasks.title')}</h2>
        {tasks.length === 0 ? (
          <p className="phone-status" data-testid="phone-no-tasks">
            {t('tasks.none')}
          </p>
        ) : (
          <ul className="phone-tasks">
            {tasks.map((task) => (
              <TaskCard
                key={task.incidentId}
                task={task}
                onHandle={() => void session.handleTask(task.incidentId)}
                onFeedBack={(note, photos) => void session.feedBack(task.incidentId, note, photos)}
                onDecline={(reason) => void session.decline(task.incidentId, reason)}
              />
            ))}
          </ul>
        )}
      </section>
      {reporting ? (
        <ReportSheet
          reader={reader}
          onSend={(draft) => session.report(draft)}
          onClose={() => setReporting(false)}
        />
      ) : (
        <button
          type="button"
          className="phone-button primary wide"
          data-testid="phone-report-open"
          onClick={() => setReporting(true)}
        >
          {t('report.open')}
        </button>
      )}
      {collecting ? (
        <CollectSheet
          reader={reader}
          onSend={(submission) => session.collect(submission)}
          onClose={() => setCollecting(false)}
        />
      ) : (
        <button
          type="button"
          className="phone-button wide"
          data-testid="phone-collect-open"
          onClick={() => setCollecting(true)}
        >
          {t('collect.open')}
        </button>
      )}
      <button type="button" className="phone-button quiet wide" onClick={onSignOut}>
        {t('logout')}
      </button>
    </>
  );
}
