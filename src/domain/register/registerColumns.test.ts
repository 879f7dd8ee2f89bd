import { describe, expect, it } from 'vitest';
import {
  detectMapping,
  parseCategory,
  parseDate,
  parsePhone,
  parseRelation,
  parseSex,
  parseTags,
} from './registerColumns';

describe('detectMapping', () => {
  it('maps the issue’s Chinese headers with no mapping given', () => {
    const headers = [
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
    expect(detectMapping(headers)).toEqual({
      name: '姓名',
      idNumber: '公民身份号码',
      sex: '性别',
      birthDate: '出生日期',
      ethnicity: '民族',
      phone: '联系电话',
      hukouAddress: '户籍地址',
      address: '房屋地址',
      room: '房号',
      relation: '与户主关系',
      category: '人员类别',
      tags: '标签',
    });
  });

  it('reads headers with spaces or a required-star, and lets a given mapping win', () => {
    const mapping = detectMapping(['* 姓名', '身份证号', '住址', '室'], {
      address: '住址',
      room: '室',
    });
    expect(mapping).toEqual({ name: '* 姓名', idNumber: '身份证号', address: '住址', room: '室' });
  });
});

describe('cell values', () => {
  it('reads sexes, dates, phones', () => {
    expect(parseSex('男')).toBe('M');
    expect(parseSex('女')).toBe('F');
    expect(parseSex('x')).toBeNull();
    expect(parseDate('1990/3/7')).toBe('1990-03-07');
    expect(parseDate('1990年3月7日')).toBe('1990-03-07');
    expect(parseDate('19900307')).toBe('1990-03-07');
    expect(parseDate('1990-02-30')).toBeNull();
    expect(parsePhone('138 0013 8000')).toBe('13800138000');
    expect(parsePhone('+86 13800138000')).toBe('13800138000');
    expect(parsePhone('0591-87654321')).toBe('059187654321');
    expect(parsePhone('12345')).toBeNull();
  });

  it('reads relations, categories and tags', () => {
    expect(parseRelation('户主')).toBe('head');
    expect(parseRelation('女儿')).toBe('child');
    expect(parseRelation('')).toBe('other');
    expect(parseRelation('邻居')).toBeNull();
    expect(parseCategory('流动')).toBe('floating');
    expect(parseCategory('境外人员')).toBe('foreign');
    expect(parseCategory('寄住')).toBe('lodging');
    expect(parseCategory('常驻')).toBeNull();
    expect(parseTags('独居老人、残疾，低保户 党员')).toEqual({
      codes: ['elderly_alone', 'disabled', 'low_income'],
      other: ['党员'],
    });
    for (const word of ['卧床', '失能', '瘫痪', '失能老人']) {
      expect(parseTags(`${word}、低保`).codes).toEqual(['bedridden', 'low_income']);
    }
  });
});
