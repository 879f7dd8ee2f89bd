/**
 * Integers in paths and query strings must be written as plain decimals. Ajv's coercion takes
 * whatever `Number()` takes, so `0x16d`, `1e3`, ` 365` (from `%20365`), `+5` and `05` would all
 * reach a handler as a valid id: several spellings of one resource slip past anything that
 * matches on the text (logs, caches, rate limits, audit searches), and a probe learns that the
 * server is lenient. One spelling per number: an optional minus, then digits without a leading
 * zero; anything else is a 400 naming the field, checked before coercion sees the text.
 */
import type { FastifySchemaValidationError } from 'fastify';

const DECIMAL_INTEGER = /^(0|-?[1-9][0-9]*)$/;
export const NOT_DECIMAL_INTEGER_MESSAGE =
  'must be a decimal integer (digits only: no sign, blanks, leading zeros, exponent or hex)';

interface ObjectSchema {
  properties?: Record<string, { type?: unknown }>;
}

/** Top-level properties the schema types as integers (paths and query strings are flat). */
export function integerFieldsOf(schema: unknown): string[] {
  const properties = (schema as ObjectSchema | null)?.properties;
  if (properties === undefined) return [];
  return Object.entries(properties)
    .filter(([, property]) => property.type === 'integer')
    .map(([name]) => name);
}

export function isDecimalIntegerText(text: string): boolean {
  return DECIMAL_INTEGER.test(text);
}

/** The first integer field whose raw text is not a plain decimal, as an Ajv-shaped error. */
export function nonDecimalIntegerError(
  data: unknown,
  fields: readonly string[],
): FastifySchemaValidationError | null {
  if (typeof data !== 'object' || data === null) return null;
  for (const field of fields) {
    const raw: unknown = (data as Record<string, unknown>)[field];
    const texts = Array.isArray(raw) ? raw : [raw];
    if (texts.some((text) => typeof text === 'string' && !isDecimalIntegerText(text))) {
      return {
        keyword: 'decimalInteger',
        instancePath: `/${field}`,
        schemaPath: `#/properties/${field}`,
        params: {},
        message: NOT_DECIMAL_INTEGER_MESSAGE,
      };
    }
  }
  return null;
}
