/**
 * A small XML writer for plain data (no XML library is among our dependencies): objects become
 * elements named by their keys, lists become one child per item named by `itemTagOf(listTag)`,
 * null an empty element. Text is escaped, and characters XML 1.0 cannot carry at all (control
 * characters, lone surrogates) are dropped, so any stored text gives a well-formed document.
 */

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | XmlRecord;
export interface XmlRecord {
  [key: string]: XmlValue;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>';
/** XML 1.0 Char: tab, newline, carriage return, and everything from U+0020 but surrogates, FFFE, FFFF. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** An XML name as we use them (ASCII letters, digits, _ . -; not starting with a digit). */
const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function checkedName(name: string): string {
  if (!XML_NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  return name;
}

function writeElement(
  tag: string,
  value: XmlValue,
  itemTagOf: (listTag: string) => string,
): string {
  const name = checkedName(tag);
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const itemTag = itemTagOf(name);
    const items = value.map((item) => writeElement(itemTag, item, itemTagOf)).join('');
    return `<${name}>${items}</${name}>`;
  }
  if (typeof value === 'object') {
    const children = Object.entries(value)
      .map(([key, child]) => writeElement(key, child, itemTagOf))
      .join('');
    return `<${name}>${children}</${name}>`;
  }
  return `<${name}>${escapeXmlText(String(value))}</${name}>`;
}

/** A whole document: the declaration and one root element holding `value`. */
export function toXmlDocument(
  rootTag: string,
  value: XmlValue,
  itemTagOf: (listTag: string) => string,
): string {
  return `${XML_DECLARATION}\n${writeElement(rootTag, value, itemTagOf)}`;
}
