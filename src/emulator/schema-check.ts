import { SCHEMAS } from '../../generated/contract.gen.js';
import type { ValidationIssue } from '../../generated/types.gen.js';

/** One problem with a request, as FastAPI reports it in a 422's `detail` list (openapi/'s ValidationIssue). */
export type Issue = ValidationIssue;

/**
 * How strictly requests are held to openapi/: `strict` refuses keys a schema does not declare
 * (`additionalProperties: false`, unknown query parameters) and values outside an `enum`;
 * `lenient` lets both through (unknown keys are then ignored, not stored).
 */
export type Validation = 'strict' | 'lenient';

type Schema = Record<string, unknown>;

const TYPE_ERRORS: Record<string, [string, string]> = {
  string: ['string_type', 'Input should be a valid string'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  integer: ['int_type', 'Input should be a valid integer'],
  number: ['float_type', 'Input should be a valid number'],
  object: ['dict_type', 'Input should be a valid dictionary'],
  array: ['list_type', 'Input should be a valid list'],
  null: ['none_required', 'Input should be None'],
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'null':
      return value === null;
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    default:
      return true;
  }
}

/** The schema a `$ref` of openapi/ names. */
export function schemaNamed(name: string): Schema {
  const schema = (SCHEMAS as Record<string, Schema>)[name];
  if (!schema) throw new Error(`No schema ${name} in openapi/`);
  return schema;
}

const deref = (schema: Schema): Schema => (typeof schema.$ref === 'string' ? schemaNamed(schema.$ref.split('/').pop()!) : schema);

/**
 * The problems of `value` against a schema of openapi/: the subset of JSON Schema the document
 * uses (`type`, `properties`, `required`, `additionalProperties`, `items`, `enum`, `$ref`,
 * `anyOf`/`oneOf`/`allOf`, `minLength`/`maxLength`, `format: date-time`), reported the way
 * pydantic does.
 */
export function check(raw: Schema, value: unknown, loc: Array<string | number>, mode: Validation): Issue[] {
  const schema = deref(raw);
  const issue = (type: string, msg: string): Issue[] => [{ type, loc, msg, input: value }];
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) {
    const results = branches.map((branch) => check(branch, value, loc, mode));
    if (results.some((r) => r.length === 0)) return [];
    // The branch that came closest, as one would read it: `X or null` reports X's problems.
    return results.reduce((best, r) => (r.length < best.length ? r : best));
  }
  const issues: Issue[] = [];
  for (const part of (schema.allOf as Schema[] | undefined) ?? []) issues.push(...check(part, value, loc, mode));
  const types = schema.type === undefined ? (schema.properties ? ['object'] : []) : ([] as string[]).concat(schema.type as string);
  const enumIssue = () => {
    const names = (schema.enum as unknown[]).map((v) => `'${String(v)}'`);
    return issue('enum', `Input should be ${names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names[0]}`);
  };
  if (types.length && !types.some((t) => hasType(value, t))) {
    // As pydantic does, a value of an enum field is reported against the enum whatever its type.
    if (Array.isArray(schema.enum)) return enumIssue();
    const [type, msg] = TYPE_ERRORS[types.find((t) => t !== 'null') ?? 'null'];
    return issue(type, msg);
  }
  if (value === null) return issues;
  if (mode === 'strict' && Array.isArray(schema.enum) && !schema.enum.includes(value)) return enumIssue();
  if (typeof value === 'string') issues.push(...checkString(schema, value, loc));
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => issues.push(...check(schema.items as Schema, item, [...loc, i], mode)));
  if (isObject(value)) issues.push(...checkObject(schema, value, loc, mode));
  return issues;
}

function checkString(schema: Schema, value: string, loc: Array<string | number>): Issue[] {
  const fail = (type: string, msg: string): Issue[] => [{ type, loc, msg, input: value }];
  if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) {
    return fail('string_too_long', `String should have at most ${schema.maxLength} characters`);
  }
  if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) {
    return fail('string_too_short', `String should have at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'}`);
  }
  if (schema.format === 'date-time' && Number.isNaN(Date.parse(withZone(value)))) {
    return fail('datetime_from_date_parsing', 'Input should be a valid datetime or date');
  }
  return [];
}

function checkObject(schema: Schema, value: Record<string, unknown>, loc: Array<string | number>, mode: Validation): Issue[] {
  const issues: Issue[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const key of (schema.required as string[] | undefined) ?? []) {
    if (!(key in value)) issues.push({ type: 'missing', loc: [...loc, key], msg: 'Field required', input: value });
  }
  for (const [key, item] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) issues.push(...check(properties[key], item, [...loc, key], mode));
    else if (schema.additionalProperties === false) {
      if (mode === 'strict') issues.push({ type: 'extra_forbidden', loc: [...loc, key], msg: 'Extra inputs are not permitted', input: item });
    } else if (isObject(schema.additionalProperties)) issues.push(...check(schema.additionalProperties, item, [...loc, key], mode));
  }
  return issues;
}

/** Python's isoformat() of a naive datetime has no zone; the service works in UTC. */
export function withZone(value: string): string {
  return /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(value) || !value.includes('T') ? value : `${value}Z`;
}
