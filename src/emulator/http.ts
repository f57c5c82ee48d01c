import { type IncomingMessage, STATUS_CODES, type ServerResponse } from 'node:http';
import type { Issue } from './schema-check.js';

/**
 * A failure answered as `{"detail": …}`, the FastAPI error shape the real service uses: a
 * message, or a 422's list of issues.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string | Issue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof detail === 'string' ? detail : JSON.stringify(detail));
  }
}

export const badRequest = (detail: string) => new HttpError(400, detail);
export const notFound = (detail: string) => new HttpError(404, detail);

/** What a route answers; the server writes it, so faults and delays apply in one place. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A route that took over the response (the event stream) returns this instead of a Reply. */
export const TAKEN = Symbol('response taken');

// Request bodies are small JSON documents; a cap keeps a runaway client from exhausting memory.
const MAX_BODY_BYTES = 1 << 20;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function errorReply(error: HttpError): Reply {
  return { status: error.status, body: { detail: error.detail }, headers: error.headers };
}

export function writeJson(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/**
 * A 200 whose JSON stops halfway. No length is announced and the connection closes after
 * the half, so HTTP-wise the body is complete and only its JSON is broken: the case of a
 * proxy that cut a response, which clients must report as an invalid body.
 */
export function writeTruncatedJson(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  const half = Buffer.from(text, 'utf8').subarray(0, Math.floor(Buffer.byteLength(text) / 2));
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  // Raw bytes: node's ServerResponse would frame the body with chunked encoding or a length.
  socket.write(`HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n`);
  socket.end(half);
}
