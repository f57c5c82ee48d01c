import type { Client } from '../../generated/client/index.js';
import { createQuerySerializer } from '../../generated/client/utils.gen.js';
import type { Auth } from '../../generated/core/auth.gen.js';
import { jsonBodySerializer } from '../../generated/core/bodySerializer.gen.js';
import { getUrl } from '../../generated/core/utils.gen.js';

/** A generated operation's request (route, parameters, body, auth), as it hands it to its client. */
export interface Operation {
  method: string;
  url: string;
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  headers?: Record<string, unknown>;
  security?: readonly Auth[];
}

const methods = ['get', 'post', 'put', 'patch', 'delete'] as const;
const describeAs = (method: string) => (options: object) => ({ ...options, method: method.toUpperCase() });

/**
 * Stands in for the generated client: a generated operation called with it returns its
 * request unsent. The SDK sends it with one plain `fetch` of its own (policyFetch): the
 * generated client's transport built Request objects that fetch copies again (most of the
 * per-call overhead), tied abort signals to them (which undici holds weakly), followed
 * redirects with the key, and its SSE loop retries a 401 forever.
 */
export const CAPTURE = {
  ...Object.fromEntries(methods.map((m) => [m, describeAs(m)])),
  sse: Object.fromEntries(methods.map((m) => [m, describeAs(m)])),
} as unknown as Client;

/** The generated client's default query style (its createConfig's). */
const querySerializer = createQuerySerializer({
  allowReserved: false,
  array: { explode: true, style: 'form' },
  object: { explode: true, style: 'deepObject' },
});

/** The URL, headers (the API key where the operation's security puts it) and JSON body. */
export function requestOf(op: Operation, baseUrl: string, apiKey: string, extraHeaders?: Record<string, string>) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(op.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  Object.assign(headers, extraHeaders);
  for (const scheme of op.security ?? []) {
    if (scheme.type === 'apiKey' && (scheme.in ?? 'header') === 'header' && scheme.name) {
      headers[scheme.name.toLowerCase()] = apiKey;
    }
  }
  const body = op.body === undefined ? undefined : jsonBodySerializer.bodySerializer(op.body);
  if (body === undefined) delete headers['content-type'];
  const url = getUrl({ baseUrl, url: op.url, path: op.path, query: op.query, querySerializer });
  return { url, init: { method: op.method, headers, body } satisfies RequestInit };
}
