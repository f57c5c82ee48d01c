import type { IncomingHttpHeaders } from 'node:http';
import { OPERATIONS } from '../../generated/contract.gen.js';
import { HttpError } from './http.js';
import { type Issue, type Validation, check } from './schema-check.js';

/** An operation of openapi/: the emulator's route table is this list, not a copy of it. */
export type Operation = (typeof OPERATIONS)[number];
export type OperationId = Operation['operationId'];

type Schema = Record<string, unknown>;

/** What the emulator received, split as an operation's parameters are. */
export interface RequestParts {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when there was none. */
  body: unknown;
}

/** The router pattern of an openapi/ path: `{task_id}` becomes `:task_id`. */
export const patternOf = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/** A 422 with FastAPI's body: `{"detail": [{type, loc, msg, input}]}`. */
export const unprocessable = (issues: Issue[]) => new HttpError(422, issues);

/**
 * Holds a request to its operation in openapi/: path, query and header parameters, and the
 * JSON body. Every problem is reported at once, in a 422, as FastAPI does.
 */
export function checkRequest(operation: Operation, parts: RequestParts, mode: Validation): void {
  const issues: Issue[] = [];
  const parameters = operation.parameters as ReadonlyArray<{ name: string; in: string; required: boolean; schema: Schema }>;
  for (const parameter of parameters) {
    const value = valueOf(parameter, parts);
    if (value === undefined) {
      if (parameter.required) issues.push({ type: 'missing', loc: [parameter.in, parameter.name], msg: 'Field required', input: null });
    } else issues.push(...check(parameter.schema, value, [parameter.in, parameter.name], mode));
  }
  if (mode === 'strict') {
    const declared = new Set(parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of new Set(parts.query.keys())) {
      if (!declared.has(name)) issues.push({ type: 'extra_forbidden', loc: ['query', name], msg: 'Extra inputs are not permitted', input: parts.query.get(name) });
    }
  }
  const body = (operation as { body?: { required: boolean; schema: Schema } }).body;
  if (body) {
    if (parts.body === undefined) {
      if (body.required) issues.push({ type: 'missing', loc: ['body'], msg: 'Field required', input: null });
    } else issues.push(...check(body.schema, parts.body, ['body'], mode).filter((i) => mode === 'strict' || i.type !== 'missing'));
  }
  if (issues.length) throw unprocessable(issues);
}

function valueOf(parameter: { name: string; in: string }, parts: RequestParts): string | undefined {
  if (parameter.in === 'path') return parts.params[parameter.name];
  if (parameter.in === 'query') return parts.query.get(parameter.name) ?? undefined;
  const header = parts.headers[parameter.name.toLowerCase()];
  return Array.isArray(header) ? header[0] : header;
}

