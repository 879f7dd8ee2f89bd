/**
 * Names of places: the real streets (街道) of Gulou District, real Gulou road names for the
 * lattice, and syllables for the invented communities and estates. English names use pinyin.
 */

export interface PlaceName {
  name: string;
  nameEn: string;
}

/** A road with the stem used to name estates on it (湖东路 → 湖东花园). */
export interface RoadName extends PlaceName {
  stem: string;
  stemEn: string;
}

export const STREET_NAMES: readonly PlaceName[] = [
  { name: '鼓东街道', nameEn: 'Gudong Subdistrict' },
  { name: '鼓西街道', nameEn: 'Guxi Subdistrict' },
  { name: '温泉街道', nameEn: 'Wenquan Subdistrict' },
  { name: '东街街道', nameEn: 'Dongjie Subdistrict' },
  { name: '南街街道', nameEn: 'Nanjie Subdistrict' },
  { name: '安泰街道', nameEn: 'Antai Subdistrict' },
  { name: '华大街道', nameEn: 'Huada Subdistrict' },
  { name: '水部街道', nameEn: 'Shuibu Subdistrict' },
  { name: '五凤街道', nameEn: 'Wufeng Subdistrict' },
  { name: '洪山镇', nameEn: 'Hongshan Town' },
];

function road(name: string, nameEn: string, stem: string, stemEn: string): RoadName {
  return { name, nameEn, stem, stemEn };
}

/** Roads of the lattice lines running north–south (constant u). */
export const NORTH_SOUTH_ROADS: readonly RoadName[] = [
  road('五四路', 'Wusi Road', '五四', 'Wusi'),
  road('八一七北路', 'Bayiqi North Road', '八一七', 'Bayiqi'),
  road('白马北路', 'Baima North Road', '白马', 'Baima'),
  road('鼓屏路', 'Guping Road', '鼓屏', 'Guping'),
  road('西二环北路', 'West Second Ring North Road', '西环', 'Xihuan'),
  road('六一北路', 'Liuyi North Road', '六一', 'Liuyi'),
  road('福飞路', 'Fufei Road', '福飞', 'Fufei'),
  road('铜盘路', 'Tongpan Road', '铜盘', 'Tongpan'),
  road('工业路', 'Gongye Road', '工业', 'Gongye'),
  road('通湖路', 'Tonghu Road', '通湖', 'Tonghu'),
  road('南后街', 'Nanhou Street', '南后', 'Nanhou'),
  road('澳门路', 'Aomen Road', '澳门', 'Aomen'),
  road('省府路', 'Shengfu Road', '省府', 'Shengfu'),
  road('西洪路', 'Xihong Road', '西洪', 'Xihong'),
];

/** Roads of the lattice lines running east–west (constant v). */
export const EAST_WEST_ROADS: readonly RoadName[] = [
  road('湖东路', 'Hudong Road', '湖东', 'Hudong'),
  road('东街', 'Dongjie Street', '东街', 'Dongjie'),
  road('杨桥路', 'Yangqiao Road', '杨桥', 'Yangqiao'),
  road('古田路', 'Gutian Road', '古田', 'Gutian'),
  road('华林路', 'Hualin Road', '华林', 'Hualin'),
  road('北大路', 'Beida Road', '北大', 'Beida'),
  road('乌山路', 'Wushan Road', '乌山', 'Wushan'),
  road('温泉路', 'Wenquan Road', '温泉', 'Wenquan'),
  road('树汤路', 'Shutang Road', '树汤', 'Shutang'),
  road('冶山路', 'Yeshan Road', '冶山', 'Yeshan'),
  road('湖滨路', 'Hubin Road', '湖滨', 'Hubin'),
  road('斗池路', 'Douchi Road', '斗池', 'Douchi'),
  road('梅峰路', 'Meifeng Road', '梅峰', 'Meifeng'),
  road('屏西路', 'Pingxi Road', '屏西', 'Pingxi'),
];

/** Lanes for the local roads inside cells (the old town's 坊 and 巷). */
export const LANE_NAMES: readonly PlaceName[] = [
  { name: '衣锦坊', nameEn: 'Yijin Lane' },
  { name: '文儒坊', nameEn: 'Wenru Lane' },
  { name: '光禄坊', nameEn: 'Guanglu Lane' },
  { name: '杨桥巷', nameEn: 'Yangqiao Alley' },
  { name: '郎官巷', nameEn: 'Langguan Alley' },
  { name: '塔巷', nameEn: 'Ta Alley' },
  { name: '黄巷', nameEn: 'Huang Alley' },
  { name: '安民巷', nameEn: 'Anmin Alley' },
  { name: '宫巷', nameEn: 'Gong Alley' },
  { name: '吉庇巷', nameEn: 'Jibi Alley' },
];

/** Syllables of invented community names: first × second gives 'xx社区'. */
export const COMMUNITY_FIRST: readonly PlaceName[] = [
  { name: '榕', nameEn: 'Rong' },
  { name: '屏', nameEn: 'Ping' },
  { name: '冶', nameEn: 'Ye' },
  { name: '芍', nameEn: 'Shao' },
  { name: '湖', nameEn: 'Hu' },
  { name: '琴', nameEn: 'Qin' },
  { name: '梅', nameEn: 'Mei' },
  { name: '凤', nameEn: 'Feng' },
  { name: '华', nameEn: 'Hua' },
  { name: '福', nameEn: 'Fu' },
  { name: '鼓', nameEn: 'Gu' },
  { name: '铜', nameEn: 'Tong' },
  { name: '乌', nameEn: 'Wu' },
  { name: '安', nameEn: 'An' },
  { name: '泰', nameEn: 'Tai' },
  { name: '温', nameEn: 'Wen' },
  { name: '井', nameEn: 'Jing' },
  { name: '通', nameEn: 'Tong' },
  { name: '丽', nameEn: 'Li' },
  { name: '茶', nameEn: 'Cha' },
];
export const COMMUNITY_SECOND: readonly PlaceName[] = [
  { name: '园', nameEn: 'yuan' },
  { name: '亭', nameEn: 'ting' },
  { name: '峰', nameEn: 'feng' },
  { name: '滨', nameEn: 'bin' },
  { name: '山', nameEn: 'shan' },
  { name: '苑', nameEn: 'yuan' },
  { name: '桥', nameEn: 'qiao' },
  { name: '里', nameEn: 'li' },
  { name: '浦', nameEn: 'pu' },
  { name: '坊', nameEn: 'fang' },
  { name: '湾', nameEn: 'wan' },
  { name: '林', nameEn: 'lin' },
];

/** Chinese ordinals for road names past the end of a list (湖东二路). */
const ORDINAL_DIGITS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** The n-th name of a list; past its end the names repeat with a number (n ≥ 0). */
export function cycledName<T extends PlaceName>(names: readonly T[], index: number): T {
  const base = names[index % names.length]!;
  const round = Math.floor(index / names.length);
  if (round === 0) return base;
  return { ...base, name: `${base.name}${round + 1}`, nameEn: `${base.nameEn} ${round + 1}` };
}

/** The n-th road of a list; past its end, numbered roads on the same stems (湖东二路). */
export function cycledRoadName(names: readonly RoadName[], index: number): RoadName {
  const base = names[index % names.length]!;
  const round = Math.floor(index / names.length);
  if (round === 0) return base;
  const ordinal = ORDINAL_DIGITS[round + 1] ?? String(round + 1);
  return {
    name: `${base.stem}${ordinal}路`,
    nameEn: `${base.stemEn} No. ${round + 1} Road`,
    stem: `${base.stem}${ordinal}`,
    stemEn: `${base.stemEn} ${round + 1}`,
  };
}
