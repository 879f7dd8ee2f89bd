/**
 * Chinese personal names for synthetic residents: surnames weighted as in Fuzhou (林, 陈, 黄,
 * 郑 and 王 lead), given names drawn from characters typical of the person's birth decades.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';

/** Surname and relative weight (roughly their share in Fuzhou, per mille). */
const SURNAMES: ReadonlyArray<readonly [string, number]> = [
  ['林', 110],
  ['陈', 105],
  ['黄', 62],
  ['郑', 52],
  ['王', 45],
  ['李', 40],
  ['张', 38],
  ['刘', 30],
  ['吴', 30],
  ['杨', 22],
  ['周', 18],
  ['赵', 12],
  ['许', 15],
  ['蔡', 14],
  ['何', 12],
  ['翁', 12],
  ['游', 10],
  ['邱', 10],
  ['叶', 14],
  ['谢', 12],
  ['徐', 11],
  ['朱', 11],
  ['高', 10],
  ['方', 10],
  ['魏', 9],
  ['江', 9],
  ['潘', 9],
  ['卓', 7],
  ['萧', 7],
  ['薛', 7],
  ['程', 6],
  ['傅', 6],
  ['曾', 8],
  ['罗', 8],
  ['余', 7],
  ['池', 5],
  ['詹', 5],
  ['董', 5],
  ['唐', 5],
  ['孙', 7],
  ['胡', 7],
  ['郭', 9],
  ['马', 6],
  ['严', 4],
  ['欧阳', 2],
  ['上官', 1],
];
const SURNAME_LIST = SURNAMES.map(([surname]) => surname);
const SURNAME_WEIGHTS = SURNAMES.map(([, weight]) => weight);

type Era = 'before1960' | 'before1990' | 'recent';

const GIVEN_CHARACTERS: Record<Era, Record<'M' | 'F', string>> = {
  before1960: {
    M: '建国华明德文金水依福寿荣发强忠良明庆祥宝贵生春',
    F: '秀英兰桂珍凤玉梅淑华芳琴莲花娟妹依霞美惠素',
  },
  before1990: {
    M: '伟勇军斌杰涛磊强鹏辉志宏海波峰斌俊建明东亮',
    F: '丽娟敏静燕艳红霞婷玲芳慧颖萍倩雪琳蓉丹虹',
  },
  recent: {
    M: '浩宇轩子涵睿哲俊博文铭昊泽晨阳逸航嘉诚皓然',
    F: '欣怡萱梓涵诗雨琪可馨悦彤佳瑶思语若汐心妍钰',
  },
};
/** Share of two-character given names; one-character names are commoner among the old. */
const TWO_CHARACTER_SHARE: Record<Era, number> = {
  before1960: 0.6,
  before1990: 0.65,
  recent: 0.85,
};

function eraOf(birthYear: number): Era {
  if (birthYear < 1960) return 'before1960';
  if (birthYear < 1990) return 'before1990';
  return 'recent';
}

export function pickSurname(random: SeededRandom): string {
  return random.pickWeighted(SURNAME_LIST, SURNAME_WEIGHTS);
}

export function pickGivenName(random: SeededRandom, sex: 'M' | 'F', birthYear: number): string {
  const era = eraOf(birthYear);
  const characters = GIVEN_CHARACTERS[era][sex];
  const first = characters[random.int(0, characters.length - 1)]!;
  if (!random.chance(TWO_CHARACTER_SHARE[era])) return first;
  let second = characters[random.int(0, characters.length - 1)]!;
  // A doubled character (婷婷) is fine; the same character twice from a different pool is not.
  if (second === first && !random.chance(0.3))
    second = characters[random.int(0, characters.length - 1)]!;
  return first + second;
}
