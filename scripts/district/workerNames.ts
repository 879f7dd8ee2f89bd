/**
 * Names of the synthetic grid workers: drawn like residents' names (personNames.ts) from the
 * adult birth years of working age, with pinyin romanisation for the English name (林伟明 →
 * "Lin Weiming"). The table covers every surname and every given-name character those draws can
 * produce; a test checks that.
 */
import type { SeededRandom } from '../../src/domain/seededRandom';
import { pickGivenName, pickSurname } from './personNames';

/** Grid workers are of working age: born between these years (inclusive). */
export const WORKER_BIRTH_YEARS = { first: 1966, last: 2001 } as const;

// prettier-ignore
const PINYIN: Readonly<Record<string, string>> = {
  // surnames
  林: 'lin', 陈: 'chen', 黄: 'huang', 郑: 'zheng', 王: 'wang', 李: 'li', 张: 'zhang', 刘: 'liu',
  吴: 'wu', 杨: 'yang', 周: 'zhou', 赵: 'zhao', 许: 'xu', 蔡: 'cai', 何: 'he', 翁: 'weng',
  游: 'you', 邱: 'qiu', 叶: 'ye', 谢: 'xie', 徐: 'xu', 朱: 'zhu', 高: 'gao', 方: 'fang', 魏: 'wei',
  江: 'jiang', 潘: 'pan', 卓: 'zhuo', 萧: 'xiao', 薛: 'xue', 程: 'cheng', 傅: 'fu', 曾: 'zeng',
  罗: 'luo', 余: 'yu', 池: 'chi', 詹: 'zhan', 董: 'dong', 唐: 'tang', 孙: 'sun', 胡: 'hu',
  郭: 'guo', 马: 'ma', 严: 'yan', 欧: 'ou', 阳: 'yang', 上: 'shang', 官: 'guan',
  // given-name characters of the 1960–1989 and 1990– pools
  伟: 'wei', 勇: 'yong', 军: 'jun', 斌: 'bin', 杰: 'jie', 涛: 'tao', 磊: 'lei', 强: 'qiang',
  鹏: 'peng', 辉: 'hui', 志: 'zhi', 宏: 'hong', 海: 'hai', 波: 'bo', 峰: 'feng', 俊: 'jun',
  建: 'jian', 明: 'ming', 东: 'dong', 亮: 'liang', 丽: 'li', 娟: 'juan', 敏: 'min', 静: 'jing',
  燕: 'yan', 艳: 'yan', 红: 'hong', 霞: 'xia', 婷: 'ting', 玲: 'ling', 芳: 'fang', 慧: 'hui',
  颖: 'ying', 萍: 'ping', 倩: 'qian', 雪: 'xue', 琳: 'lin', 蓉: 'rong', 丹: 'dan', 虹: 'hong',
  浩: 'hao', 宇: 'yu', 轩: 'xuan', 子: 'zi', 涵: 'han', 睿: 'rui', 哲: 'zhe', 博: 'bo',
  文: 'wen', 铭: 'ming', 昊: 'hao', 泽: 'ze', 晨: 'chen', 逸: 'yi', 航: 'hang', 嘉: 'jia',
  诚: 'cheng', 皓: 'hao', 然: 'ran', 欣: 'xin', 怡: 'yi', 萱: 'xuan', 梓: 'zi', 诗: 'shi',
  雨: 'yu', 琪: 'qi', 可: 'ke', 馨: 'xin', 悦: 'yue', 彤: 'tong', 佳: 'jia', 瑶: 'yao', 思: 'si',
  语: 'yu', 若: 'ruo', 汐: 'xi', 心: 'xin', 妍: 'yan', 钰: 'yu',
};

/** Two-character surnames, so romanisation splits 欧阳明 as "Ouyang Ming", not "Ou Yangming". */
const COMPOUND_SURNAMES = ['欧阳', '上官'];

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Pinyin of a run of characters as one word, with an apostrophe before a/o/e syllables. */
function romaniseWord(characters: string): string {
  let word = '';
  for (const character of characters) {
    const syllable = PINYIN[character];
    if (syllable === undefined) throw new RangeError(`no romanisation for ${character}`);
    word += word !== '' && /^[aoe]/.test(syllable) ? `'${syllable}` : syllable;
  }
  return capitalise(word);
}

/** "林伟明" → "Lin Weiming": surname first, as Chinese names are written in English in China. */
export function romaniseName(name: string): string {
  const surnameLength = COMPOUND_SURNAMES.some((surname) => name.startsWith(surname)) ? 2 : 1;
  return `${romaniseWord(name.slice(0, surnameLength))} ${romaniseWord(name.slice(surnameLength))}`;
}

export function pickWorkerName(random: SeededRandom): { name: string; nameEn: string } {
  const sex = random.chance(0.5) ? 'M' : 'F';
  const birthYear = random.int(WORKER_BIRTH_YEARS.first, WORKER_BIRTH_YEARS.last);
  const name = pickSurname(random) + pickGivenName(random, sex, birthYear);
  return { name, nameEn: romaniseName(name) };
}
