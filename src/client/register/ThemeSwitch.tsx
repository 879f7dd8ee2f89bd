/** Colour units by use, occupancy, rental or elderly living alone (one segmented control). */
import { useAppStore } from '../shell/appStore';
import { useT } from '../shell/i18n';
import { UNIT_THEMES } from '../theme/unitColours';

export function ThemeSwitch() {
  const t = useT();
  const theme = useAppStore((state) => state.theme);
  const setTheme = useAppStore((state) => state.setTheme);
  return (
    <div
      className="segmented theme-switch"
      role="radiogroup"
      aria-label={t('top.themeLabel')}
      data-testid="theme-switch"
      data-theme={theme}
    >
      <span className="segmented-label">{t('top.themeLabel')}</span>
      {UNIT_THEMES.map((option) => (
        <button
          key={option}
          type="button"
          role="radio"
          aria-checked={theme === option}
          className={`segmented-option${theme === option ? ' is-active' : ''}`}
          data-testid="theme-option"
          data-value={option}
          onClick={() => setTheme(option)}
        >
          {t(`theme.${option}`)}
        </button>
      ))}
    </div>
  );
}
