/** The current theme's colours, in the current language, with the figures' loading state. */
import { useAppStore } from '../shell/appStore';
import { describeError } from '../widgets/errorMessage';
import { useT } from '../shell/i18n';
import { LEGENDS } from '../theme/unitColours';
import { useThemeColumns } from '../shell/useSessionData';

export function Legend() {
  const t = useT();
  const theme = useAppStore((state) => state.theme);
  const loading = useThemeColumns();
  const message = loading.status === 'error' ? describeError(loading.error) : null;
  return (
    <section className="panel-section legend" data-testid="legend" data-theme={theme}>
      <h2 className="section-title">{t('legend.title', { theme: t(`theme.${theme}`) })}</h2>
      <ul className="legend-list">
        {LEGENDS[theme].map((entry) => (
          <li key={entry.labelKey} className="legend-item">
            <span className="legend-swatch" style={{ background: entry.colourCss }} />
            <span>{t(entry.labelKey, entry.params)}</span>
          </li>
        ))}
      </ul>
      <p className="legend-status" role="status">
        {loading.status === 'loading' && t('common.loading')}
        {message && (
          <>
            {t(message.messageKey, message.params)}{' '}
            <button type="button" className="link-button" onClick={loading.retry}>
              {t('common.retry')}
            </button>
          </>
        )}
      </p>
    </section>
  );
}
