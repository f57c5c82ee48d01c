// Plugins of `npm run generate` (openapi-ts.config.ts) besides hey-api's own.
import path from 'node:path';
import { $, clientDefaultConfig, clientDefaultMeta, definePluginConfig } from '@hey-api/openapi-ts';

type Schema = Record<string, unknown> & { properties?: Record<string, Schema> };

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
    const emit = (name: string, value: unknown) =>
      plugin.node($.const(plugin.symbol(name)).export().assign($($.fromValue(value)).as('const')));
    emit('SECRET_FIELDS', [...secrets].sort());
    emit('MAX_LENGTH', maxLength);
    emit('QUERY_PARAMETERS', query);
    emit('UPDATE_FIELDS', update);
    emit('SECRET_HOLDERS', holders);
  },
} as never);
