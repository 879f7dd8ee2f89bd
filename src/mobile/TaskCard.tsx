/** One dispatched task: what and where, the deadline, and the worker's next step. */
import { lazy, Suspense, useState } from 'react';
import { categoryName } from './categoryName';
import { PhotoPicker } from './PhotoPicker';
import { TaskDecline } from './TaskDecline';
import type { PhoneTask } from './phoneStore';
import { usePhoneStore } from './phoneStore';
import { usePhoneText } from './usePhoneText';

/** MapLibre is big: loaded the first time a route is opened. */
const RouteMap = lazy(() => import('./RouteMap'));

export function TaskCard({
  task,
  onHandle,
  onFeedBack,
  onDecline,
}: {
  task: PhoneTask;
  onHandle(): void;
  onFeedBack(note: string, photos: Blob[]): void;
  onDecline(reason: string): void;
}) {
  const t = usePhoneText();
  const language = usePhoneStore((state) => state.language);
  const [writing, setWriting] = useState(false);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [showRoute, setShowRoute] = useState(false);
  const due =
    task.dueAtMs === null
      ? null
      : new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'zh-CN', {
          month: 'numeric',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }).format(new Date(task.dueAtMs));
  return (
    <li className={`phone-task step-${task.step}`} data-testid="phone-task" data-step={task.step}>
      <div className="phone-task-head">
        <strong>{categoryName(task.categoryCode, language)}</strong>
        <span className="phone-task-step">{t(`tasks.state.${task.step}`)}</span>
      </div>
      <p className="phone-task-text">{task.description}</p>
      {task.rework != null && task.step === 'handling' && (
        <p className="phone-rework" data-testid="phone-task-rework">
          {t('tasks.rework', { note: task.rework.note || '—' })}
        </p>
      )}
      <p className="phone-task-meta">
        <span className="mono">{task.incidentId}</span>
        {due !== null && <span>{t('tasks.due', { time: due })}</span>}
      </p>
      {task.step !== 'done' &&
        (showRoute ? (
          <Suspense fallback={<p className="phone-status">…</p>}>
            <RouteMap incidentId={task.incidentId} onClose={() => setShowRoute(false)} />
          </Suspense>
        ) : (
          <button
            type="button"
            className="phone-button"
            data-testid="phone-task-route"
            onClick={() => setShowRoute(true)}
          >
            {t('tasks.route')}
          </button>
        ))}
      {task.step === 'new' && (
        <>
          <button
            type="button"
            className="phone-button primary"
            data-testid="phone-task-handle"
            onClick={onHandle}
          >
            {t('tasks.handle')}
          </button>
          <TaskDecline onDecline={onDecline} />
        </>
      )}
      {task.step === 'handling' && !writing && (
        <button
          type="button"
          className="phone-button primary"
          data-testid="phone-task-feedback"
          onClick={() => setWriting(true)}
        >
          {t('tasks.feedback')}
        </button>
      )}
      {writing && (
        <form
          className="phone-feedback"
          onSubmit={(event) => {
            event.preventDefault();
            onFeedBack(note.trim(), photos);
            setWriting(false);
            setPhotos([]);
          }}
        >
          <label>
            <span>{t('tasks.feedbackNote')}</span>
            <textarea
              rows={3}
              value={note}
              required
              data-testid="phone-feedback-note"
              onChange={(event) => setNote(event.target.value)}
            />
          </label>
          <PhotoPicker photos={photos} onChange={setPhotos} testId="phone-feedback-photo" />
          <div className="phone-row">
            <button type="button" className="phone-button" onClick={() => setWriting(false)}>
              {t('tasks.cancel')}
            </button>
            <button
              type="submit"
              className="phone-button primary"
              data-testid="phone-feedback-send"
            >
              {t('tasks.send')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
