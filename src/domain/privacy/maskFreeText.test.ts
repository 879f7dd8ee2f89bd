import { describe, expect, it } from 'vitest';
import { idCheckCharacter } from '../idNumber';
import { containsPersonalData, hasIdBirthDate, maskFreeText } from './maskFreeText';

const YEAR = { latestBirthYear: 2026 };
const mask = (text: string): string => maskFreeText(text, YEAR);

function idNumber(first17: string): string {
  return first17 + idCheckCharacter(first17);
}

describe('maskFreeText masks personal identifiers in free text', () => {
  it('masks a mobile number and keeps its last four digits', () => {
    expect(mask('联系人电话13800138000，请尽快处理')).toBe('联系人电话*******8000，请尽快处理');
  });

  it('masks mobiles written in groups or with a country code, keeping the separators', () => {
    expect(mask('tel 138 0013 8000')).toBe('tel *** **** 8000');
    expect(mask('tel 138-0013-8000.')).toBe('tel ***-****-8000.');
    expect(mask('call +86 13912345678 now')).toBe('call +** *******5678 now');
    expect(mask('call 008613912345678')).toBe('call ***********5678');
  });

  it('masks landlines with their area code, in brackets, and with an extension', () => {
    expect(mask('物业 0591-87654321')).toBe('物业 ****-****4321');
    expect(mask('物业(0591)87654321')).toBe('物业(****)****4321');
    expect(mask('物业（0591）8765432')).toBe('物业（****）***5432');
    expect(mask('北京 010-12345678转123')).toBe('北京 ***-****5678转123');
    expect(mask('北京 010-12345678-123')).toBe('北京 ***-****5678-123');
  });

  it('masks an 18-character ID number, also one ending in X or x', () => {
    const id = idNumber('35010219900101123');
    expect(mask(`身份证号${id}。`)).toBe(`身份证号**************${id.slice(-4)}。`);
    expect(mask('ID 35010219851231002X')).toBe('ID **************002X');
    expect(mask('ID 35010219851231002x')).toBe('ID **************002x');
  });

  it('masks an ID number of a region whose code starts like a mobile (Hebei 13…)', () => {
    expect(mask('ID 130102199001011234')).toBe('ID **************1234');
  });

  it('masks an ID number even when its check digit is wrong (a typo is still personal)', () => {
    expect(mask('身份证 350102199001011230')).toBe('身份证 **************1230');
  });

  it('masks an old 15-digit ID number', () => {
    expect(mask('旧证350102750615123')).toBe('旧证***********5123');
  });

  it('masks e-mail addresses like every identifier (last four kept)', () => {
    expect(mask('邮箱 zhang.wei@example.com 回复')).toBe('邮箱 *****************.com 回复');
    expect(mask('13800138000@qq.com')).toBe('**************.com');
  });

  it('masks several identifiers in one text and leaves the words between them', () => {
    expect(mask('张先生 13800138000 / 0591-87654321, a@b.cn')).toBe(
      '张先生 *******8000 / ****-****4321, **b.cn',
    );
  });
});

describe('maskFreeText leaves near-misses alone', () => {
  const unchanged = [
    '2026-12-05 05:05 巡查发现井盖缺失',
    '2026年12月5日上午10点',
    '20261205',
    '罚款金额 13800 元，合计 138001.50 元',
    '¥1,380,013,800',
    '网格 350102001002003 内',
    '网格编码350102001001001',
    '事件 INC00001234 已派遣',
    'INC00000042',
    '楼栋 12 号 3 单元 1502 室',
    '订单号 1234567890',
    '编号 12345678901',
    '序列 138001380001',
    '时间戳 1733400000000',
    '坐标 119.296, 26.074',
    '面积 0591 平方米',
    '01234567890',
    '35010219901301123X',
    '350102199002301234',
    '350102189901011234 出生年份不合理',
    '网格码 350102101002003',
    '@提及 someone',
    'a@b',
    '',
  ];
  for (const text of unchanged) {
    it(`keeps "${text}"`, () => {
      expect(mask(text)).toBe(text);
      expect(containsPersonalData(text, YEAR)).toBe(false);
    });
  }

  it('does not mask a mobile-like run glued to more digits or letters', () => {
    expect(mask('A13800138000')).toBe('A13800138000');
    expect(mask('138001380009')).toBe('138001380009');
  });

  it('refuses birth dates after the latest birth year', () => {
    expect(hasIdBirthDate('350102203001011234', 2026)).toBe(false);
    expect(hasIdBirthDate('350102202001011234', 2026)).toBe(true);
  });

  it('reports when a text holds personal data', () => {
    expect(containsPersonalData('请联系 13800138000', YEAR)).toBe(true);
  });
});
