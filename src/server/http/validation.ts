/**
 * Request validation. Query strings and path params arrive as text, so they are coerced to the
 * schema's types; bodies are JSON and are NOT coerced ({"reason": 1234} is a 400, not "1234").
 * Unknown body properties are rejected, not silently dropped. Messages name the field. Integers
 * in paths and query strings must be plain decimals before they are coerced (strictIntegers.ts).
 */
import Ajv from 'ajv';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { integerFieldsOf, nonDecimalIntegerError } from './strictIntegers';

function createAjv(coerceTypes: boolean | 'array'): Ajv {
  return new Ajv({
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    allErrors: false,
    strict: false,
  });
}

const coercingAjv = createAjv('array');
const strictAjv = createAjv(false);

interface TextPartValidator {
  (data: unknown): boolean;
  errors?: FastifySchemaValidationError[] | null;
}

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return strictAjv.compile(schema as object);
  const validate = coercingAjv.compile(schema as object);
  const integerFields = integerFieldsOf(schema);
  if (integerFields.length === 0) return validate;
  const validateText: TextPartValidator = (data) => {
    const error = nonDecimalIntegerError(data, integerFields);
    if (error !== null) {
      validateText.errors = [error];
      return false;
    }
    const valid = validate(data);
    validateText.errors = validate.errors as FastifySchemaValidationError[] | null | undefined;
    return valid;
  };
  return validateText;
};

/** "body/reason must NOT have fewer than 4 characters", "body must NOT have additional property 'x'". */
export function formatValidationErrors(
  errors: FastifySchemaValidationError[],
  dataVar: string,
): Error {
  const first = errors[0];
  if (first === undefined) return new Error(`${dataVar} is invalid`);
  const path = `${dataVar}${first.instancePath}`;
  let message: string;
  if (first.keyword === 'required') {
    message = `${path}/${String(first.params.missingProperty)} is required`;
  } else if (first.keyword === 'additionalProperties') {
    message = `${path} must NOT have additional property '${String(first.params.additionalProperty)}'`;
  } else {
    message = `${path} ${first.message ?? 'is invalid'}`;
  }
  return new Error(message);
}
