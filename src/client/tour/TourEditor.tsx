/**
 * The tour editor (administrators, in the tour mode): records the wall's current camera,
 * selection, theme and heat layer as a step with captions and a duration, and downloads the
 * recorded steps as a tour file for `tours/`. A step that would not load is refused with why.
 */
import { useState } from 'react';
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { useWallModeStore } from '../shell/wallModeStore';
import { useHeatmapStore } from '../heat/heatmapStore';
import { LabelledTextArea } from '../widgets/LabelledTextArea';
import { recordTourStep, recordedTour } from './recordTourStep';
import { currentTourStep, useTourStore } from './tourStore';
import { TourFormatError, type Tour } from './tourSchema';

const DEFAULT_STEP_DURATION_S = 10;
const RECORDED_TOUR_ID = 'recorded';
const CAPTION_ROWS = 2;

/** Editing tours is an administrator's work (the same right as managing users). */
export function mayEditTours(permissions: readonly string[] | undefined): boolean {
  return permissions?.includes('users.manage') ?? false;
}

function downloadTour(tour: Tour): void {
  const blob = new Blob([`${JSON.stringify(tour, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${tour.id}.json`;
  link.click();
  URL.revokeObjectURL(url);
}

export function TourEditor() {
  const { t } = useI18n();
  const inTour = useWallModeStore((state) => state.mode === 'tour');
  const mayEdit = useAppStore((state) => mayEditTours(state.session?.permissions));
  const open = useTourStore((state) => state.editorOpen);
  const recorded = useTourStore((state) => state.recorded);
  const [captionZh, setCaptionZh] = useState('');
  const [captionEn, setCaptionEn] = useState('');
  const [durationS, setDurationS] = useState(DEFAULT_STEP_DURATION_S);
  const [heat, setHeat] = useState(() => useHeatmapStore.getState().enabled);
  const [problems, setProblems] = useState<string | null>(null);
  if (!inTour || !mayEdit || !open) return null;

  const titleOf = () =>
    useTourStore.getState().tour?.title ?? { zh: RECORDED_TOUR_ID, en: RECORDED_TOUR_ID };
  const record = () => {
    const app = useAppStore.getState();
    const tourState = useTourStore.getState();
    const step = recordTourStep(
      {
        selection: app.selection,
        camera: app.cameraView,
        theme: app.theme,
        heat,
        panels: currentTourStep(tourState)?.show?.panels ?? ['statistics'],
        captionZh,
        captionEn,
        durationS,
      },
      recorded.length + 1,
    );
    try {
      recordedTour(RECORDED_TOUR_ID, titleOf(), [...recorded, step]);
    } catch (error) {
      if (!(error instanceof TourFormatError)) throw error;
      setProblems(error.problems.join('; '));
      return;
    }
    setProblems(null);
    tourState.record(step);
    setCaptionZh('');
    setCaptionEn('');
  };

  return (
    <section className="tour-editor panel" data-testid="tour-editor" data-tour-controls="">
      <header className="panel-header">
        <h2 className="panel-title">{t('tour.editor.title')}</h2>
      </header>
      <p className="empty-hint">{t('tour.editor.hint')}</p>
      <LabelledTextArea
        label={t('tour.editor.captionZh')}
        value={captionZh}
        rows={CAPTION_ROWS}
        placeholder=""
        onChange={setCaptionZh}
        testId="tour-editor-zh"
      />
      <LabelledTextArea
        label={t('tour.editor.captionEn')}
        value={captionEn}
        rows={CAPTION_ROWS}
        placeholder=""
        onChange={setCaptionEn}
        testId="tour-editor-en"
      />
      <label>
        <span>{t('tour.editor.duration')}</span>
        <input
          type="number"
          min={2}
          max={600}
          value={durationS}
          data-testid="tour-editor-duration"
          onChange={(event) => setDurationS(Number(event.target.value))}
        />
      </label>
      <label className="tour-loop-toggle">
        <input type="checkbox" checked={heat} onChange={() => setHeat(!heat)} />
        {t('tour.editor.heat')}
      </label>
      {problems !== null && (
        <p role="alert" className="tour-step-error" data-testid="tour-editor-problems">
          {t('tour.editor.invalid', { problems })}
        </p>
      )}
      <div className="tour-editor-actions">
        <button type="button" className="button" data-testid="tour-editor-record" onClick={record}>
          {t('tour.editor.record')}
        </button>
        <button
          type="button"
          className="button button-quiet"
          data-testid="tour-editor-download"
          disabled={recorded.length === 0}
          onClick={() => downloadTour(recordedTour(RECORDED_TOUR_ID, titleOf(), recorded))}
        >
          {t('tour.editor.download')}
        </button>
      </div>
      <p data-testid="tour-editor-count">{t('tour.editor.steps', { count: recorded.length })}</p>
      <ol className="tour-editor-steps">
        {recorded.map((step, index) => (
          <li key={step.id}>
            {step.caption.zh}
            <button
              type="button"
              className="button button-quiet"
              onClick={() => useTourStore.getState().removeRecorded(index)}
            >
              {t('tour.editor.remove')}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The top bar's "编辑导览" toggle: administrators in the tour mode. */
export function TourEditorToggle() {
  const { t } = useI18n();
  const inTour = useWallModeStore((state) => state.mode === 'tour');
  const mayEdit = useAppStore((state) => mayEditTours(state.session?.permissions));
  const open = useTourStore((state) => state.editorOpen);
  if (!inTour || !mayEdit) return null;
  return (
    <button
      type="button"
      className="button button-quiet"
      data-testid="tour-editor-toggle"
      data-tour-controls=""
      aria-pressed={open}
      onClick={() => {
        useTourStore.getState().setEditorOpen(!open);
        // Recording means steering the wall by hand: the tour waits meanwhile.
        if (!open) useTourStore.getState().send({ type: 'pause' });
      }}
    >
      {open ? t('tour.editor.close') : t('tour.editor.open')}
    </button>
  );
}
