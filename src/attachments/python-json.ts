/**
 * Python's `json.dumps(value)` with its defaults, byte for byte, so `toMessage()` gives
 * agents the very prompt the Python SDK gives them. The defaults differ from
 * `JSON.stringify`: `", "` and `": "` separators, and `ensure_ascii=True` (every
 * character outside printable ASCII as a lower-case `\uXXXX`).
 */

import { ModuleException } from '../core/errors.js';

/** What {@link pythonJsonDumps} accepts: JSON data. `undefined` object members are left out. */
export type PythonJsonValue =
  | string
  | number
  | boolean
  | null
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue | undefined };

// Python's ESCAPE_ASCII pattern: a quote, a backslash, or anything outside ' '..'~'.
const NEEDS_ESCAPE = /["\\]|[^ -~]/g;
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

// JS strings are UTF-16 already, so an astral character is matched as its two
// surrogates one by one and comes out as the pair Python writes.
function escapeChar(ch: string): string {
  return SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function dumpString(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, escapeChar)}"`;
}

// JS has one number type: integral values print as Python ints (all digits), others as
// Python's float repr (shortest digits, exponent form outside 1e-4 <= |x| < 1e16,
// at least two exponent digits). Non-finite values follow `allow_nan=True`.
function dumpNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  if (Number.isInteger(n)) return BigInt(n).toString();
  const [mantissa, exp] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

/**
 * Serializes `value` exactly as Python's `json.dumps(value)` does with default
 * arguments; object keys keep their insertion order.
 *
 * @example
 * ```ts
 * pythonJsonDumps({ url: 'https://x/a.csv', content: 'a,b\n1,"é"' });
 * // '{"url": "https://x/a.csv", "content": "a,b\\n1,\\"\\u00e9\\""}'
 * ```
 */
export function pythonJsonDumps(value: PythonJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return dumpString(value);
    case 'number':
      return dumpNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v) => pythonJsonDumps(v)).join(', ')}]`;
      return `{${Object.entries(value as Record<string, PythonJsonValue | undefined>)
        .filter((entry): entry is [string, PythonJsonValue] => entry[1] !== undefined)
        .map(([k, v]) => `${dumpString(k)}: ${pythonJsonDumps(v)}`)
        .join(', ')}}`;
    default:
      throw ModuleException.invalidInput(`Object of type ${typeof value} is not JSON serializable`);
  }
}
