/** "考核" in the top bar, for users who read the workers' map (the server checks again). */
import { useAppStore } from '../shell/appStore';
import { useI18n } from '../shell/i18n';
import { useAssessmentStore } from './assessmentStore';

export function AssessmentButton() {
  const { t } = useI18n();
  const mayRead = useAppStore(
    (state) => state.session?.permissions.includes('tracking.read') ?? false,
  );
  const open = useAssessmentStore((state) => state.open);
  const toggle = useAssessmentStore((state) => state.toggle);
  if (!mayRead) return null;
  return (
    <button
      type="button"
      className="button button-quiet"
      data-testid="open-assessment"
      aria-expanded={open}
      onClick={toggle}
    >
      {t('assessment.open')}
    </button>
  );
}
