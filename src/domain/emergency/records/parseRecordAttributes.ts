/**
 * The one check of a record's attributes, for the REST body and for an import row alike: each
 * field of the kind's table parsed from what was given (a typed value or an import cell's text),
 * every problem named in Chinese and English. Nothing is half-accepted: with a problem, no
 * attributes.
 */
import { findChemical } from '../chemicals';
import { parsePhone } from '../../register/registerColumns';
import {
  MAX_LIST_ITEMS,
  MAX_TEXT_LENGTH,
  recordKindDefinition,
  type EmergencyRecordKind,
  type RecordAttributes,
  type RecordField,
} from './emergencyRecordKinds';

export interface RecordProblem {
  field: string;
  code: string;
  zh: string;
  en: string;
}

export type ParsedAttributes =
  { ok: true; attributes: RecordAttributes } | { ok: false; problems: RecordProblem[] };

const LIST_SEPARATOR = /[；;、\n]+/;
/** rtsp/rtmp/http(s) URLs, or a 20-digit GB/T 28181 device id. */
const STREAM_URL = /^(?:(?:rtsps?|rtmp|https?):\/\/\S+|\d{20})$/i;

type FieldValue = string | number | string[];
type FieldResult = { value: FieldValue } | { problem: Omit<RecordProblem, 'field'> } | null;

function isBlank(raw: unknown): boolean {
  return (
    raw === undefined ||
    raw === null ||
    (typeof raw === 'string' && raw.trim() === '') ||
    (Array.isArray(raw) && raw.length === 0)
  );
}

function textOf(raw: unknown): string | null {
  if (typeof raw === 'string') return raw.normalize('NFKC').trim();
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return null;
}

function parseNumber(field: RecordField, raw: unknown): FieldResult {
  const value = typeof raw === 'number' ? raw : Number(textOf(raw)?.replace(/,/g, '') ?? NaN);
  const whole = field.type === 'integer';
  if (!Number.isFinite(value) || (whole && !Number.isInteger(value))) {
    return {
      problem: {
        code: 'not-a-number',
        zh: `“${field.zh}”应为${whole ? '整数' : '数字'}`,
        en: `"${field.en}" must be a ${whole ? 'whole number' : 'number'}`,
      },
    };
  }
  if (field.min !== undefined && value < field.min) {
    return {
      problem: {
        code: 'below-minimum',
        zh: `“${field.zh}”不能小于 ${field.min}`,
        en: `"${field.en}" must be at least ${field.min}`,
      },
    };
  }
  return { value };
}

function parseField(field: RecordField, raw: unknown): FieldResult {
  if (isBlank(raw)) {
    return field.required
      ? { problem: { code: 'required', zh: `缺少“${field.zh}”`, en: `"${field.en}" is missing` } }
      : null;
  }
  if (field.type === 'number' || field.type === 'integer') return parseNumber(field, raw);
  if (field.type === 'list') {
    const items = (Array.isArray(raw) ? raw : (textOf(raw) ?? '').split(LIST_SEPARATOR))
      .map((item) => textOf(item) ?? '')
      .filter((item) => item !== '');
    if (items.length > MAX_LIST_ITEMS || items.some((item) => item.length > MAX_TEXT_LENGTH)) {
      return {
        problem: {
          code: 'list-too-long',
          zh: `“${field.zh}”最多 ${MAX_LIST_ITEMS} 项，每项不超过 ${MAX_TEXT_LENGTH} 字`,
          en: `"${field.en}" takes at most ${MAX_LIST_ITEMS} items of ${MAX_TEXT_LENGTH} characters`,
        },
      };
    }
    return items.length === 0 && field.required ? parseField(field, '') : { value: items };
  }
  const text = textOf(raw);
  if (text === null || text.length > MAX_TEXT_LENGTH) {
    return {
      problem: {
        code: 'text-invalid',
        zh: `“${field.zh}”应为不超过 ${MAX_TEXT_LENGTH} 字的文本`,
        en: `"${field.en}" must be text of at most ${MAX_TEXT_LENGTH} characters`,
      },
    };
  }
  switch (field.type) {
    case 'enum': {
      const option = field.options?.find(
        (candidate) =>
          candidate.code === text ||
          candidate.zh.normalize('NFKC') === text ||
          candidate.en === text,
      );
      return option !== undefined
        ? { value: option.code }
        : {
            problem: {
              code: 'option-unknown',
              zh: `“${field.zh}”应为 ${field.options?.map((o) => o.zh).join('、')} 之一`,
              en: `"${field.en}" must be one of ${field.options?.map((o) => o.en).join(', ')}`,
            },
          };
    }
    case 'substance': {
      const chemical = findChemical(text);
      return chemical !== undefined
        ? { value: chemical.id }
        : {
            problem: {
              code: 'substance-unknown',
              zh: `危化品“${text}”不在物质表中（名称、英文名或 CAS 号）`,
              en: `substance "${text}" is not in the substance table (name, English name or CAS)`,
            },
          };
    }
    case 'phone': {
      const phone = parsePhone(text);
      return phone !== null
        ? { value: phone }
        : {
            problem: {
              code: 'phone-invalid',
              zh: `“${text}”不是有效的电话号码`,
              en: `"${text}" is not a valid phone number`,
            },
          };
    }
    case 'streamUrl':
      return STREAM_URL.test(text)
        ? { value: text }
        : {
            problem: {
              code: 'stream-url-invalid',
              zh: '视频流地址应为 rtsp/rtmp/http(s) 地址或 20 位国标编码',
              en: 'the stream address must be an rtsp/rtmp/http(s) URL or a 20-digit GB/T 28181 id',
            },
          };
    default:
      return { value: text };
  }
}

/** Parses every field of the kind from `raw` (keyed by field key); unknown keys are refused. */
export function parseRecordAttributes(
  kind: EmergencyRecordKind,
  raw: Readonly<Record<string, unknown>>,
): ParsedAttributes {
  const { fields } = recordKindDefinition(kind);
  const problems: RecordProblem[] = [];
  const attributes: RecordAttributes = {};
  for (const key of Object.keys(raw)) {
    if (!fields.some((field) => field.key === key)) {
      problems.push({
        field: key,
        code: 'field-unknown',
        zh: `未知字段“${key}”`,
        en: `unknown field "${key}"`,
      });
    }
  }
  for (const field of fields) {
    const result = parseField(field, raw[field.key]);
    if (result === null) continue;
    if ('problem' in result) problems.push({ field: field.key, ...result.problem });
    else attributes[field.key] = result.value;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, attributes };
}
