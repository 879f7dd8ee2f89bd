/**
 * `npm run sample:register [-- --db path | --sample-district] [--out samples/register-sample.xlsx]`:
 * a small XLSX register (demo data: every person in it is synthetic) on a district's own
 * addresses — the committed one (`--sample-district`, what `npm run sample:register` does) on
 * the sample district's, made from the sample grids and footprints — with the mistakes real
 * registers have: variant spellings of the same address that must
 * match, and rows that must be refused with a clear reason. Deterministic for a given district:
 * buildings are taken in id order and people come from a seeded sequence.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ExcelJS from '../../src/server/imports/excel';
import { idCheckCharacter } from '../../src/domain/idNumber';
import { openDatabase } from '../../src/server/store/openDatabase';
import { PersonStore } from '../../src/server/store/personStore';
import { parseDistrictConfig } from '../../src/server/config/districtConfig';
import { loadIdentifierSealer } from '../../src/server/store/dataKeyFiles';
import { SAMPLE_DISTRICT_CONFIG } from './generateSamples';
import { buildSampleDistrict, SAMPLES_DIR } from './sampleDistrictBuild';

const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));
const HEADER = [
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
  '居住证有效期至',
  '备注（示例说明）',
];
const SURNAMES = '林陈黄张李王吴刘蔡杨郑';
const GIVEN = '建华秀英志明丽萍文杰海燕国强晓东';

interface Place {
  address: string;
  room: string;
  floors: number;
}

function places(dbPath: string): { places: Place[]; persons: PersonStore; close: () => void } {
  const db = openDatabase(dbPath, { readonly: true });
  const rows = db
    .prepare(
      "SELECT b.address, b.floors, min(u.room_label) AS room FROM buildings b JOIN units u ON u.building_id = b.id AND u.use IN ('residential', 'rental') GROUP BY b.id ORDER BY b.id LIMIT 400",
    )
    .all() as Array<{ address: string; floors: number; room: string }>;
  // Eight buildings spread over the district (every 40th of the demo's first 400; every 2nd of
  // the sample district's 20).
  const step = Math.max(1, Math.floor(rows.length / 10));
  const chosen = rows.filter((_, index) => index % step === 0).slice(0, 8);
  return {
    places: chosen.map((row) => ({ address: row.address, room: row.room, floors: row.floors })),
    persons: new PersonStore(db),
    close: () => db.close(),
  };
}

/** The n-th synthetic person's ID number, skipping any the district already holds. */
function idNumbers(persons: PersonStore): () => { id: string; birth: string; male: boolean } {
  let sequence = 0;
  return () => {
    for (;;) {
      sequence++;
      const birth = `19${String(50 + (sequence % 45)).padStart(2, '0')}-${String(1 + (sequence % 12)).padStart(2, '0')}-${String(1 + (sequence % 27)).padStart(2, '0')}`;
      const body = `350104${birth.replace(/-/g, '')}${String(900 + (sequence % 99)).padStart(3, '0')}`;
      const id = body + idCheckCharacter(body);
      if (persons.findByIdNumber(id) === null)
        return { id, birth, male: Number(body[16]) % 2 === 1 };
    }
  };
}

/** Spellings a hand-typed register uses for the same address. */
function variant(address: string, index: number): string {
  const full = (text: string) =>
    text.replace(/\d/g, (digit) => String.fromCharCode(0xff10 + Number(digit)));
  switch (index % 4) {
    case 0:
      return address;
    case 1:
      return address.replace(/(\d+)座$/, '$1号楼');
    case 2:
      return `${address.startsWith('福州市') ? '' : '福州市鼓楼区 '}${full(address.replace(/(\d+)座$/, '$1栋'))}`;
    default:
      return address.replace(/(\d+)座$/, '$1幢 1单元');
  }
}

/** Writes the register sample for the district in `dbPath` to `out`; returns its row count. */
export async function writeRegisterSample(dbPath: string, out: string): Promise<number> {
  const district = places(dbPath);
  const next = idNumbers(district.persons);
  const rows: string[][] = [];
  const person = (
    place: Place,
    spelling: number,
    relation: string,
    category: string,
    note: string,
    tags = '',
  ) => {
    const who = next();
    const name =
      SURNAMES[rows.length % SURNAMES.length]! + GIVEN[(rows.length * 3) % GIVEN.length]!;
    const row = [
      name,
      who.id,
      who.male ? '男' : '女',
      who.birth,
      '汉族',
      `1380591${String(rows.length).padStart(4, '0')}`,
      category === '户籍' ? '福建省福州市鼓楼区' : '江西省南昌市东湖区',
      variant(place.address, spelling),
      place.room,
      relation,
      category,
      tags,
      category === '流动' ? `2027-0${1 + (rows.length % 9)}-15` : '',
      note,
    ];
    rows.push(row);
    return row;
  };
  district.places.forEach((place, index) => {
    person(
      place,
      index,
      '户主',
      index % 3 === 2 ? '流动' : '户籍',
      '正确 · valid',
      index % 4 === 0 ? '独居老人' : '',
    );
  });
  const [a, b, c, d] = district.places as [Place, Place, Place, Place];
  person(a, 1, '配偶', '户籍', '正确（地址写法不同）· valid, other spelling');
  person(b, 2, '子女', '寄住', '正确（全角数字）· valid, full-width digits');
  person(c, 3, '户主', '境外', '正确（含单元）· valid, with 单元');
  // Mistakes: each row below is refused (or warned) with its reason in the problem list.
  const badCheck = person(a, 0, '子女', '户籍', '错误：校验码 · wrong check digit');
  badCheck[1] = badCheck[1]!.slice(0, 17) + (badCheck[1]![17] === '0' ? '1' : '0');
  const old15 = person(b, 0, '户主', '户籍', '错误：15位旧号码 · old 15-digit ID');
  old15[1] = old15[1]!.slice(0, 6) + old15[1]!.slice(8, 17);
  const badDate = person(c, 0, '户主', '户籍', '错误：出生日期无效 · impossible birth date');
  const badBody = `${badDate[1]!.slice(0, 10)}0230${badDate[1]!.slice(14, 17)}`;
  badDate[1] = badBody + idCheckCharacter(badBody);
  badDate[3] = '';
  const duplicate = [...rows[0]!];
  duplicate[13] = '错误：与第1行身份证号重复 · duplicate of row 1';
  rows.push(duplicate);
  const nearMiss = person(
    d,
    0,
    '户主',
    '户籍',
    '错误：门牌号笔误（有建议）· address typo, suggestions',
  );
  nearMiss[7] = d.address.replace(/(\d+)号/, (_whole, number: string) => `${Number(number) + 1}号`);
  const noRoom = person(d, 0, '户主', '户籍', '错误：房号不存在 · no such room');
  noRoom[8] = `${d.floors + 5}01`;
  const badPhone = person(a, 0, '子女', '户籍', '错误：电话号码 · bad phone');
  badPhone[5] = '1380591';
  const sexMismatch = person(b, 0, '子女', '户籍', '错误：性别与身份证不符 · sex contradicts ID');
  sexMismatch[2] = sexMismatch[2] === '男' ? '女' : '男';
  person(c, 0, '子女', '常驻', '错误：人员类别 · unknown category');
  person(d, 0, '子女', '户籍', '提示：未知标签按原文保存 · unknown tag kept', '低保、党员');
  district.close();

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'sample:register (demo data)';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  const sheet = workbook.addWorksheet('人口登记（演示数据）');
  sheet.addRow(HEADER);
  for (const row of rows) sheet.addRow(row);
  // ID numbers and phones are text: a numeric cell would lose the last digits of an ID.
  for (const column of [2, 6]) sheet.getColumn(column).numFmt = '@';
  sheet.columns.forEach((column) => (column.width = 18));
  mkdirSync(dirname(out), { recursive: true });
  await workbook.xlsx.writeFile(out);
  return rows.length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      out: { type: 'string' },
      'sample-district': { type: 'boolean' },
    },
  });
  const out = values.out ?? 'samples/register-sample.xlsx';
  if (values['sample-district']) {
    // The committed sample: made from the sample grids and footprints alone, in a scratch
    // folder, so it does not depend on what any local district holds.
    const scratch = mkdtempSync(join(tmpdir(), 'sample-register-'));
    try {
      const config = parseDistrictConfig(
        { ...SAMPLE_DISTRICT_CONFIG, dataDir: scratch },
        join(SAMPLES_DIR, 'district.config.json'),
      );
      await buildSampleDistrict(config, { steps: 2 });
      loadIdentifierSealer(scratch, { create: true }); // no person yet, so no data key yet
      const rows = await writeRegisterSample(config.dbPath, out);
      console.log(JSON.stringify({ out, rows, district: 'samples' }));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    return;
  }
  const dbPath = values.db ?? join(process.env.DATA_DIR ?? './data', 'district.sqlite');
  if (!existsSync(dbPath)) {
    throw new Error(
      `没有找到辖区数据库 ${dbPath}，请先运行 npm run sample:district 或 npm start (no district at ${dbPath}: run npm run sample:district or npm start first)`,
    );
  }
  const rows = await writeRegisterSample(dbPath, out);
  console.log(JSON.stringify({ out, rows, db: dbPath }));
}

const isMain =
  process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
