/**
 * Keeps secrets out of `util.inspect`, `JSON.stringify`, logs and error messages.
 * The core entry imports no `node:` module, so the inspect hook is the registered symbol.
 */
export const INSPECT = Symbol.for('nodejs.util.inspect.custom');
export const REDACTED = '[REDACTED]';

/** Wire fields whose values are secrets wherever they appear. */
const SECRET_KEYS = new Set(['api_key', 'client_secret', 'user_oidc_token', 'user_tokens', 'access_token']);
/** Maps whose every value may carry a credential (MCP server headers and env). */
const SECRET_MAPS = new Set(['headers', 'env_vars']);

/** A deep copy of `value` with every secret replaced by `[REDACTED]`. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v == null) out[key] = v;
    else if (SECRET_KEYS.has(key)) out[key] = REDACTED;
    else if (SECRET_MAPS.has(key) && typeof v === 'object' && !Array.isArray(v)) {
      out[key] = Object.fromEntries(Object.keys(v).map((k) => [k, REDACTED]));
    } else out[key] = redact(v);
  }
  return out;
}
