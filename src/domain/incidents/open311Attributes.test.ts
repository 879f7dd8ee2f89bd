import { describe, expect, it } from 'vitest';
import {
  attributeAnswersOf,
  checkOpen311Attributes,
  hasOpen311Attributes,
  toOpen311ServiceDefinition,
} from './open311Attributes';

describe('Open311 service definitions', () => {
  it('asks a hazard its type, in the requested language, in the specification shape', () => {
    const definition = toOpen311ServiceDefinition('safety_hazard', 'SG02', 'en');
    expect(definition.service_code).toBe('SG02');
    expect(definition.attributes[0]).toMatchObject({
      variable: true,
      code: 'hazard_type',
      datatype: 'singlevaluelist',
      required: true,
      order: 1,
      description: 'Kind of hazard',
    });
    expect(definition.attributes[0]?.values).toContainEqual({ key: 'gas', name: 'Gas leak' });
    const zh = toOpen311ServiceDefinition('safety_hazard', 'SG02', 'zh');
    expect(zh.attributes[0]?.values).toContainEqual({ key: 'gas', name: '燃气泄漏' });
  });

  it('asks nothing of a category without questions', () => {
    expect(hasOpen311Attributes('city_appearance')).toBe(false);
    expect(hasOpen311Attributes('emergency')).toBe(true);
    expect(toOpen311ServiceDefinition('city_appearance', 'CM01', 'zh').attributes).toEqual([]);
  });

  it('turns valid answers into a note line and refuses missing, unknown and unasked ones', () => {
    expect(checkOpen311Attributes('safety_hazard', { hazard_type: 'gas' })).toEqual({
      ok: true,
      note: '隐患类型：燃气泄漏 (hazard_type=gas)',
    });
    expect(checkOpen311Attributes('street_facilities', {})).toEqual({ ok: true, note: '' });
    const missing = checkOpen311Attributes('safety_hazard', {});
    expect(missing.ok).toBe(false);
    expect(JSON.stringify(missing)).toMatch(/attribute\[hazard_type\] is required/);
    const wrong = checkOpen311Attributes('safety_hazard', { hazard_type: 'dragon' });
    expect(JSON.stringify(wrong)).toMatch(/must be one of gas, /);
    const unasked = checkOpen311Attributes('city_appearance', { colour: 'red' });
    expect(JSON.stringify(unasked)).toMatch(/attribute\[colour\] is not asked/);
  });
});

describe('attributeAnswersOf', () => {
  it('reads form fields attribute[code] and a JSON attribute object', () => {
    expect(attributeAnswersOf({ 'attribute[hazard_type]': 'gas', description: 'x' })).toEqual({
      hazard_type: 'gas',
    });
    expect(attributeAnswersOf({ attribute: { hazard_type: 'gas', facility: 3 } })).toEqual({
      hazard_type: 'gas',
      facility: '',
    });
    expect(attributeAnswersOf({ attribute: 'gas', 'attribute[]': 'x' })).toEqual({});
  });
});
