import type { Client } from '../../generated/client/index.js';
import type { Configuration } from '../configuration.js';
import { Deadline } from './deadline.js';
import { ModuleException } from './errors.js';
import { policyFetch } from './fetch.js';
import { CAPTURE, type Operation, requestOf } from './operation.js';
import { REDACTED } from './secrets.js';
import { nonNegative } from './validate.js';

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Milliseconds for the whole call, body included; overrides the configuration's. */
  timeout?: number;
  /** Retries for this call; overrides the configuration's. Ignored by calls that are never retried. */
  maxRetries?: number;
}

/** What the facade spreads into a generated operation: the capturing client. */
export interface CallContext {
  client: Client;
}

const context: CallContext = { client: CAPTURE };

/** An error body as the server sent it: JSON when it parses, else the text. */
export function errorBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The JSON text each parsed answer came from, so a Task can keep it as its snapshot for free. */
const sourceTexts = new WeakMap<object, string>();

/** `JSON.stringify(value)`, taken from the answer it was parsed from when there is one. */
export function jsonText(value: object): string {
  return sourceTexts.get(value) ?? JSON.stringify(value);
}

/** Per-call options, checked before anything is sent. */
function checkedOptions(options: RequestOptions | undefined, config: Configuration) {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw ModuleException.invalidInput('Request options must be an object: { signal?, timeout?, maxRetries? }');
  }
  return {
    timeout: nonNegative('timeout', options?.timeout, config.timeout),
    maxRetries: nonNegative('maxRetries', options?.maxRetries, config.maxRetries),
    signal: options?.signal,
  };
}

/**
 * Runs one generated operation under the configuration's policy: API key checked first,
 * a deadline over the whole call, retries when `idempotent`, every failure a
 * {@link ModuleException}, and the JSON body parsed with a quoted snippet when it is not JSON.
 */
export async function send<T>(
  config: Configuration,
  what: string,
  options: RequestOptions | undefined,
  idempotent: boolean,
  call: (ctx: CallContext) => unknown,
): Promise<T> {
  const { timeout, maxRetries, signal } = checkedOptions(options, config);
  const apiKey = config.requireApiKey();
  const baseUrl = config.getFullUrl();
  const deadline = new Deadline(timeout, signal);
  try {
    const fetch = policyFetch({
      fetch: config.fetch ?? globalThis.fetch,
      maxRetries: idempotent ? maxRetries : 0,
      signal: deadline.signal,
      log: config.log,
    });
    const { url, init } = requestOf(call(context) as Operation, baseUrl, apiKey);
    const response = await fetch(url, { ...init, signal: deadline.signal });
    const text = await response.text();
    if (!response.ok) throw new ModuleException(response.status, scrub(describe(errorBody(text)), apiKey));
    return parseJson(text, response, what) as T;
  } catch (error) {
    throw deadline.errorFor(error, what);
  } finally {
    deadline.dispose();
  }
}

/** The server's own words from an error body, as the Python SDK reports `response.text`. */
export function describe(body: unknown): string {
  if (typeof body === 'string') return snippet(body.trim(), DESCRIPTION_MAX) || 'no description';
  if (body && typeof body === 'object') {
    const { detail, message, error } = body as Record<string, unknown>;
    for (const candidate of [detail, message, error]) {
      if (typeof candidate === 'string' && candidate) return candidate;
    }
    return snippet(JSON.stringify(body), DESCRIPTION_MAX);
  }
  return 'no description';
}

/** An HTML error page or a stack trace is quoted, not carried whole. */
const DESCRIPTION_MAX = 1000;

function snippet(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function scrub(text: string, secret: string): string {
  return secret ? text.split(secret).join(REDACTED) : text;
}


function parseJson(text: unknown, response: Response, what: string): unknown {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    const value = JSON.parse(text);
    if (value !== null && typeof value === 'object') sourceTexts.set(value, text);
    return value;
  } catch (cause) {
    const type = response.headers.get('content-type') ?? 'no content type';
    throw new ModuleException(
      response.status,
      `${what}: expected JSON, got ${type} (${text.length} bytes): ${JSON.stringify(snippet(text, 120))}`,
      'invalid_response',
      { cause },
    );
  }
}
