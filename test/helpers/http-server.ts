import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it: what wire tests assert on. */
export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  requests: SeenRequest[];
  /** TCP connections accepted so far: what proves a refused target was never even dialled. */
  readonly connections: number;
  close(): Promise<void>;
}

/**
 * The one local HTTP server of the tests: a real socket on 127.0.0.1, every request recorded
 * with its body, the handler given the n-th request (0-based) once its body has arrived.
 */
export async function httpServer(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<HttpServer> {
  const requests: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const n = requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString() }) - 1;
      handler(req, res, n);
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sseHead(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
}

/** One SSE frame for a TaskUpdateEvent envelope. */
export function frame(id: number | undefined, type: string, data: unknown, task_id = 'task-1'): string {
  const envelope = { type, task_id, organization_id: 'org-1', time: '2026-11-22T10:00:00.000Z', data };
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(envelope)}\n\n`;
}
