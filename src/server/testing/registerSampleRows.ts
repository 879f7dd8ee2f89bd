/**
 * A register file's rows for the register import's tests: the header of the columns and
 * rows with the typical mistakes over the synthetic district (new, updated and moved persons, a
 * wrong check character, a repeat in the file, an unknown address, an ID number registered to
 * someone else). Test support only.
 */
import Papa from 'papaparse';
import { idCheckCharacter } from '../../domain/idNumber';
import { syntheticPerson, type SyntheticDistrictSize } from './syntheticDistrict';

/** The synthetic district the sample rows are written against (three buildings, two persons a unit). */
export const REGISTER_SAMPLE_DISTRICT: SyntheticDistrictSize = {
  streetCount: 1,
  communitiesPerStreet: 1,
  gridsPerCommunity: 1,
  buildingsPerGrid: 3,
  floors: 3,
  unitsPerFloor: 2,
  vacantEvery: 1000,
  rentalEvery: 1000,
  householdsPerUnit: 1,
  personsPerHousehold: 2,
};

export const REGISTER_HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '出生日期',
  '民族',
  '联系电话',
  '户籍地址',
  '房屋地址',
  '房号',
  '与户主关系',
  '人员类别',
  '标签',
];

/** An ID number from its first 17 characters, with its check character. */
export function idNumberOf(body: string): string {
  return body + idCheckCharacter(body);
}

export const NEW_A = idNumberOf('35010219850101001');
export const NEW_B = idNumberOf('35010219870202002');
const badCheck = (() => {
  const good = idNumberOf('35010219900303003');
  return good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
})();
const p1 = syntheticPerson(1);
const p2 = syntheticPerson(2);
const p3 = syntheticPerson(3);

/** Rows with the typical mistakes, and where each lands. */
export const REGISTER_SAMPLE_ROWS: string[][] = [
  [
    '张三',
    NEW_A,
    '男',
    '1985-01-01',
    '汉族',
    '13900000001',
    '福建省福州市',
    '幸福路1号',
    '101',
    '户主',
    '户籍',
    '独居老人',
  ],
  ['李四', NEW_B, '女', '1987/2/2', '汉', '', '', '幸福路１号', '1-02', '户主', '流动', ''],
  ['王五', badCheck, '男', '', '', '', '', '幸福路1号', '201', '户主', '户籍', ''],
  ['张三', NEW_A, '男', '', '', '', '', '幸福路1号', '101', '户主', '户籍', ''],
  [
    '赵六',
    idNumberOf('35010219910404005'),
    '男',
    '',
    '',
    '',
    '',
    '幸福路4号',
    '101',
    '户主',
    '户籍',
    '',
  ],
  [p1.name, p1.idNumber, '', '', '', p1.phone ?? '', '', '幸福路2号', '301', '户主', '户籍', ''],
  [p2.name, p2.idNumber, '', '', '', '13912345678', '', '幸福路1号', '101', '子女', '户籍', ''],
  ['冒名', p3.idNumber, '', '', '', '', '', '幸福路1号', '102', '户主', '户籍', ''],
];

export function registerCsv(rows: string[][]): string {
  return Papa.unparse([REGISTER_HEADER, ...rows]);
}
