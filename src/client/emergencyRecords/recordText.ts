/**
 * How a record's attribute reads in a list cell, in the screen's language: enum codes as their
 * labels, substances by name, lists joined. Field labels come from the domain's field table.
 */
import { CHEMICALS } from '../../domain/emergency/chemicals';
import type { RecordField } from '../../domain/emergency/records/emergencyRecordKinds';
import type { Language } from '../shell/appStore';

export function fieldLabel(field: Pick<RecordField, 'zh' | 'en'>, language: Language): string {
  return language === 'en' ? field.en : field.zh;
}

export function attributeText(
  field: RecordField,
  value: string | number | string[] | undefined,
  language: Language,
): string {
  if (value === undefined) return '—';
  if (Array.isArray(value)) return value.join(language === 'en' ? '; ' : '；');
  if (field.type === 'enum') {
    const option = field.options?.find((candidate) => candidate.code === value);
    return option === undefined ? String(value) : fieldLabel(option, language);
  }
  if (field.type === 'substance') {
    const chemical = CHEMICALS.find((entry) => entry.id === value);
    return chemical === undefined
      ? String(value)
      : language === 'en'
        ? chemical.nameEn
        : chemical.nameZh;
  }
  return typeof value === 'number'
    ? value.toLocaleString(language === 'en' ? 'en' : 'zh-CN')
    : value;
}
