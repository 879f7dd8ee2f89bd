import { describe, expect, it } from 'vitest';
import { escapeXmlText, toXmlDocument } from './xmlDocument';

const singular = (listTag: string): string => listTag.replace(/s$/, '');

describe('toXmlDocument', () => {
  it('writes objects as elements, lists as repeated children and null as an empty element', () => {
    const xml = toXmlDocument(
      'service_requests',
      [{ service_request_id: 'INC1', lat: 31.2, open: true, expected_datetime: null }],
      () => 'request',
    );
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests><request>' +
        '<service_request_id>INC1</service_request_id><lat>31.2</lat><open>true</open>' +
        '<expected_datetime/></request></service_requests>',
    );
  });

  it('names nested list items by the list', () => {
    const xml = toXmlDocument('definition', { values: [{ key: 'gas' }], formats: ['a'] }, singular);
    expect(xml).toContain('<values><value><key>gas</key></value></values>');
    expect(xml).toContain('<formats><format>a</format></formats>');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXmlText(`<b>"Tom" & 'Jerry'</b>`)).toBe(
      '&lt;b&gt;&quot;Tom&quot; &amp; &apos;Jerry&apos;&lt;/b&gt;',
    );
    expect(escapeXmlText('路灯\u0000坏了\u0007\n第二行\uFFFE')).toBe('路灯坏了\n第二行');
    expect(escapeXmlText('lone \uD800 surrogate 😀')).toBe('lone  surrogate 😀');
  });

  it('refuses a key that is not an element name instead of writing broken XML', () => {
    expect(() => toXmlDocument('root', { 'a b': 1 }, singular)).toThrow(/not an XML element name/);
    expect(() => toXmlDocument('root', { '<x>': 1 }, singular)).toThrow();
  });
});
