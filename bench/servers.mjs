// Local HTTP servers for the benchmarks (loopback only). Each answers only what a bench asks:
//   GET /agent-execution/{id}/status          -> the ~2 KB Task JSON (keep-alive)
//   GET /{org}/agent-execution/{id}/events    -> SSE, the mode chosen per server:
//       'bulk'  the same pre-built N-event stream for every request, then end
//       'hold'  one chunk event at once, then the connection stays open (memory bench)
//   GET /stats                                 -> { openStreams, peakStreams }
import { createServer } from 'node:http';
import { API_KEY, ORG, chunkFrame, eventsPath, streamPayload, taskJson } from './fixtures.mjs';

const STATUS = /^\/agent-execution\/([^/]+)\/status$/;
const EVENTS = /^\/([^/]+)\/agent-execution\/([^/]+)\/events$/;

function listen(server) {
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function sseHead(res) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.flushHeaders();
}

/**
 * One server for REST and SSE. `eventCount` sizes the bulk stream; `sseMode` picks bulk or hold;
 * `ids` picks integer or opaque event ids in hold mode.
 * Resolves to { url, port, close() }.
 */
export async function startServer({ eventCount = 100_000, sseMode = 'bulk', bulkTaskId = 'task-bench-0001', ids = 'integer' } = {}) {
  const taskBody = Buffer.from(JSON.stringify(taskJson()));
  const bulk = sseMode === 'bulk' ? streamPayload(bulkTaskId, eventCount) : undefined;
  let openStreams = 0;
  let peakStreams = 0;
  const server = createServer((req, res) => {
    if (req.headers['x-api-key'] !== API_KEY && req.url !== '/stats') {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"detail":"bad key"}');
      return;
    }
    if (STATUS.test(req.url)) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': taskBody.length });
      res.end(taskBody);
      return;
    }
    const events = EVENTS.exec(req.url);
    if (events && decodeURIComponent(events[1]) === ORG) {
      const taskId = decodeURIComponent(events[2]);
      openStreams++;
      peakStreams = Math.max(peakStreams, openStreams);
      res.on('close', () => openStreams--);
      sseHead(res);
      if (bulk) res.end(bulk);
      // Opaque ids: what a client keeps per stream to dedupe after a reconnect is a window of strings.
      else res.write(chunkFrame(taskId, ids === 'opaque' ? `ev_1_${taskId.replace(/\W/g, '').slice(-8)}` : 1));
      return;
    }
    if (req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ openStreams, peakStreams }));
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"not found"}');
  });
  const port = await listen(server);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    bulkPath: eventsPath(bulkTaskId),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/**
 * The first-event server: opens the SSE response at once, then writes one event `delayMs`
 * later and calls `onWrite(taskId, t)` with the performance.now() of that write. Runs in the
 * consumer's process so both sides read the same clock.
 */
export async function startFirstEventServer({ delayMs = 50, onWrite }) {
  const server = createServer((req, res) => {
    const events = EVENTS.exec(req.url);
    if (!events || req.headers['x-api-key'] !== API_KEY) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"not found"}');
      return;
    }
    const taskId = decodeURIComponent(events[2]);
    sseHead(res);
    const timer = setTimeout(() => {
      const frame = chunkFrame(taskId, 1);
      const t = performance.now();
      res.write(frame);
      onWrite(taskId, t);
    }, delayMs);
    res.on('close', () => clearTimeout(timer));
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
