/**
 * An incident's department as the reader's language names it: a code of the district's
 * departments (职能部门, e.g. `urban_management`) becomes its name; free text typed at a dispatch
 * or transfer (and anything while the list loads or when it cannot be read) shows as typed.
 */
import { useEffect, useState } from 'react';
import type { Department } from '../../shared/api';
import type { ApiClient } from '../feeds/apiClient';
import { useApi } from '../shell/ApiContext';
import { useI18n } from '../shell/i18n';

/**
 * The departments, read once per API client (a session) rather than at every drawer opening; a
 * failed read is forgotten so the next drawer asks again.
 */
const departmentLists = new WeakMap<ApiClient, Promise<readonly Department[]>>();

function departmentsOf(api: ApiClient): Promise<readonly Department[]> {
  let list = departmentLists.get(api);
  if (list === undefined) {
    list = api.departments();
    departmentLists.set(api, list);
    list.catch(() => departmentLists.delete(api));
  }
  return list;
}

export function useDepartmentName(department: string | null | undefined): string | null {
  const api = useApi();
  const { language } = useI18n();
  const [departments, setDepartments] = useState<readonly Department[]>([]);
  const known = department !== null && department !== undefined && department !== '';
  useEffect(() => {
    if (!known) return;
    let current = true;
    departmentsOf(api).then(
      (list) => current && setDepartments(list),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [api, known]);
  if (!known) return null;
  const found = departments.find((entry) => entry.code === department);
  if (found === undefined) return department;
  return language === 'en' ? found.nameEn : found.name;
}
