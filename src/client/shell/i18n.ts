/**
 * Translation: typed dictionaries (zh default, en for delegations) and locale-aware number and
 * date formatting. `useT()` is what components use; `createTranslator` is the pure core.
 */
import { useAppStore, type Language } from './appStore';
import { en } from './locales/en';
import { zh, type MessageKey } from './locales/zh';

export type { MessageKey };
import { interpolate, type MessageParams } from '../../shared/interpolate';

export { interpolate, type MessageParams };

export const DICTIONARIES: Record<Language, Record<MessageKey, string>> = { zh, en };
export const LOCALES: Record<Language, string> = { zh: 'zh-CN', en: 'en-GB' };

/** Names that come from data in both languages (grids, buildings). */
export interface BilingualName {
  name: string;
  nameEn: string;
}

export interface Translator {
  language: Language;
  t(key: MessageKey, params?: MessageParams): string;
  formatNumber(value: number, maximumFractionDigits?: number): string;
  formatTime(date: Date): string;
  formatDate(date: Date): string;
  localName(named: BilingualName): string;
}

export function createTranslator(language: Language): Translator {
  const dictionary = DICTIONARIES[language];
  const locale = LOCALES[language];
  const numberFormats = new Map<number, Intl.NumberFormat>();
  const timeFormat = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  const dateFormat = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    weekday: 'short',
  });
  return {
    language,
    t: (key, params) => interpolate(dictionary[key], params),
    formatNumber(value, maximumFractionDigits = 0) {
      let format = numberFormats.get(maximumFractionDigits);
      if (!format) {
        format = new Intl.NumberFormat(locale, { maximumFractionDigits });
        numberFormats.set(maximumFractionDigits, format);
      }
      return format.format(value);
    },
    formatTime: (date) => timeFormat.format(date),
    formatDate: (date) => dateFormat.format(date),
    localName: (named) => (language === 'en' && named.nameEn ? named.nameEn : named.name),
  };
}

const TRANSLATORS: Record<Language, Translator> = {
  zh: createTranslator('zh'),
  en: createTranslator('en'),
};

/** The translator for the current language (stable per language, safe in deps arrays). */
export function useI18n(): Translator {
  return TRANSLATORS[useAppStore((state) => state.language)];
}

/** Shorthand for the common case: `const t = useT(); t('login.submit')`. */
export function useT(): Translator['t'] {
  return useI18n().t;
}
