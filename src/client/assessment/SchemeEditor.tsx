/**
 * 考核方案 for administrators: the versions (never changed once saved) and a form that saves the
 * one in force, edited, as a new version from a later day. The server checks every value again
 * and answers what is wrong in both languages.
 */
import { useCallback, useEffect, useState } from 'react';
import {
  DEDUCTION_KINDS,
  INDICATOR_CODES,
  type AssessmentScheme,
  type SchemeVersionsResponse,
} from '../../shared/assessment';
import { DAY_MS } from '../../domain/districtTime';
import { useI18n } from '../shell/i18n';
import { AssessmentApiError, type AssessmentApi } from './assessmentApi';

const TARGET_KEYS = [
  'workerFoundShare',
  'workerFoundPer30Days',
  'patrolCoverageShare',
  'responseMinutes',
  'lowSatisfactionAtMost',
] as const;

/** The day after `day` (`YYYY-MM-DD`). */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

function NumberField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: number | null;
  onChange: (value: number | null) => void;
}) {
  return (
    <label className="assessment-field">
      <span>{label}</span>
      <input
        type="number"
        step="any"
        value={value ?? ''}
        onChange={(event) =>
          onChange(event.target.value === '' ? null : Number(event.target.value))
        }
      />
    </label>
  );
}

export function SchemeEditor({ api }: { api: AssessmentApi }) {
  const { t, language } = useI18n();
  const [versions, setVersions] = useState<SchemeVersionsResponse | null>(null);
  const [draft, setDraft] = useState<AssessmentScheme | null>(null);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);

  const load = useCallback(
    () =>
      api.schemes().then((answer) => {
        setVersions(answer);
        const inForce = answer.versions.find((entry) => entry.version === answer.inForceVersion);
        setDraft(structuredClone((inForce ?? answer.versions.at(-1))?.scheme ?? null));
        setEffectiveFrom(dayAfter(answer.today));
      }),
    [api],
  );
  useEffect(() => {
    load().catch((error: Error) => setMessage({ text: error.message, failed: true }));
  }, [load]);

  if (versions === null || draft === null) {
    return message === null ? null : <p role="alert">{message.text}</p>;
  }
  const update = (change: (scheme: AssessmentScheme) => void) => {
    const next = structuredClone(draft);
    change(next);
    setDraft(next);
  };
  const save = async () => {
    try {
      const created = await api.createScheme({ effectiveFrom, scheme: draft });
      setMessage({
        text: t('assessment.editor.saved', {
          version: created.version,
          from: created.effectiveFrom,
        }),
        failed: false,
      });
      await load();
    } catch (error) {
      const text =
        error instanceof AssessmentApiError && error.messages !== null
          ? error.messages[language]
          : (error as Error).message;
      setMessage({ text, failed: true });
    }
  };

  return (
    <section className="assessment-editor" data-testid="assessment-scheme-editor">
      <h3>{t('assessment.editor.title')}</h3>
      <ul className="assessment-versions">
        {versions.versions.map((entry) => (
          <li key={entry.version}>
            {t('assessment.editor.version', {
              version: entry.version,
              from: entry.effectiveFrom,
              by: entry.createdBy,
            })}
            {entry.version === versions.inForceVersion && (
              <strong className="assessment-in-force"> {t('assessment.editor.inForce')}</strong>
            )}
          </li>
        ))}
      </ul>
      <p className="assessment-note">{t('assessment.editor.note')}</p>
      <div className="assessment-editor-groups">
        <fieldset>
          <legend>{t('assessment.editor.weights')}</legend>
          {INDICATOR_CODES.map((code) => (
            <NumberField
              key={code}
              label={t(`assessment.indicator.${code}`)}
              value={draft.weights[code]}
              onChange={(value) => update((scheme) => (scheme.weights[code] = value ?? 0))}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('assessment.editor.targets')}</legend>
          {TARGET_KEYS.map((key) => (
            <NumberField
              key={key}
              label={t(`assessment.target.${key}`)}
              value={draft.targets[key]}
              onChange={(value) => update((scheme) => (scheme.targets[key] = value ?? 0))}
            />
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('assessment.editor.deductions')}</legend>
          {DEDUCTION_KINDS.map((kind) => (
            <div key={kind} className="assessment-rule" data-rule={kind}>
              <span className="assessment-rule-name">{t(`assessment.deduction.${kind}`)}</span>
              <NumberField
                label={t('assessment.editor.pointsEach')}
                value={draft.deductions[kind].pointsEach}
                onChange={(value) =>
                  update((scheme) => (scheme.deductions[kind].pointsEach = value ?? 0))
                }
              />
              <NumberField
                label={t('assessment.editor.maxPoints')}
                value={draft.deductions[kind].maxPoints}
                onChange={(value) =>
                  update((scheme) => (scheme.deductions[kind].maxPoints = value))
                }
              />
            </div>
          ))}
        </fieldset>
      </div>
      <div className="assessment-editor-actions">
        <label className="assessment-field">
          <span>{t('assessment.editor.effectiveFrom')}</span>
          <input
            type="date"
            value={effectiveFrom}
            min={dayAfter(versions.today)}
            onChange={(event) => setEffectiveFrom(event.target.value)}
          />
        </label>
        <button type="button" className="button" onClick={() => void save()}>
          {t('assessment.editor.save')}
        </button>
      </div>
      {message !== null && (
        <p role={message.failed ? 'alert' : 'status'} className={message.failed ? 'is-error' : ''}>
          {message.text}
        </p>
      )}
    </section>
  );
}
