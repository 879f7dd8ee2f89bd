/**
 * The deductions of one subject and the incidents behind each: a click on an incident number
 * opens it in the wall's incident drawer (the drawer checks the caller's scope again).
 */
import type { SubjectLevel, SubjectScoreWire } from '../../shared/assessment';
import { useIncidentStore } from '../incidents/incidentStore';
import { useI18n } from '../shell/i18n';
import { useSubjectName } from './useSubjectName';

const NO_FIGURE = '—';

export function DeductionDetail({
  level,
  entry,
}: {
  level: SubjectLevel;
  entry: SubjectScoreWire;
}) {
  const { t, formatNumber } = useI18n();
  const nameOf = useSubjectName(level);
  const selectIncident = useIncidentStore((state) => state.selectIncident);
  const figure = (value: number | null) => (value === null ? NO_FIGURE : formatNumber(value, 1));
  return (
    <section className="assessment-detail" data-testid="assessment-detail">
      <h3>{t('assessment.detail.title', { name: nameOf(entry) })}</h3>
      <p className="assessment-detail-sum">
        {t('assessment.detail.base', {
          base: figure(entry.baseScore),
          points: formatNumber(entry.deductionPoints, 1),
          score: figure(entry.score),
        })}
      </p>
      {entry.deductions.length === 0 ? (
        <p className="assessment-empty">{t('assessment.detail.none')}</p>
      ) : (
        <ul>
          {entry.deductions.map((deduction) => (
            <li key={deduction.kind} data-deduction={deduction.kind}>
              <span className="assessment-deduction-line">
                {t('assessment.deduction.line', {
                  kind: t(`assessment.deduction.${deduction.kind}`),
                  count: deduction.count,
                  points: formatNumber(deduction.points, 1),
                })}
              </span>
              <span className="assessment-incidents">
                {deduction.incidentIds.map((incidentId) => (
                  <button
                    key={incidentId}
                    type="button"
                    className="assessment-incident"
                    aria-label={t('assessment.openIncident', { id: incidentId })}
                    onClick={() => selectIncident(incidentId)}
                  >
                    {incidentId}
                  </button>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
