/** An incident category's name in the phone's language (its code when unknown). */
import { INCIDENT_CATEGORIES } from '../domain/incidents/incidentCategories';
import type { PhoneLanguage } from './phoneLocales';

export function categoryName(code: string, language: PhoneLanguage): string {
  const category = INCIDENT_CATEGORIES.find((entry) => entry.code === code);
  if (category === undefined) return code;
  return language === 'en' ? category.nameEn : category.nameZh;
}
