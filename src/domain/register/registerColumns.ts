/**
 * The register's columns: which header names a file may use for each field (the Chinese
 * headers work with no mapping at all), and how each cell's text becomes a stored value.
 */
import type { PersonTag, Relation } from '../registry';

export const REGISTER_FIELDS = [
  { key: 'name', zh: '姓名', en: 'Name', required: true, headers: ['姓名', '名字'] },
  {
    key: 'idNumber',
    zh: '公民身份号码',
    en: 'ID number',
    required: true,
    headers: ['公民身份号码', '身份证号码', '身份证号', '证件号码'],
  },
  { key: 'sex', zh: '性别', en: 'Sex', required: false, headers: ['性别'] },
  {
    key: 'birthDate',
    zh: '出生日期',
    en: 'Birth date',
    required: false,
    headers: ['出生日期', '出生年月'],
  },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', required: false, headers: ['民族'] },
  {
    key: 'phone',
    zh: '联系电话',
    en: 'Phone',
    required: false,
    headers: ['联系电话', '手机号码', '手机号', '电话'],
  },
  {
    key: 'hukouAddress',
    zh: '户籍地址',
    en: 'Registered address',
    required: false,
    headers: ['户籍地址', '户籍地'],
  },
  {
    key: 'address',
    zh: '房屋地址',
    en: 'Dwelling address',
    required: true,
    headers: ['房屋地址', '居住地址', '现住址', '实际居住地址'],
  },
  {
    key: 'building',
    zh: '楼栋',
    en: 'Building',
    required: false,
    headers: ['楼栋', '楼号', '栋号'],
  },
  { key: 'entrance', zh: '单元', en: 'Entrance', required: false, headers: ['单元', '单元号'] },
  {
    key: 'room',
    zh: '房号',
    en: 'Room',
    required: true,
    headers: ['房号', '房间号', '室号', '门牌号'],
  },
  {
    key: 'relation',
    zh: '与户主关系',
    en: 'Relation to head',
    required: false,
    headers: ['与户主关系', '关系'],
  },
  {
    key: 'category',
    zh: '人员类别',
    en: 'Category',
    required: false,
    headers: ['人员类别', '人口类别', '类别'],
  },
  {
    key: 'tags',
    zh: '标签',
    en: 'Tags',
    required: false,
    headers: ['标签', '人员标签', '特殊人群'],
  },
  {
    key: 'permitExpires',
    zh: '居住证有效期至',
    en: 'Residence permit until',
    required: false,
    headers: ['居住证有效期至', '居住证到期日期', '居住证有效期', '居住证到期'],
  },
] as const;

export type RegisterField = (typeof REGISTER_FIELDS)[number]['key'];

function headerKey(header: string): string {
  return header.normalize('NFKC').replace(/[\s*＊:：]/g, '');
}

/**
 * The mapping field → column header: a given mapping wins, the rest is found by known header
 * names. Columns the file does not have are left out.
 */
export function detectMapping(
  headers: readonly string[],
  given: Readonly<Record<string, string>> = {},
  fields: ReadonlyArray<{ key: string; headers: readonly string[] }> = REGISTER_FIELDS,
): Record<string, string> {
  const byKey = new Map(headers.map((header) => [headerKey(header), header]));
  const mapping: Record<string, string> = {};
  for (const field of fields) {
    const chosen = given[field.key];
    if (chosen !== undefined && chosen !== '') {
      mapping[field.key] = chosen;
      continue;
    }
    for (const name of field.headers) {
      const header = byKey.get(name);
      if (header !== undefined) {
        mapping[field.key] = header;
        break;
      }
    }
  }
  return mapping;
}

export function parseSex(text: string): 'M' | 'F' | null {
  const value = text.normalize('NFKC').trim().toUpperCase();
  if (value === '男' || value === 'M' || value === 'MALE' || value === '1') return 'M';
  if (value === '女' || value === 'F' || value === 'FEMALE' || value === '2') return 'F';
  return null;
}

/** "1990-03-07", "1990/3/7", "19900307", "1990年3月7日", "1990.03.07" → "1990-03-07". */
export function parseDate(text: string): string | null {
  const value = text.normalize('NFKC').trim();
  const match =
    /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${match[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Mobile (11 digits from 1) or landline with area code; separators are dropped. */
export function parsePhone(text: string): string | null {
  const value = text
    .normalize('NFKC')
    .replace(/[\s\-()（）]/g, '')
    .replace(/^\+?86/, '');
  if (/^1[3-9]\d{9}$/.test(value)) return value;
  if (/^0\d{9,11}$/.test(value)) return value;
  return null;
}

const RELATION_WORDS: ReadonlyArray<[Relation, readonly string[]]> = [
  ['head', ['户主', '本人']],
  ['spouse', ['配偶', '妻', '妻子', '夫', '丈夫']],
  ['child', ['子', '女', '儿子', '女儿', '子女', '长子', '长女', '次子', '次女']],
  ['parent', ['父', '母', '父亲', '母亲', '父母']],
  ['grandchild', ['孙子', '孙女', '外孙', '外孙女']],
  ['sibling', ['兄', '弟', '姐', '妹', '兄弟', '姐妹', '兄弟姐妹']],
  ['tenant', ['租客', '租户', '承租人']],
  ['other', ['其他', '亲属', '其他亲属', '保姆']],
];

export function parseRelation(text: string): Relation | null {
  const value = text.normalize('NFKC').trim();
  if (value === '') return 'other';
  for (const [relation, words] of RELATION_WORDS) {
    if (words.includes(value) || value === relation) return relation;
  }
  return null;
}

/** 户籍 (registered here), 流动 (floating), 境外 (from abroad), 寄住 (lodging with a household). */
export const PERSON_CATEGORIES = ['registered', 'floating', 'foreign', 'lodging'] as const;
export type PersonCategory = (typeof PERSON_CATEGORIES)[number];

const CATEGORY_WORDS: Readonly<Record<string, PersonCategory>> = {
  户籍: 'registered',
  户籍人口: 'registered',
  常住: 'registered',
  流动: 'floating',
  流动人口: 'floating',
  境外: 'foreign',
  境外人员: 'foreign',
  寄住: 'lodging',
  寄住人口: 'lodging',
};

export function parseCategory(text: string): PersonCategory | null {
  return CATEGORY_WORDS[text.normalize('NFKC').trim()] ?? null;
}

const TAG_WORDS: Readonly<Record<string, PersonTag>> = {
  独居老人: 'elderly_alone',
  空巢老人: 'elderly_alone',
  残疾: 'disabled',
  残疾人: 'disabled',
  重点关注: 'key_care',
  重点人员: 'key_care',
  流动人口: 'floating',
  租户: 'renter',
  低保: 'low_income',
  低保户: 'low_income',
  低保对象: 'low_income',
  卧床: 'bedridden',
  卧床老人: 'bedridden',
  长期卧床: 'bedridden',
  失能: 'bedridden',
  失能老人: 'bedridden',
  瘫痪: 'bedridden',
};

/** Known tags to codes; unknown words are kept as written (stored beside, shown as text). */
export function parseTags(text: string): { codes: PersonTag[]; other: string[] } {
  const codes = new Set<PersonTag>();
  const other: string[] = [];
  for (const word of text.normalize('NFKC').split(/[,，、;；|/\s]+/)) {
    if (word === '') continue;
    const code = TAG_WORDS[word];
    if (code !== undefined) codes.add(code);
    else if (!other.includes(word)) other.push(word);
  }
  return { codes: [...codes], other };
}
