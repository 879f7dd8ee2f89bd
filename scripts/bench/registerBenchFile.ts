/**
 * The register file of the import benches (bench:import, bench:import-postgres): rows of unique,
 * valid residents spread over the units of a synthetic district of empty 20-floor buildings.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { idCheckCharacter } from '../../src/domain/idNumber';
import type { SyntheticDistrictSize } from '../../src/server/testing/syntheticDistrict';

export const FLOORS = 20;
export const UNITS_PER_FLOOR = 4;
export const REGISTER_BENCH_HEADER = [
  '姓名',
  '公民身份号码',
  '性别',
  '联系电话',
  '房屋地址',
  '房号',
  '与户主关系',
  '人员类别',
  '标签',
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平';

/** Row i: a unique valid ID number, an address of the synthetic district, a room in it. */
export function registerBenchRow(index: number, buildingCount: number): string[] {
  const unit = index % (buildingCount * FLOORS * UNITS_PER_FLOOR);
  const building = Math.floor(unit / (FLOORS * UNITS_PER_FLOOR)) + 1;
  const floor = Math.floor((unit % (FLOORS * UNITS_PER_FLOOR)) / UNITS_PER_FLOOR) + 1;
  const room = `${floor}${String((unit % UNITS_PER_FLOOR) + 1).padStart(2, '0')}`;
  // 1,000 sequences per birth date, dates over 60 years: unique up to ~21 million rows.
  const day = Math.floor(index / 1000);
  const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000)
    .toISOString()
    .slice(0, 10)
    .replace(/-/g, '');
  const body = `350102${birth}${String(index % 1000).padStart(3, '0')}`;
  const male = (index % 1000) % 2 === 1;
  return [
    SURNAMES[index % SURNAMES.length]! + GIVEN[Math.floor(index / 20) % GIVEN.length]!,
    body + idCheckCharacter(body),
    male ? '男' : '女',
    `139${String(index).padStart(8, '0')}`,
    `幸福路${building}号`,
    room,
    index % 3 === 0 ? '户主' : '子女',
    index % 4 === 0 ? '流动' : '户籍',
    index % 50 === 0 ? '独居老人' : '',
  ];
}

function csvLine(cells: readonly string[]): string {
  return cells.join(',') + '\n';
}

/** `rows` rows of registerBenchRow as CSV at `path`. */
export async function writeRegisterCsv(
  path: string,
  rows: number,
  buildingCount: number,
): Promise<void> {
  const out = createWriteStream(path);
  out.write(csvLine(REGISTER_BENCH_HEADER));
  for (let index = 0; index < rows; index++) {
    if (!out.write(csvLine(registerBenchRow(index, buildingCount)))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** 200 buildings of 80 units, nobody registered yet. */
export const REGISTER_BENCH_DISTRICT: SyntheticDistrictSize = {
  streetCount: 2,
  communitiesPerStreet: 2,
  gridsPerCommunity: 5,
  buildingsPerGrid: 10,
  floors: FLOORS,
  unitsPerFloor: UNITS_PER_FLOOR,
  vacantEvery: 1_000_000,
  rentalEvery: 1_000_000,
  householdsPerUnit: 0,
  personsPerHousehold: 0,
};
