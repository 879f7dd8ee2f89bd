import { describe, expect, it } from 'vitest';
import {
  allowedHandlingMs,
  findCategoryByServiceCode,
  findIncidentCategory,
  INCIDENT_CATEGORIES,
  INCIDENT_PRIORITIES,
  isIncidentPriority,
} from './incidentCategories';

describe('incident categories', () => {
  it('has the six city-management and five social-governance classes with unique codes', () => {
    const byGroup = (group: string) =>
      INCIDENT_CATEGORIES.filter((category) => category.group === group).map(
        (category) => category.nameZh,
      );
    expect(byGroup('city_management')).toEqual([
      '市容环境',
      '宣传广告',
      '施工管理',
      '突发事件',
      '街面秩序',
      '街面设施',
    ]);
    expect(byGroup('social_governance')).toEqual([
      '矛盾纠纷',
      '安全隐患',
      '民生服务',
      '治安',
      '特殊人群',
    ]);
    for (const key of ['code', 'open311ServiceCode', 'nameZh', 'nameEn'] as const) {
      expect(new Set(INCIDENT_CATEGORIES.map((category) => category[key])).size).toBe(
        INCIDENT_CATEGORIES.length,
      );
    }
  });

  it('gives more urgent priorities strictly less time', () => {
    for (const category of INCIDENT_CATEGORIES) {
      const hours = INCIDENT_PRIORITIES.map((priority) => category.deadlineHours[priority]);
      expect(
        hours.every((value, index) => index === 0 || value > (hours[index - 1] ?? Infinity)),
      ).toBe(true);
      expect(hours.every((value) => value > 0)).toBe(true);
    }
  });

  it('looks categories up by code and by service code', () => {
    expect(findIncidentCategory('emergency')?.defaultPriority).toBe('urgent');
    expect(findCategoryByServiceCode('SG01')?.code).toBe('dispute');
    expect(findIncidentCategory('nope')).toBeNull();
  });

  it('turns the table into handling milliseconds', () => {
    expect(allowedHandlingMs('street_order', 'normal')).toBe(24 * 3_600_000);
    expect(allowedHandlingMs('emergency', 'urgent')).toBe(3_600_000);
    expect(allowedHandlingMs('nope', 'low')).toBeNull();
    expect(['urgent', 'soon'].map(isIncidentPriority)).toEqual([true, false]);
  });
});
