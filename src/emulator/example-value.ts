type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A value that satisfies a JSON Schema, for the emulator's `json` scenario: `const`, `enum`,
 * `default` and `examples` first, then the type's simplest value within its bounds. Every
 * property of an object is filled, so `required` holds. `$ref`, `pattern` and `not` are not
 * followed: a schema that needs them gets a value of the right type, not a proven match.
 */
export function exampleValue(schema: unknown, depth = 0): unknown {
  if (!isSchema(schema) || depth > 16) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  const choice = [schema.oneOf, schema.anyOf].find((list): list is unknown[] => Array.isArray(list) && list.length > 0);
  if (choice) return exampleValue(choice[0], depth + 1);
  if (Array.isArray(schema.allOf)) {
    return Object.assign({}, ...schema.allOf.map((part) => exampleValue(part, depth + 1)).filter(isSchema));
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? 'null' : schema.type ?? (schema.properties ? 'object' : 'string');
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      const properties = isSchema(schema.properties) ? schema.properties : {};
      for (const [key, property] of Object.entries(properties)) out[key] = exampleValue(property, depth + 1);
      return out;
    }
    case 'array': {
      const count = Math.max(1, Number(schema.minItems) || 0);
      return Array.from({ length: count }, () => exampleValue(schema.items, depth + 1));
    }
    case 'integer':
    case 'number': {
      const low = Number(schema.minimum ?? (schema.exclusiveMinimum === undefined ? 0 : Number(schema.exclusiveMinimum) + 1));
      return type === 'integer' ? Math.ceil(low) : low;
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    default: {
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      if (schema.format === 'email') return 'user@example.com';
      if (schema.format === 'uri') return 'https://example.com/';
      const min = Number(schema.minLength) || 0;
      return 'example'.padEnd(min, 'x');
    }
  }
}
