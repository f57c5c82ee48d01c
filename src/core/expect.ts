import { ModuleException } from './errors.js';

/** The parsed body when it is a JSON object, else an `invalid_response` error. */
export function expectObject<T>(data: unknown, what: string): T {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new ModuleException(200, `${what}: expected a JSON object, got ${describeValue(data)}`, 'invalid_response');
  }
  return data as T;
}

/** The parsed body when it is a JSON array, else an `invalid_response` error. */
export function expectArray<T>(data: unknown, what: string): T[] {
  if (!Array.isArray(data)) {
    throw new ModuleException(200, `${what}: expected a JSON array, got ${describeValue(data)}`, 'invalid_response');
  }
  return data as T[];
}

function describeValue(data: unknown): string {
  if (data === undefined) return 'an empty body';
  const text = JSON.stringify(data);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
