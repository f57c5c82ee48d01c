import { SECRET_FIELDS } from '../../generated/facts.gen.js';

/**
 * Keeps secrets out of `util.inspect`, `JSON.stringify`, logs and error messages. What is
 * secret comes from openapi/ (`x-secret: true` properties, listed in generated/facts.gen.ts):
 * a secret field's value, and every value inside it when it is an object (MCP headers and
 * env, user_tokens), plus the API key.
 * The core entry imports no `node:` module, so the inspect hook is the registered symbol.
 */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');
export const REDACTED = '[REDACTED]';

const SECRET: ReadonlySet<string> = new Set(SECRET_FIELDS);

/** A deep copy of `value` with every secret value replaced by `[REDACTED]` (object keys kept). */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v == null || !SECRET.has(key)) out[key] = redact(v);
    else if (typeof v === 'object' && !Array.isArray(v)) out[key] = Object.fromEntries(Object.keys(v).map((k) => [k, REDACTED]));
    else out[key] = REDACTED;
  }
  return out;
}

/** Every string inside the secret fields of `value` (a request body), at any depth. */
export function secretValues(value: unknown, found: string[] = [], inSecret = false): string[] {
  if (typeof value === 'string') {
    if (inSecret) found.push(value);
  } else if (Array.isArray(value)) {
    for (const v of value) secretValues(v, found, inSecret);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) secretValues(v, found, inSecret || SECRET.has(key));
  }
  return found;
}

/** Secrets shorter than this are not searched for in text: replacing every "ab" would garble messages. */
const MIN_SCRUBBED_LENGTH = 4;

/** Replaces every secret in a text with `[REDACTED]`. */
export type Scrub = (text: string) => string;

/**
 * The scrubber of one call: each secret is replaced as it is, and as it appears inside a JSON
 * string (a server echoing the request body escapes quotes and backslashes) or a URL.
 */
export function scrubberOf(secrets: readonly (string | undefined)[]): Scrub {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < MIN_SCRUBBED_LENGTH) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so a secret containing another is replaced whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return (text) => {
    for (const form of ordered) if (text.includes(form)) text = text.split(form).join(REDACTED);
    return text;
  };
}
