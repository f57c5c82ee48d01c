import nock from 'nock';
import { PassThrough } from 'node:stream';
import { Configuration, ModuleException, Task, type MalformedEvent, type TaskUpdateEvent } from '../src';
import { validateSchema } from './helpers/contract';
import { API_KEY, taskFixture } from './helpers/fixtures';
import { frame, httpServer, type HttpServer, sseHead } from './helpers/http-server';

const finished = taskFixture({ status: 'completed', result: 'All done' });
const toolCall = { request_id: 'r1', operation_id: 'op1', tool_name: 'search', payload: { q: 'x' } };
const script = [
  frame(1, 'task_created', taskFixture()),
  frame(2, 'task_updated', taskFixture({ status: 'executing' })),
  frame(3, 'tool_call_request', toolCall),
  frame(4, 'tool_call_result', { ...toolCall, result: { hits: 3 }, is_error: false }),
  frame(5, 'chunk', 'All '),
  frame(6, 'chunk', 'done'),
  frame(7, 'task_finished', finished),
];

function taskOn(url: string, overrides: Record<string, unknown> = {}): Task {
  const configuration = new Configuration({ api_key: API_KEY, base_url: url, organization_id: 'org-1', maxRetries: 0 });
  return new Task(taskFixture(overrides), configuration);
}

async function collect(iterable: AsyncIterable<TaskUpdateEvent>): Promise<TaskUpdateEvent[]> {
  const out: TaskUpdateEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  nock.cleanAll();
});

describe('the happy path', () => {
  test('typed events in order; the loop ends after task_finished while the server keeps the stream open', async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write(script.join('')); // and never end
    });
    const events = await collect(taskOn(server.url).events());
    expect(events.map((e) => e.type)).toEqual([
      'task_created', 'task_updated', 'tool_call_request', 'tool_call_result', 'chunk', 'chunk', 'task_finished',
    ]);
    for (const e of events) validateSchema('TaskUpdateEvent', JSON.parse(JSON.stringify(e)));
    const last = events[6];
    expect(last.type === 'task_finished' && last.data).toBeInstanceOf(Task);
    if (last.type === 'task_finished') expect(last.data.result).toBe('All done');
    expect(events[2].data).toEqual(toolCall);
    expect(events.filter((e) => e.type === 'chunk').map((e) => e.data).join('')).toBe('All done');
    expect(events[0]).toMatchObject({ task_id: 'task-1', organization_id: 'org-1', time: '2026-11-22T10:00:00.000Z' });
  });

  test('GET {events host}/{org}/agent-execution/{id}/events with x-api-key and SSE headers', async () => {
    const body = new PassThrough();
    let headers: Record<string, unknown> = {};
    nock('https://agent-controller.xpander.ai')
      .get('/org-1/agent-execution/task%2F1/events')
      .reply(function () {
        headers = { ...this.req.headers };
        setImmediate(() => body.write(frame(1, 'task_finished', finished, 'task/1')));
        return [200, body, { 'content-type': 'text/event-stream' }];
      });
    const configuration = new Configuration({ api_key: API_KEY, organization_id: 'org-1' });
    const task = new Task(taskFixture({ id: 'task/1' }), configuration);
    const events = await collect(task.events());
    expect(events).toHaveLength(1);
    expect(headers).toMatchObject({ 'x-api-key': API_KEY, accept: 'text/event-stream', 'cache-control': 'no-store' });
    expect(headers['last-event-id']).toBeUndefined();
  });
});

describe('framing', () => {
  const text = script.join('');
  test.each([
    ['one byte per chunk', (s: string) => [...Buffer.from(s)].map((b) => Buffer.from([b]))],
    ['CRLF line endings', (s: string) => [Buffer.from(s.replace(/\n/g, '\r\n'))]],
    ['CR line endings', (s: string) => [Buffer.from(s.replace(/\n/g, '\r'))]],
    ['comments between events', (s: string) => [Buffer.from(s.replace(/\n\n/g, '\n\n: heartbeat\n\n'))]],
  ])('%s', async (_name, chunksOf) => {
    const body = new PassThrough();
    nock('https://agent-controller.xpander.ai')
      .get('/org-1/agent-execution/task-1/events')
      .reply(200, () => {
        const chunks = chunksOf(text);
        // The server closes after task_finished: a lone CR at the very end is only final at EOF.
        setImmediate(() => (chunks.forEach((c) => body.write(c)), body.end()));
        return body;
      }, { 'content-type': 'text/event-stream' });
    const task = new Task(taskFixture(), new Configuration({ api_key: API_KEY, organization_id: 'org-1' }));
    const events = await collect(task.events());
    expect(events.map((e) => e.type)).toHaveLength(7);
    expect(events.filter((e) => e.type === 'chunk').map((e) => e.data).join('')).toBe('All done');
  });

  test('UTF-8 characters split across chunks and multi-line data', async () => {
    const envelope = { type: 'chunk', task_id: 'task-1', organization_id: 'org-1', time: 't', data: 'héllo 🌍 日本' };
    const json = JSON.stringify(envelope, null, 2); // spans several lines
    const raw = Buffer.from(`id: 1\n${json.split('\n').map((l) => `data: ${l}`).join('\n')}\n\n${frame(2, 'task_finished', finished)}`);
    server = await httpServer((_req, res) => {
      sseHead(res);
      const chunks = [...raw].map((b) => Buffer.from([b]));
      let i = 0;
      const tick = () => (i < chunks.length ? (res.write(chunks[i++]), setImmediate(tick)) : undefined);
      tick();
    });
    const events = await collect(taskOn(server.url).events());
    expect(events[0].data).toBe('héllo 🌍 日本');
  });
});

describe('leaving and aborting', () => {
  test('break closes the connection at once', async () => {
    let closed!: () => void;
    const closedPromise = new Promise<void>((r) => (closed = r));
    server = await httpServer((req, res) => {
      sseHead(res);
      res.write(script.slice(0, 3).join(''));
      req.socket.on('close', () => closed());
    });
    for await (const event of taskOn(server.url).events()) {
      if (event.type === 'task_created') break;
    }
    await closedPromise; // the test times out if the connection stays open
  });

  test('an AbortSignal closes the connection and the loop ends with an AbortError', async () => {
    let closed = false;
    server = await httpServer((req, res) => {
      sseHead(res);
      res.write(frame(1, 'task_created', taskFixture()));
      req.socket.on('close', () => (closed = true));
    });
    const controller = new AbortController();
    const error = await (async () => {
      for await (const _ of taskOn(server!.url).events({ signal: controller.signal })) controller.abort();
    })().catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'aborted', name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(true);
  });

  test('a task without events_streaming rejects before any request', async () => {
    server = await httpServer((_req, res) => res.end());
    const error = await collect(taskOn(server.url, { events_streaming: false }).events()).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid_input' });
    expect(error.message).toMatch(/events_streaming/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('resuming', () => {
  test('a dropped connection resumes with Last-Event-ID; replayed ids are not delivered twice', async () => {
    server = await httpServer((_req, res, n) => {
      sseHead(res);
      res.write('retry: 10\n\n');
      if (n === 0) {
        res.write(script.slice(0, 3).join(''));
        setTimeout(() => res.socket?.destroy(), 20);
      } else res.write(script.join('')); // this server ignores Last-Event-ID and replays everything
    });
    const events = await collect(taskOn(server.url).events());
    expect(events.map((e) => e.type)).toEqual([
      'task_created', 'task_updated', 'tool_call_request', 'tool_call_result', 'chunk', 'chunk', 'task_finished',
    ]);
    expect(server.requests[1].headers['last-event-id']).toBe('3');
  });

  test('a stalled connection (no bytes for idleTimeout) is resumed', async () => {
    server = await httpServer((_req, res, n) => {
      sseHead(res);
      res.write('retry: 10\n\n');
      res.write(n === 0 ? script.slice(0, 2).join('') : script.slice(2).join(''));
    });
    const events = await collect(taskOn(server.url).events({ idleTimeout: 150 }));
    expect(events).toHaveLength(7);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1].headers['last-event-id']).toBe('2');
  });

  test('5xx answers are retried, then a clear ModuleException after maxReconnects', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(JSON.stringify({ detail: 'overloaded' }));
    });
    const error = await collect(taskOn(server.url).events({ maxReconnects: 2 })).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error.status_code).toBe(503);
    expect(error.message).toMatch(/2 reconnects failed \(overloaded\)/);
    expect(server.requests).toHaveLength(3);
  }, 10_000);

  test('a clean close before task_finished ends the loop when the task is already terminal', async () => {
    server = await httpServer((req, res) => {
      if (req.url?.endsWith('/status')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(taskFixture({ status: 'completed' })));
      }
      sseHead(res);
      res.end(script.slice(0, 2).join(''));
    });
    const events = await collect(taskOn(server.url).events());
    expect(events).toHaveLength(2);
    expect(server.requests.map((r) => r.url)).toEqual(['/org-1/agent-execution/task-1/events', '/agent-execution/task-1/status']);
  });
});

describe('errors and odd events', () => {
  test.each([401, 404])('a %i is a ModuleException with the server description, never retried', async (status) => {
    server = await httpServer((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: `nope ${status}` }));
    });
    const error = await collect(taskOn(server.url).events()).catch((e) => e);
    expect(error).toMatchObject({ status_code: status, description: `nope ${status}`, kind: 'http' });
    expect(server.requests).toHaveLength(1);
  });

  test('a 2xx that is not text/event-stream is a clear error', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    });
    const error = await collect(taskOn(server.url).events()).catch((e) => e);
    expect(error).toMatchObject({ kind: 'invalid_response' });
    expect(error.message).toMatch(/text\/event-stream.*text\/html/);
  });

  test('malformed events are reported and skipped; unknown types arrive as they came', async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write('id: 1\ndata: {not json\n\n');
      res.write('id: 2\ndata: {"task_id":"task-1"}\n\n');
      res.write(frame(3, 'brand_new_kind', { x: 1 }));
      res.write(frame(4, 'task_finished', finished));
    });
    const malformed: MalformedEvent[] = [];
    const events = await collect(taskOn(server.url).events({ onMalformed: (m) => malformed.push(m) }));
    expect(malformed).toEqual([
      { reason: 'data is not JSON', data: '{not json', id: '1' },
      { reason: 'event has no type', data: '{"task_id":"task-1"}', id: '2' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['brand_new_kind', 'task_finished']);
    expect(events[0].data).toEqual({ x: 1 });
  });
});

test('pull-based: a consumer that stops pulling leaves the rest of the stream unread', async () => {
  let written = 0;
  const payload = frame(undefined, 'chunk', 'x'.repeat(1000));
  server = await httpServer((_req, res) => {
    sseHead(res);
    const pump = () => {
      while (written < 50_000_000) {
        written += payload.length;
        if (!res.write(payload)) return void res.once('drain', pump);
      }
    };
    pump();
  });
  const iterator = taskOn(server.url).events()[Symbol.asyncIterator]();
  await iterator.next();
  await new Promise((r) => setTimeout(r, 300));
  expect(written).toBeLessThan(8_000_000); // socket and stream buffers, not the 50 MB stream
  await iterator.return(undefined);
});
