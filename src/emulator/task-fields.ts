import { type Issue, type Validation, check, schemaNamed, withZone } from './schema-check.js';

type Schema = Record<string, unknown>;

/** The properties of Task in openapi/: the fields a task holds. */
const TASK_PROPERTIES = schemaNamed('Task').properties as Record<string, Schema>;

const isDateTime = (schema: Schema): boolean =>
  schema.format === 'date-time' || ((schema.anyOf ?? schema.oneOf) as Schema[] | undefined)?.some(isDateTime) === true;

/** The Task fields that hold a date-time, from their schemas. */
const DATE_TIME_FIELDS = new Set(Object.keys(TASK_PROPERTIES).filter((key) => isDateTime(TASK_PROPERTIES[key])));

/** Whether `key` is a field of Task in openapi/. */
export const isTaskField = (key: string) => Object.hasOwn(TASK_PROPERTIES, key);

/** The fields of an update that are Task fields, each held to its Task schema. */
export function taskFieldIssues(body: Record<string, unknown>, mode: Validation): Issue[] {
  return Object.entries(body)
    .filter(([key]) => isTaskField(key))
    .flatMap(([key, value]) => check(TASK_PROPERTIES[key], value, ['body', key], mode));
}

/** `body`'s Task fields, date-times as ISO-8601 UTC (Python sends naive ones); other keys dropped. */
export function normalizeDates(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (!isTaskField(key)) continue;
    out[key] = DATE_TIME_FIELDS.has(key) && typeof value === 'string' ? new Date(withZone(value)).toISOString() : value;
  }
  return out;
}
