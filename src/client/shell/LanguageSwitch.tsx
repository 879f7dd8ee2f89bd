/** 中文 ⇄ EN. The choice is not personal data, so it survives a reload in localStorage. */
import { useEffect } from 'react';
import { useAppStore, type Language } from './appStore';
import { LOCALES, useT } from './i18n';

export const LANGUAGE_STORAGE_KEY = 'gcc.language';

export function readStoredLanguage(): Language | null {
  try {
    const stored = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    return stored === 'zh' || stored === 'en' ? stored : null;
  } catch {
    return null;
  }
}

/** Mirrors the language onto <html lang> (fonts, screen readers) and remembers it. */
export function useDocumentLanguage(): void {
  const language = useAppStore((state) => state.language);
  useEffect(() => {
    document.documentElement.lang = LOCALES[language];
    try {
      window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
    } catch {
      // Storage may be disabled on a locked-down wall PC; the switch still works for the session.
    }
  }, [language]);
}

export function LanguageSwitch() {
  const t = useT();
  const language = useAppStore((state) => state.language);
  const setLanguage = useAppStore((state) => state.setLanguage);
  return (
    <button
      type="button"
      className="button language-switch"
      data-testid="language-switch"
      data-language={language}
      title={t('top.languageSwitchTitle')}
      onClick={() => setLanguage(language === 'zh' ? 'en' : 'zh')}
    >
      {t('top.languageSwitch')}
    </button>
  );
}
