import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CorsOrigins } from './index.js';

/**
 * CORS, so a front end can run against the emulator from a browser page: preflights are
 * answered before the API key is checked (browsers send them without it), and every answer,
 * the event stream and errors included, carries `Access-Control-Allow-Origin`.
 */

const METHODS = 'GET, POST, PATCH, DELETE';
const HEADERS = 'content-type, x-api-key, cache-control, last-event-id, x-agent-version, accept';
/** What the SDK reads from an answer beyond the CORS-safelisted headers. */
const EXPOSED = 'retry-after, retry-after-ms, x-request-id, request-id';

/** Sets the CORS headers of this request's answer; true when it was a preflight, now answered. */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: CorsOrigins): boolean {
  const origin = req.headers.origin;
  if (origins === false || origin === undefined) return false;
  const allowed = origins === '*' ? '*' : origins.includes(origin) ? origin : undefined;
  if (allowed === undefined) return false;
  res.setHeader('access-control-allow-origin', allowed);
  if (allowed !== '*') res.setHeader('vary', 'origin');
  res.setHeader('access-control-expose-headers', EXPOSED);
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.writeHead(204, {
    'access-control-allow-methods': METHODS,
    'access-control-allow-headers': HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
  return true;
}
