import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from './emergencyRecordKinds';
import { parseRecordAttributes } from './parseRecordAttributes';

describe('record attributes', () => {
  it('parses import cells (text) into typed values and codes', () => {
    const parsed = parseRecordAttributes('hazard', {
      enterprise: ' 福州某化工有限公司 ',
      substance: '氯气',
      quantityT: '1,200.5',
      contactPhone: '138 0013 8000',
    });
    expect(parsed).toEqual({
      ok: true,
      attributes: {
        enterprise: '福州某化工有限公司',
        substance: 'chlorine',
        quantityT: 1200.5,
        contactPhone: '13800138000',
      },
    });
  });

  it('accepts an enum by its Chinese label and a list split on Chinese separators', () => {
    const parsed = parseRecordAttributes('plan', {
      incidentType: '危化品泄漏',
      responseLevel: 'Ⅱ级（重大）',
      steps: '接警；研判、疏散\n处置',
      responsibleUnits: ['应急管理局', '消防救援大队'],
    });
    expect(parsed.ok && parsed.attributes).toEqual({
      incidentType: '危化品泄漏',
      responseLevel: 'II',
      steps: ['接警', '研判', '疏散', '处置'],
      responsibleUnits: ['应急管理局', '消防救援大队'],
    });
  });

  it('names every problem of a bad record and keeps nothing', () => {
    const parsed = parseRecordAttributes('shelter', {
      capacityPersons: '12.5',
      areaM2: '-3',
      status: 'maybe',
      colour: 'red',
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['colour', 'field-unknown'],
      ['capacityPersons', 'not-a-number'],
      ['areaM2', 'below-minimum'],
      ['status', 'option-unknown'],
    ]);
  });

  it('refuses an unknown substance, a bad phone, a bad stream address and a missing field', () => {
    const hazard = parseRecordAttributes('hazard', {
      enterprise: 'x',
      substance: 'unobtainium',
      quantityT: 1,
      contactPhone: '12345',
    });
    expect(!hazard.ok && hazard.problems.map((problem) => problem.code)).toEqual([
      'substance-unknown',
      'phone-invalid',
    ]);
    const video = parseRecordAttributes('video', { status: 'online', streamUrl: 'ftp://x' });
    expect(!video.ok && video.problems[0]?.code).toBe('stream-url-invalid');
    const sensor = parseRecordAttributes('sensor', { sensorType: 'pm25', unit: 'µg/m³' });
    expect(!sensor.ok && sensor.problems[0]).toMatchObject({
      field: 'threshold',
      code: 'required',
    });
  });

  it('declares every field key once per kind', () => {
    for (const definition of RECORD_KINDS) {
      const keys = definition.fields.map((field) => field.key);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
