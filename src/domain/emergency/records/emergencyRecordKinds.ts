/**
 * The six kinds of emergency record (hazard sources, resources, shelters, sensors, video points,
 * plans) as one table of field descriptors. The REST schemas, the CSV/XLSX import's columns, the
 * wall's list columns and the attribute checks are all read from here, so a field is declared
 * once. Values are plain data; a record's place is kept apart from its attributes.
 */

export const EMERGENCY_RECORD_KINDS = [
  'hazard',
  'resource',
  'shelter',
  'sensor',
  'video',
  'plan',
] as const;
export type EmergencyRecordKind = (typeof EMERGENCY_RECORD_KINDS)[number];

export type RecordFieldType =
  /** Free text, trimmed, at most MAX_TEXT_LENGTH characters. */
  | 'text'
  | 'number'
  | 'integer'
  /** One of `options` (codes); import cells may give the Chinese label instead. */
  | 'enum'
  /** A substance of the plume model's table (src/domain/emergency/chemicals), stored by id. */
  | 'substance'
  /** A contact phone: sealed at rest, masked in every answer (decision 0002). */
  | 'phone'
  /** A list of short texts; import cells separate them with ；;、 or a line break. */
  | 'list'
  /** A stream address: rtsp, rtmp, http(s) or a GB/T 28181 device id. */
  | 'streamUrl';

export interface RecordFieldOption {
  code: string;
  zh: string;
  en: string;
}

export interface RecordField {
  key: string;
  zh: string;
  en: string;
  type: RecordFieldType;
  required: boolean;
  /** Header names an import recognises besides `zh`. */
  headers: readonly string[];
  options?: readonly RecordFieldOption[];
  /** Smallest accepted value of a number or integer. */
  min?: number;
}

export interface RecordKindDefinition {
  kind: EmergencyRecordKind;
  zh: string;
  en: string;
  /** Plans have no place; every other kind is a point on the map. */
  located: boolean;
  fields: readonly RecordField[];
}

export const MAX_TEXT_LENGTH = 200;
export const MAX_LIST_ITEMS = 50;

export const SENSOR_TYPES: readonly RecordFieldOption[] = [
  { code: 'toxic_gas', zh: '有毒气体探测器', en: 'Toxic gas detector' },
  { code: 'pm25', zh: 'PM2.5 监测仪', en: 'PM2.5 monitor' },
];
export type SensorType = 'toxic_gas' | 'pm25';

export const RESOURCE_TYPES: readonly RecordFieldOption[] = [
  { code: 'rescue_team', zh: '救援队伍', en: 'Rescue team' },
  { code: 'supplies', zh: '应急物资', en: 'Supplies' },
  { code: 'equipment', zh: '应急装备', en: 'Equipment' },
  { code: 'medical_point', zh: '医疗救护点', en: 'Medical point' },
  { code: 'expert', zh: '应急专家', en: 'Expert' },
];

const SHELTER_STATUSES: readonly RecordFieldOption[] = [
  { code: 'available', zh: '可用', en: 'Available' },
  { code: 'in_use', zh: '启用中', en: 'In use' },
  { code: 'closed', zh: '关闭', en: 'Closed' },
];

const VIDEO_STATUSES: readonly RecordFieldOption[] = [
  { code: 'online', zh: '在线', en: 'Online' },
  { code: 'offline', zh: '离线', en: 'Offline' },
  { code: 'fault', zh: '故障', en: 'Fault' },
];

/** 国家突发公共事件总体应急预案: four response levels, Ⅰ the most severe. */
export const RESPONSE_LEVELS: readonly RecordFieldOption[] = [
  { code: 'I', zh: 'Ⅰ级（特别重大）', en: 'Level I (extraordinary)' },
  { code: 'II', zh: 'Ⅱ级（重大）', en: 'Level II (major)' },
  { code: 'III', zh: 'Ⅲ级（较大）', en: 'Level III (large)' },
  { code: 'IV', zh: 'Ⅳ级（一般）', en: 'Level IV (ordinary)' },
];

const contactFields: readonly RecordField[] = [
  {
    key: 'contactName',
    zh: '联系人',
    en: 'Contact',
    type: 'text',
    required: false,
    headers: ['负责人'],
  },
  {
    key: 'contactPhone',
    zh: '联系电话',
    en: 'Contact phone',
    type: 'phone',
    required: false,
    headers: ['电话', '手机', '手机号码'],
  },
];

export const RECORD_KINDS: readonly RecordKindDefinition[] = [
  {
    kind: 'hazard',
    zh: '危险源',
    en: 'Hazard sources',
    located: true,
    fields: [
      {
        key: 'enterprise',
        zh: '企业名称',
        en: 'Enterprise',
        type: 'text',
        required: true,
        headers: ['企业', '单位名称'],
      },
      {
        key: 'substance',
        zh: '危化品',
        en: 'Substance',
        type: 'substance',
        required: true,
        headers: ['物质', '化学品', '危险化学品'],
      },
      {
        key: 'quantityT',
        zh: '存量（吨）',
        en: 'Quantity (t)',
        type: 'number',
        required: true,
        min: 0,
        headers: ['存量', '数量（吨）', '储量'],
      },
      ...contactFields,
    ],
  },
  {
    kind: 'resource',
    zh: '应急资源',
    en: 'Emergency resources',
    located: true,
    fields: [
      {
        key: 'resourceType',
        zh: '资源类型',
        en: 'Resource type',
        type: 'enum',
        required: true,
        options: RESOURCE_TYPES,
        headers: ['类型', '类别'],
      },
      {
        key: 'quantity',
        zh: '数量',
        en: 'Quantity',
        type: 'integer',
        required: false,
        min: 0,
        headers: ['人数', '件数'],
      },
      {
        key: 'description',
        zh: '说明',
        en: 'Description',
        type: 'text',
        required: false,
        headers: ['备注', '专业', '规格'],
      },
      ...contactFields,
    ],
  },
  {
    kind: 'shelter',
    zh: '避难场所',
    en: 'Shelters',
    located: true,
    fields: [
      {
        key: 'capacityPersons',
        zh: '容纳人数',
        en: 'Capacity (persons)',
        type: 'integer',
        required: true,
        min: 0,
        headers: ['容量', '可容纳人数'],
      },
      {
        key: 'areaM2',
        zh: '面积（平方米）',
        en: 'Area (m²)',
        type: 'number',
        required: true,
        min: 0,
        headers: ['面积', '有效面积'],
      },
      {
        key: 'status',
        zh: '状态',
        en: 'Status',
        type: 'enum',
        required: true,
        options: SHELTER_STATUSES,
        headers: ['启用状态'],
      },
      {
        key: 'address',
        zh: '地址',
        en: 'Address',
        type: 'text',
        required: false,
        headers: ['位置'],
      },
    ],
  },
  {
    kind: 'sensor',
    zh: '监测传感器',
    en: 'Sensors',
    located: true,
    fields: [
      {
        key: 'sensorType',
        zh: '传感器类型',
        en: 'Sensor type',
        type: 'enum',
        required: true,
        options: SENSOR_TYPES,
        headers: ['类型'],
      },
      {
        key: 'substance',
        zh: '监测物质',
        en: 'Substance measured',
        type: 'substance',
        required: false,
        headers: ['监测气体', '物质'],
      },
      {
        key: 'threshold',
        zh: '报警阈值',
        en: 'Alarm threshold',
        type: 'number',
        required: true,
        min: 0,
        headers: ['阈值'],
      },
      { key: 'unit', zh: '单位', en: 'Unit', type: 'text', required: true, headers: ['计量单位'] },
    ],
  },
  {
    kind: 'video',
    zh: '视频监控点',
    en: 'Video points',
    located: true,
    fields: [
      {
        key: 'status',
        zh: '状态',
        en: 'Status',
        type: 'enum',
        required: true,
        options: VIDEO_STATUSES,
        headers: ['在线状态'],
      },
      {
        key: 'streamUrl',
        zh: '视频流地址',
        en: 'Stream address',
        type: 'streamUrl',
        required: true,
        headers: ['流地址', '播放地址', '设备国标编码'],
      },
    ],
  },
  {
    kind: 'plan',
    zh: '应急预案',
    en: 'Emergency plans',
    located: false,
    fields: [
      {
        key: 'incidentType',
        zh: '事件类型',
        en: 'Incident type',
        type: 'text',
        required: true,
        headers: ['适用事件', '事件类别'],
      },
      {
        key: 'responseLevel',
        zh: '响应级别',
        en: 'Response level',
        type: 'enum',
        required: true,
        options: RESPONSE_LEVELS,
        headers: ['级别'],
      },
      {
        key: 'steps',
        zh: '处置步骤',
        en: 'Steps',
        type: 'list',
        required: true,
        headers: ['步骤', '处置流程'],
      },
      {
        key: 'responsibleUnits',
        zh: '责任单位',
        en: 'Responsible units',
        type: 'list',
        required: true,
        headers: ['牵头单位', '责任部门'],
      },
    ],
  },
];

export function recordKindDefinition(kind: EmergencyRecordKind): RecordKindDefinition {
  const found = RECORD_KINDS.find((definition) => definition.kind === kind);
  if (found === undefined) throw new Error(`unknown record kind ${kind}`);
  return found;
}

export function isEmergencyRecordKind(value: string): value is EmergencyRecordKind {
  return (EMERGENCY_RECORD_KINDS as readonly string[]).includes(value);
}

/** A record's attributes: field key → text, number or list; a phone is the full value here. */
export type RecordAttributes = Record<string, string | number | string[]>;
