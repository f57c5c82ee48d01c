import type { RequestOptions } from '../../generated/client/index.js';
import { ModuleException } from './errors.js';

/** A request ready for fetch: everything but the signal. */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * Builds the request of a generated operation: the route with its path parameters encoded,
 * the query (absent and null values left out, arrays repeated), the operation's headers, the
 * API key where its security puts it, and the JSON body. A header value that fetch would
 * refuse or that could split a header (CR, LF, NUL, a character above U+00FF) is refused
 * here, before any request, without quoting it: it may be a secret.
 */
export function buildRequest(
  method: string,
  options: RequestOptions,
  baseUrl: string,
  apiKey: string,
  extraHeaders?: Record<string, string>,
): BuiltRequest {
  const headers: Record<string, string> = { ...extraHeaders };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  for (const scheme of options.security ?? []) {
    if (scheme.type !== 'apiKey' || (scheme.in ?? 'header') !== 'header' || !scheme.name) {
      throw ModuleException.invalidInput(`Unsupported security scheme in openapi/: ${JSON.stringify(scheme)}`);
    }
    headers[scheme.name.toLowerCase()] = apiKey;
  }
  for (const [name, value] of Object.entries(headers)) checkHeaderValue(name, value);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  if (body === undefined) delete headers['content-type'];
  return { method, url: baseUrl + pathOf(options) + queryOf(options.query), headers, body };
}

function pathOf({ url, path }: RequestOptions): string {
  return url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = path?.[name];
    if (value === undefined || value === null || value === '') {
      throw ModuleException.invalidInput(`Missing path parameter ${name} for ${url}`);
    }
    return encodeURIComponent(String(value));
  });
}

function queryOf(query: Record<string, unknown> | undefined): string {
  let search = '';
  for (const [name, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === undefined || item === null) continue;
      search += `${search ? '&' : '?'}${encodeURIComponent(name)}=${encodeURIComponent(String(item))}`;
    }
  }
  return search;
}

/** Bytes a header value may hold: no control characters that end a line, nothing past Latin-1. */
const BAD_HEADER_CHAR = /[\r\n\0]|[^\u0000-\u00ff]/;

function checkHeaderValue(name: string, value: string): void {
  if (!BAD_HEADER_CHAR.test(value)) return;
  const which = name === 'x-api-key' ? 'The API key' : `The ${name} header`;
  throw ModuleException.invalidInput(
    `${which} contains a line break, a NUL or a character outside Latin-1, which HTTP headers cannot carry; check its value`,
  );
}
