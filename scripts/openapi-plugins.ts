// Plugins of `npm run generate` (openapi-ts.config.ts) besides hey-api's own.
import path from 'node:path';
import { $, clientDefaultConfig, clientDefaultMeta, definePluginConfig } from '@hey-api/openapi-ts';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

/** `export const NAME = <value> as const;` in the plugin's output file. */
function emitConst(plugin: any, name: string, value: unknown): void {
  plugin.node($.const(plugin.symbol(name)).export().assign($($.fromValue(value)).as('const')));
}

/**
 * The client the generated operations call: a hey-api custom client whose contract lives in
 * openapi/client/ (copied into generated/client/) and whose implementation is src/core/engine.ts.
 * It generates no default client instance: the SDK makes one per Configuration.
 */
export const engineClient = definePluginConfig({
  ...clientDefaultMeta,
  config: { ...clientDefaultConfig },
  handler: () => undefined,
  name: path.resolve(__dirname, '../openapi/client/index.ts'),
} as never);

/**
 * generated/facts.gen.ts: what the SDK needs at run time from openapi/ beyond types, so it is
 * never written a second time by hand.
 * - SECRET_FIELDS: properties marked `x-secret: true`; their values are never shown.
 * - MAX_LENGTH: the `maxLength` of string properties, by property name.
 * - QUERY_PARAMETERS: the query parameter names of each operation that has any.
 * - UPDATE_FIELDS: the properties of UpdateTaskRequest.
 * - SECRET_HOLDERS: per schema, its properties that hold a secret at any depth (through
 *   `$ref`, `items`, `anyOf`…): what an SDK object keeps out of spreads and clones.
 */
export const facts = definePluginConfig({
  config: { includeInEntry: false },
  name: 'facts',
  output: 'facts',
  handler: ({ plugin }: { plugin: any }) => {
    const spec = plugin.context.spec;
    const secrets = new Set<string>();
    const maxLength: Record<string, number> = {};
    const visit = (node: unknown) => {
      if (!node || typeof node !== 'object') return;
      for (const [name, property] of Object.entries((node as Schema).properties ?? {})) {
        if (property?.['x-secret'] === true) secrets.add(name);
        if (typeof property?.maxLength === 'number') maxLength[name] = property.maxLength;
      }
      Object.values(node).forEach(visit);
    };
    visit(spec.components);
    visit(spec.paths);
    const resolve = (p: any) => (p?.$ref ? spec.components.parameters[p.$ref.split('/').pop()] : p);
    const query: Record<string, string[]> = {};
    for (const item of Object.values<Record<string, any>>(spec.paths)) {
      for (const operation of Object.values<any>(item)) {
        const parameters = (operation?.parameters ?? []).map(resolve);
        const names = parameters.filter((p: any) => p.in === 'query').map((p: any) => p.name);
        if (operation?.operationId && names.length) query[operation.operationId] = names;
      }
    }
    const update = Object.keys(spec.components.schemas.UpdateTaskRequest.properties);
    const schemas = spec.components.schemas as Record<string, Schema>;
    const holdsSecret = (node: unknown, seen = new Set<unknown>()): boolean => {
      if (!node || typeof node !== 'object' || seen.has(node)) return false;
      seen.add(node);
      const ref = (node as { $ref?: string }).$ref;
      if (ref) return holdsSecret(schemas[ref.split('/').pop()!], seen);
      if ((node as Schema)['x-secret'] === true) return true;
      return Object.values(node).some((child) => holdsSecret(child, seen));
    };
    const holders: Record<string, string[]> = {};
    for (const [name, schema] of Object.entries(schemas)) {
      const fields = Object.entries(schema.properties ?? {}).filter(([, property]) => holdsSecret(property)).map(([key]) => key);
      if (fields.length) holders[name] = fields;
    }
    const emit = (name: string, value: unknown) => emitConst(plugin, name, value);
    emit('SECRET_FIELDS', [...secrets].sort());
    emit('MAX_LENGTH', maxLength);
    emit('QUERY_PARAMETERS', query);
    emit('UPDATE_FIELDS', update);
    emit('SECRET_HOLDERS', holders);
  },
} as never);

/** Keys of a schema that only document it: left out of what the emulator carries. */
const DOC_KEYS = new Set(['description', 'x-enum-descriptions', 'x-enum-varnames', 'x-secret', 'examples', 'example', 'title']);

function stripDocs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (DOC_KEYS.has(key)) continue;
    // Under `properties` every key is a field name (`title`, `description`…), never a doc key.
    out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, stripDocs(v)])) : stripDocs(value);
  }
  return out;
}

/**
 * generated/contract.gen.ts: what the emulator checks requests against, from openapi/.
 * - OPERATIONS: each operation's method, path template, parameters (path, query, header, with
 *   their schemas) and JSON request body schema.
 * - SCHEMAS: `components.schemas` without their documentation, for the `$ref`s above.
 */
export const contract = definePluginConfig({
  config: { includeInEntry: false },
  name: 'contract',
  output: 'contract',
  handler: ({ plugin }: { plugin: any }) => {
    const spec = plugin.context.spec;
    const resolve = (p: any) => (p?.$ref ? spec.components.parameters[p.$ref.split('/').pop()] : p);
    const operations: unknown[] = [];
    for (const [route, item] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const [method, operation] of Object.entries<any>(item)) {
        if (!operation?.operationId) continue;
        const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve).map((p: any) => ({
          name: p.name, in: p.in, required: p.required === true, schema: stripDocs(p.schema ?? {}),
        }));
        const json = operation.requestBody?.content?.['application/json'];
        const body = json ? { required: operation.requestBody.required === true, schema: stripDocs(json.schema) } : undefined;
        operations.push({ operationId: operation.operationId, method: method.toUpperCase(), path: route, parameters, ...(body ? { body } : {}) });
      }
    }
    const schemas = stripDocs(spec.components.schemas);
    const emit = (name: string, value: unknown) => emitConst(plugin, name, value);
    emit('OPERATIONS', operations);
    emit('SCHEMAS', schemas);
  },
} as never);
