/**
 * An incident's department as the reader's language names it: a code of the district's
 * departments (职能部门, e.g. `urban_management`) becomes its name; free text typed at a dispatch
 * or transfer (and anything while the list loads or when it cannot be read) shows as typed.
 */
import { useEffect, useState } from 'react';
import type { Department } from '../../shared/api';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';

export function useDepartmentName(department: string | null | undefined): string | null {
  const api = useApi();
  const { language } = useI18n();
  const [departments, setDepartments] = useState<readonly Department[]>([]);
  const known = department !== null && department !== undefined && department !== '';
  useEffect(() => {
    if (!known) return;
    const controller = new AbortController();
    api.departments(controller.signal).then(setDepartments, () => undefined);
    return () => controller.abort();
  }, [api, known]);
  if (!known) return null;
  const found = departments.find((entry) => entry.code === department);
  if (found === undefined) return department;
  return language === 'en' ? found.nameEn : found.name;
}
