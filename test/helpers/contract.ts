import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/**
 * Holds bodies against openapi/tasks.yaml, so fixtures and requests cannot drift from the spec.
 * Every schema of `components.schemas` is reachable as `validateSchema('Task', body)`.
 */
const spec = parse(readFileSync(join(__dirname, '../../openapi/tasks.yaml'), 'utf8'));
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: 'openapi', components: spec.components });

export const openapi = spec;

/** Throws with ajv's errors when `value` does not match `components.schemas[name]`. */
export function validateSchema(name: string, value: unknown): void {
  const validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`No schema ${name} in openapi/tasks.yaml`);
  if (!validate(value)) {
    throw new Error(`${name} does not match openapi/tasks.yaml: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`);
  }
}

/** The schema name of an operation's JSON request body, or of its 200/201 JSON response. */
export function operationSchema(operationId: string, part: 'request' | 'response'): unknown {
  for (const item of Object.values<Record<string, any>>(spec.paths)) {
    for (const op of Object.values<any>(item)) {
      if (op?.operationId !== operationId) continue;
      if (part === 'request') return op.requestBody?.content?.['application/json']?.schema;
      const ok = op.responses['200'] ?? op.responses['201'];
      const resolved = ok?.$ref ? spec.components.responses[ok.$ref.split('/').pop()] : ok;
      return resolved?.content?.['application/json']?.schema;
    }
  }
  throw new Error(`No operation ${operationId} in openapi/tasks.yaml`);
}

/** Validates `value` against the request body or success response of an operation. */
export function validateOperation(operationId: string, part: 'request' | 'response', value: unknown): void {
  const schema = operationSchema(operationId, part) as Record<string, unknown> | undefined;
  if (!schema) throw new Error(`${operationId} has no JSON ${part} schema`);
  const validate = ajv.compile({ $ref: undefined, ...rewriteRefs(schema) });
  if (!validate(value)) {
    throw new Error(`${operationId} ${part} does not match openapi/tasks.yaml: ${ajv.errorsText(validate.errors)}`);
  }
}

function rewriteRefs(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(rewriteRefs);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' ? `openapi${v}` : rewriteRefs(v)]),
  );
}
