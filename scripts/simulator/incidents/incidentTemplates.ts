/**
 * What goes wrong at each kind of place: the domain's category code, a weight and Chinese
 * descriptions with the place name (`{place}`). Demo data.
 */
import type { PlaceKind } from './incidentPlaces';

export interface IncidentTemplate {
  categoryCode: string;
  weight: number;
  descriptions: readonly string[];
}

export const INCIDENT_TEMPLATES: Readonly<Record<PlaceKind, readonly IncidentTemplate[]>> = {
  market: [
    {
      categoryCode: 'street_order',
      weight: 4,
      descriptions: ['{place}门口摊贩占道经营，行人通行困难', '{place}外流动摊点堵塞消防通道'],
    },
    {
      categoryCode: 'city_appearance',
      weight: 3,
      descriptions: ['{place}后巷垃圾堆放未及时清运，有异味', '{place}门前油污满地'],
    },
    {
      categoryCode: 'advertising',
      weight: 1,
      descriptions: ['{place}外墙张贴大量小广告', '{place}门头店招破损有坠落风险'],
    },
  ],
  school: [
    {
      categoryCode: 'street_order',
      weight: 3,
      descriptions: ['{place}上下学时段校门口车辆违停拥堵', '{place}门口流动摊贩聚集'],
    },
    {
      categoryCode: 'public_security',
      weight: 1,
      descriptions: ['{place}附近有可疑人员徘徊，家长反映'],
    },
  ],
  construction_site: [
    {
      categoryCode: 'construction',
      weight: 4,
      descriptions: ['{place}夜间违规施工，噪音扰民', '{place}扬尘未覆盖，渣土车带泥上路'],
    },
    {
      categoryCode: 'safety_hazard',
      weight: 1,
      descriptions: ['{place}围挡倒塌，临近人行道'],
    },
  ],
  old_estate: [
    {
      categoryCode: 'safety_hazard',
      weight: 3,
      descriptions: ['{place}楼道电线老化裸露', '{place}电动车在楼道内充电', '{place}外墙瓷砖脱落'],
    },
    {
      categoryCode: 'livelihood_service',
      weight: 3,
      descriptions: [
        '{place}供水管道漏水，楼下积水',
        '{place}化粪池堵塞外溢',
        '{place}路灯损坏，夜间照明不足',
      ],
    },
    {
      categoryCode: 'special_groups',
      weight: 2,
      descriptions: ['{place}独居老人求助，需上门探访', '{place}高龄老人行动不便，需协助就医'],
    },
    {
      categoryCode: 'dispute',
      weight: 1,
      descriptions: ['{place}邻里因漏水发生纠纷', '{place}居民因楼道堆物起争执'],
    },
  ],
  road: [
    {
      categoryCode: 'street_facilities',
      weight: 3,
      descriptions: ['{place}路面破损坑洼', '{place}井盖缺失，存在安全隐患', '{place}护栏损坏'],
    },
    {
      categoryCode: 'street_order',
      weight: 3,
      descriptions: ['{place}机动车违章停车占用人行道', '{place}共享单车乱停乱放'],
    },
  ],
  park: [
    {
      categoryCode: 'city_appearance',
      weight: 3,
      descriptions: ['{place}游客乱扔垃圾，垃圾桶满溢', '{place}草坪被踩踏，有人私自种菜'],
    },
    {
      categoryCode: 'street_facilities',
      weight: 1,
      descriptions: ['{place}健身器材损坏'],
    },
  ],
  waterside: [
    {
      categoryCode: 'city_appearance',
      weight: 3,
      descriptions: ['{place}水面有漂浮垃圾', '{place}岸边有人倾倒建筑垃圾'],
    },
    {
      categoryCode: 'safety_hazard',
      weight: 1,
      descriptions: ['{place}临水护栏缺失，有落水风险'],
    },
  ],
};

/** How often each kind of place is the scene, relative to the others. */
export const PLACE_KIND_WEIGHTS: Readonly<Record<PlaceKind, number>> = {
  market: 4,
  school: 2,
  construction_site: 2,
  old_estate: 5,
  road: 4,
  park: 2,
  waterside: 1,
};
