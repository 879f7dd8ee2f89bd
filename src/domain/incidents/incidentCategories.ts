/**
 * Incident categories. The city-management ones follow the major classes of China's digital
 * city management (数字化城市管理, events 事件 and components 部件); the rest are the usual
 * social-governance classes of grid work. Codes are ours and stable: they are stored with every
 * incident and published as Open311 service codes, so never renumber one.
 */

export const INCIDENT_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type IncidentPriority = (typeof INCIDENT_PRIORITIES)[number];

export type DeadlineHoursByPriority = Readonly<Record<IncidentPriority, number>>;

/** Life and property at stake: the clock is counted in hours. */
export const EMERGENCY_DEADLINE_HOURS: DeadlineHoursByPriority = {
  urgent: 1,
  high: 2,
  normal: 4,
  low: 8,
};

/** Street-level nuisances a worker or a law-enforcement team clears on the spot. */
export const STREET_DEADLINE_HOURS: DeadlineHoursByPriority = {
  urgent: 2,
  high: 8,
  normal: 24,
  low: 72,
};

/** Repairs and works that need a contractor or another department. */
export const WORKS_DEADLINE_HOURS: DeadlineHoursByPriority = {
  urgent: 4,
  high: 24,
  normal: 72,
  low: 168,
};

/** Casework with people (mediation, assistance): days, not hours. */
export const CASEWORK_DEADLINE_HOURS: DeadlineHoursByPriority = {
  urgent: 8,
  high: 48,
  normal: 120,
  low: 240,
};

export type IncidentCategoryGroup = 'city_management' | 'social_governance';

export interface IncidentCategory {
  code: string;
  group: IncidentCategoryGroup;
  nameZh: string;
  nameEn: string;
  defaultPriority: IncidentPriority;
  deadlineHours: DeadlineHoursByPriority;
  /** GeoReport v2 `service_code`. */
  open311ServiceCode: string;
}

export const INCIDENT_CATEGORIES: readonly IncidentCategory[] = [
  {
    code: 'city_appearance',
    group: 'city_management',
    nameZh: '市容环境',
    nameEn: 'City appearance',
    defaultPriority: 'normal',
    deadlineHours: STREET_DEADLINE_HOURS,
    open311ServiceCode: 'CM01',
  },
  {
    code: 'advertising',
    group: 'city_management',
    nameZh: '宣传广告',
    nameEn: 'Advertising',
    defaultPriority: 'low',
    deadlineHours: STREET_DEADLINE_HOURS,
    open311ServiceCode: 'CM02',
  },
  {
    code: 'construction',
    group: 'city_management',
    nameZh: '施工管理',
    nameEn: 'Construction',
    defaultPriority: 'normal',
    deadlineHours: WORKS_DEADLINE_HOURS,
    open311ServiceCode: 'CM03',
  },
  {
    code: 'emergency',
    group: 'city_management',
    nameZh: '突发事件',
    nameEn: 'Emergency',
    defaultPriority: 'urgent',
    deadlineHours: EMERGENCY_DEADLINE_HOURS,
    open311ServiceCode: 'CM04',
  },
  {
    code: 'street_order',
    group: 'city_management',
    nameZh: '街面秩序',
    nameEn: 'Street order',
    defaultPriority: 'normal',
    deadlineHours: STREET_DEADLINE_HOURS,
    open311ServiceCode: 'CM05',
  },
  {
    code: 'street_facilities',
    group: 'city_management',
    nameZh: '街面设施',
    nameEn: 'Street facilities',
    defaultPriority: 'normal',
    deadlineHours: WORKS_DEADLINE_HOURS,
    open311ServiceCode: 'CM06',
  },
  {
    code: 'dispute',
    group: 'social_governance',
    nameZh: '矛盾纠纷',
    nameEn: 'Dispute',
    defaultPriority: 'high',
    deadlineHours: CASEWORK_DEADLINE_HOURS,
    open311ServiceCode: 'SG01',
  },
  {
    code: 'safety_hazard',
    group: 'social_governance',
    nameZh: '安全隐患',
    nameEn: 'Safety hazard',
    defaultPriority: 'high',
    deadlineHours: EMERGENCY_DEADLINE_HOURS,
    open311ServiceCode: 'SG02',
  },
  {
    code: 'livelihood_service',
    group: 'social_governance',
    nameZh: '民生服务',
    nameEn: 'Livelihood service',
    defaultPriority: 'normal',
    deadlineHours: CASEWORK_DEADLINE_HOURS,
    open311ServiceCode: 'SG03',
  },
  {
    code: 'public_security',
    group: 'social_governance',
    nameZh: '治安',
    nameEn: 'Public security',
    defaultPriority: 'high',
    deadlineHours: STREET_DEADLINE_HOURS,
    open311ServiceCode: 'SG04',
  },
  {
    code: 'special_groups',
    group: 'social_governance',
    nameZh: '特殊人群',
    nameEn: 'Special groups',
    defaultPriority: 'high',
    deadlineHours: CASEWORK_DEADLINE_HOURS,
    open311ServiceCode: 'SG05',
  },
];

const CATEGORY_BY_CODE = new Map(INCIDENT_CATEGORIES.map((category) => [category.code, category]));
const CATEGORY_BY_SERVICE_CODE = new Map(
  INCIDENT_CATEGORIES.map((category) => [category.open311ServiceCode, category]),
);

export function findIncidentCategory(code: string): IncidentCategory | null {
  return CATEGORY_BY_CODE.get(code) ?? null;
}

export function findCategoryByServiceCode(serviceCode: string): IncidentCategory | null {
  return CATEGORY_BY_SERVICE_CODE.get(serviceCode) ?? null;
}

export function isIncidentPriority(value: string): value is IncidentPriority {
  return (INCIDENT_PRIORITIES as readonly string[]).includes(value);
}

const MS_PER_HOUR = 3_600_000;

/** Handling time allowed from dispatch to feedback; null for an unknown category. */
export function allowedHandlingMs(categoryCode: string, priority: IncidentPriority): number | null {
  const category = findIncidentCategory(categoryCode);
  return category === null ? null : category.deadlineHours[priority] * MS_PER_HOUR;
}
