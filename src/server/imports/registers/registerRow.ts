/**
 * One register row from its cells to the fields stored, or the complete list of what is wrong
 * with it (every problem of the row, not only the first), each in Chinese and English.
 */
import { checkIdNumber, ID_PROBLEM_TEXT } from '../../../domain/register/idNumberCheck';
import {
  parseCategory,
  parseDate,
  parsePhone,
  parseRelation,
  parseSex,
  parseTags,
  type PersonCategory,
  type RegisterField,
} from '../../../domain/register/registerColumns';
import type { ImportProblem } from '../importKind';
import type { TableRecord } from '../tableHeader';
import type { PersonFields } from '../../store/personStore';
import type { MatchedUnit, UnitMatcher } from './unitMatcher';

export interface ParsedRow {
  fields: PersonFields;
  unit: MatchedUnit | null;
  problems: ImportProblem[];
}

const CATEGORY_HOUSEHOLD: Readonly<Record<PersonCategory, 'registered' | 'floating'>> = {
  registered: 'registered',
  lodging: 'registered',
  floating: 'floating',
  foreign: 'floating',
};

export function householdTypeOf(category: string): 'registered' | 'floating' {
  return CATEGORY_HOUSEHOLD[category as PersonCategory] ?? 'registered';
}

/** A problem of the row, named by the field's column (a plain function: no closure per row). */
function addProblem(
  problems: ImportProblem[],
  record: TableRecord<RegisterField>,
  field: RegisterField,
  code: string,
  zh: string,
  en: string,
  severity: 'error' | 'warning' = 'error',
): void {
  problems.push(record.problem(field, code, zh, en, severity));
}

/** Reads a row (its cells under the file's header). */
export function parseRegisterRow(
  record: TableRecord<RegisterField>,
  matcher: UnitMatcher,
  today: Date,
): ParsedRow {
  const problems: ImportProblem[] = [];

  const name = record.cell('name').normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (name === '') addProblem(problems, record, 'name', 'name-empty', '姓名为空', 'name is empty');

  const id = checkIdNumber(record.cell('idNumber'), today);
  const idOk = typeof id !== 'string';
  if (!idOk)
    addProblem(problems, record, 'idNumber', id, ID_PROBLEM_TEXT[id].zh, ID_PROBLEM_TEXT[id].en);

  let sex: 'M' | 'F' = idOk ? id.sex : 'M';
  const sexText = record.cell('sex');
  if (sexText !== '') {
    const parsed = parseSex(sexText);
    if (parsed === null) {
      addProblem(
        problems,
        record,
        'sex',
        'sex-invalid',
        `性别“${sexText}”无法识别（男/女）`,
        `sex "${sexText}" is not 男/女 (M/F)`,
      );
    } else if (idOk && parsed !== id.sex) {
      addProblem(
        problems,
        record,
        'sex',
        'sex-mismatch',
        '性别与公民身份号码不符',
        'sex does not match the ID number',
      );
    } else {
      sex = parsed;
    }
  }

  let birthDate = idOk ? id.birthDate : '';
  const birthText = record.cell('birthDate');
  if (birthText !== '') {
    const parsed = parseDate(birthText);
    if (parsed === null) {
      addProblem(
        problems,
        record,
        'birthDate',
        'birth-invalid',
        `出生日期“${birthText}”无效`,
        `birth date "${birthText}" is not a date`,
      );
    } else if (idOk && parsed !== id.birthDate) {
      addProblem(
        problems,
        record,
        'birthDate',
        'birth-mismatch',
        '出生日期与公民身份号码不符',
        'birth date does not match the ID number',
      );
    } else {
      birthDate = parsed;
    }
  }

  let phone: string | null = null;
  const phoneText = record.cell('phone');
  if (phoneText !== '') {
    phone = parsePhone(phoneText);
    if (phone === null) {
      addProblem(
        problems,
        record,
        'phone',
        'phone-invalid',
        `联系电话“${phoneText}”不是有效的手机号或固定电话`,
        `phone "${phoneText}" is not a valid mobile or landline number`,
      );
    }
  }

  const relationText = record.cell('relation');
  const relation = parseRelation(relationText);
  if (relation === null) {
    addProblem(
      problems,
      record,
      'relation',
      'relation-invalid',
      `与户主关系“${relationText}”无法识别`,
      `relation to head "${relationText}" is not known`,
    );
  }

  const categoryText = record.cell('category');
  let category: PersonCategory = 'registered';
  if (categoryText === '') {
    addProblem(
      problems,
      record,
      'category',
      'category-missing',
      '人员类别为空，按户籍人口登记',
      'category empty: registered as 户籍',
      'warning',
    );
  } else {
    const parsed = parseCategory(categoryText);
    if (parsed === null) {
      addProblem(
        problems,
        record,
        'category',
        'category-invalid',
        `人员类别“${categoryText}”应为 户籍/流动/境外/寄住`,
        `category "${categoryText}" must be 户籍/流动/境外/寄住 (registered/floating/foreign/lodging)`,
      );
    } else {
      category = parsed;
    }
  }

  const tags = parseTags(record.cell('tags'));
  if (tags.other.length > 0) {
    addProblem(
      problems,
      record,
      'tags',
      'tag-unknown',
      `标签“${tags.other.join('、')}”不在标签表中，按原文保存`,
      `tags "${tags.other.join(', ')}" have no code; kept as written`,
      'warning',
    );
  }

  let permitExpires: string | null = null;
  const permitText = record.cell('permitExpires');
  if (permitText !== '') {
    permitExpires = parseDate(permitText);
    if (permitExpires === null) {
      addProblem(
        problems,
        record,
        'permitExpires',
        'permit-invalid',
        `居住证有效期“${permitText}”不是日期`,
        `residence permit date "${permitText}" is not a date`,
      );
    }
  }

  let unit: MatchedUnit | null = null;
  const match = matcher.match(record.cell('address'), record.cell('building'), record.cell('room'));
  if ('unitId' in match) {
    unit = match;
  } else if (match.code === 'address-empty') {
    addProblem(
      problems,
      record,
      'address',
      'address-empty',
      '房屋地址为空',
      'dwelling address is empty',
    );
  } else if (match.code === 'address-unknown') {
    const hint = match.suggestions.length > 0;
    addProblem(
      problems,
      record,
      'address',
      'address-unknown',
      `房屋地址“${record.cell('address')}”未找到${hint ? `，是否为：${match.suggestions.join('；')}` : ''}`,
      `no building at "${record.cell('address')}"${hint ? `; did you mean: ${match.suggestions.join('; ')}` : ''}`,
    );
  } else if (match.code === 'room-invalid') {
    addProblem(
      problems,
      record,
      'room',
      'room-invalid',
      `房号“${match.room}”无法识别（如 1203、12-03）`,
      `room "${match.room}" is not a room number (e.g. 1203, 12-03)`,
    );
  } else {
    addProblem(
      problems,
      record,
      'room',
      'room-unknown',
      `${match.address} 没有房号“${record.cell('room')}”（该楼房号范围 ${match.rooms}）`,
      `${match.address} has no room "${record.cell('room')}" (rooms ${match.rooms})`,
    );
  }

  return {
    fields: {
      name,
      sex,
      birthDate,
      idNumber: idOk ? id.idNumber : '',
      phone,
      relation: relation ?? 'other',
      tags: tags.codes.join(','),
      category,
      ethnicity: record.cell('ethnicity').normalize('NFKC').trim(),
      hukouAddress: record.cell('hukouAddress').normalize('NFKC').trim(),
      otherTags: tags.other.join(','),
      permitExpires,
    },
    unit,
    problems,
  };
}
