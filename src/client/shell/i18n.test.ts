import { describe, expect, it } from 'vitest';
import { DICTIONARIES, createTranslator, interpolate } from './i18n';

const PLACEHOLDER = /\{(\w+)\}/g;
const placeholders = (text: string) => [...text.matchAll(PLACEHOLDER)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  it('zh and en have identical key sets', () => {
    expect(Object.keys(DICTIONARIES.en).sort()).toEqual(Object.keys(DICTIONARIES.zh).sort());
  });

  it('every message is non-empty and uses the same placeholders in both languages', () => {
    for (const [key, zhText] of Object.entries(DICTIONARIES.zh)) {
      const enText = DICTIONARIES.en[key as keyof typeof DICTIONARIES.en];
      expect(zhText.trim(), key).not.toBe('');
      expect(enText.trim(), key).not.toBe('');
      expect(placeholders(enText), key).toEqual(placeholders(zhText));
    }
  });
});

describe('translator', () => {
  it('interpolates named parameters and leaves unknown ones visible', () => {
    expect(interpolate('{a} of {b}', { a: 1, b: 2 })).toBe('1 of 2');
    expect(interpolate('{a} of {b}', { a: 1 })).toBe('1 of {b}');
  });

  it('formats numbers per locale and picks the localized name', () => {
    const zh = createTranslator('zh');
    const en = createTranslator('en');
    expect(en.formatNumber(12345)).toBe('12,345');
    expect(zh.formatNumber(12345)).toBe('12,345');
    expect(en.t('common.pageOf', { page: 2, pages: 5 })).toBe('Page 2 of 5');
    expect(zh.localName({ name: '鼓楼区', nameEn: 'Gulou District' })).toBe('鼓楼区');
    expect(en.localName({ name: '鼓楼区', nameEn: 'Gulou District' })).toBe('Gulou District');
  });
});
