import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SseServer {
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 whose handler gets the n-th request (0-based). */
export async function sseServer(handler: (req: IncomingMessage, res: ServerResponse, n: number) => void): Promise<SseServer> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => handler(req, res, requests.push(req) - 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
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
