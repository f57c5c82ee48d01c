import { MAX_LENGTH } from '../../generated/facts.gen.js';
import { ModuleException } from './errors.js';

/** A non-empty string id, or a clear error naming the parameter. */
export function requireId(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    const got = typeof value === 'string' ? 'an empty string' : value === undefined ? 'nothing' : typeof value;
    throw ModuleException.invalidInput(`${name} must be a non-empty string, got ${got}`);
  }
  // Encoding leaves dot segments alone, and URL parsing would resolve them out of the path.
  if (value === '.' || value === '..') throw ModuleException.invalidInput(`${name} cannot be "${value}"`);
  return value;
}

/** `value` when it is one of the enum's values (or absent), else a clear error listing them. */
export function checkEnum<T extends string>(
  name: string,
  value: unknown,
  values: Record<string, T>,
): T | undefined {
  if (value === undefined) return undefined;
  const allowed = Object.values(values);
  if (!allowed.includes(value as T)) {
    throw ModuleException.invalidInput(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** A plain object (not null, not an array), or a clear error. */
export function checkObject(name: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ModuleException.invalidInput(`${name} must be an object, got ${Array.isArray(value) ? 'an array' : String(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `value`, or `fallback` when it is undefined; anything but a finite number ≥ 0 is a clear error. */
export function nonNegative(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw ModuleException.invalidInput(`${name} must be a non-negative number, got ${String(value)}`);
  }
  return value;
}

/** The most characters `internal_status` holds (its `maxLength` in openapi/). */
const INTERNAL_STATUS_MAX = MAX_LENGTH.internal_status;

/** A string of at most {@link INTERNAL_STATUS_MAX} characters (or null/absent), else a clear error. */
export function checkInternalStatus(value: unknown): void {
  if (value == null) return;
  if (typeof value !== 'string') throw ModuleException.invalidInput('internal_status must be a string');
  if (value.length > INTERNAL_STATUS_MAX) {
    throw ModuleException.invalidInput(
      `internal_status holds at most ${INTERNAL_STATUS_MAX} characters; got ${value.length}. Shorten it before saving.`,
    );
  }
}
