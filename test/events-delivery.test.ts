// task.events() delivers every event once, in order, under any id scheme and any consumer; the
// stream's callbacks and the server's hints cannot lose events or hang the loop.
import { Task, Tasks, type DebugRecord, type TaskUpdateEvent } from '../src';
import { configurationFor } from './helpers/both-paths';
import { taskFixture } from './helpers/fixtures';
import { httpServer, type HttpServer, sseHead } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** One SSE block with this id line (or none), carrying a chunk or the final task. */
function block(id: string | undefined, type: 'chunk' | 'task_finished', data: unknown, task_id = 'task-1'): string {
  const envelope = { type, task_id, organization_id: 'org-1', time: '2026-11-22T10:00:00.000Z', data };
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(envelope)}\n\n`;
}
const finish = (id?: string) => block(id, 'task_finished', taskFixture({ status: 'completed', result: 'done' }));

async function collect(task: Task, options: Parameters<Task['events']>[0] = {}): Promise<TaskUpdateEvent[]> {
  const out: TaskUpdateEvent[] = [];
  for await (const event of task.events({ maxReconnects: 3, ...options })) out.push(event);
  return out;
}
/**
 * A server whose event stream is `stream` (given the n-th connection) and whose status route
 * says the task still runs, so a clean close leads to a reconnect.
 */
function streamServer(stream: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, n: number) => void) {
  let connections = 0;
  return httpServer((req, res) => {
    if (req.url?.endsWith('/status')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(taskFixture({ status: 'executing' })));
    }
    sseHead(res);
    stream(req, res, connections++);
  });
}
const streamRequests = () => server!.requests.filter((r) => r.url.endsWith('/events'));
const chunks = (events: TaskUpdateEvent[]) => events.filter((e) => e.type === 'chunk').map((e) => e.data);
const streamingTask = () => new Task(taskFixture(), configurationFor(server!.url));

describe('within one connection every event is delivered, whatever its id', () => {
  test.each([
    ['ids that go down (5, 4, 3, 2, 6), task_finished with the lowest', ['5', '4', '3', '2', '6'], '1'],
    ['the same id on every event', ['7', '7', '7', '7', '7'], '7'],
    ['empty id lines', ['', '', '', '', ''], ''],
    ['no id at all', [undefined, undefined, undefined, undefined, undefined], undefined],
    ['opaque ids', ['b7e1', 'a0c3', 'ffff', '0x1', 'z'], 'end'],
  ])('%s', async (_name, ids, lastId) => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write(ids.map((id, i) => block(id, 'chunk', `c${i}`)).join('') + finish(lastId)); // held open
    });
    const events = await collect(streamingTask());
    expect(chunks(events)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(events.at(-1)?.type).toBe('task_finished');
  });
});

describe('after a reconnect, only what the consumer already has is skipped', () => {
  test('opaque ids, a drop, and a server that replays from the start: each event once', async () => {
    const ids = ['u-9f', 'u-1a', 'u-77', 'u-03', 'u-c2'];
    server = await streamServer((_req, res, n) => {
      if (n === 0) return res.end(ids.slice(0, 3).map((id, i) => block(id, 'chunk', `c${i}`)).join(''));
      res.end(ids.map((id, i) => block(id, 'chunk', `c${i}`)).join('') + finish('u-end'));
    });
    const events = await collect(streamingTask());
    expect(chunks(events)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(streamRequests()[1].headers['last-event-id']).toBe('u-77');
  });

  test('integer ids and a server that resumes after Last-Event-ID: nothing lost', async () => {
    server = await streamServer((_req, res, n) => {
      if (n === 0) return res.end(block('1', 'chunk', 'c0') + block('2', 'chunk', 'c1'));
      res.end(block('3', 'chunk', 'c2') + finish('4'));
    });
    expect(chunks(await collect(streamingTask()))).toEqual(['c0', 'c1', 'c2']);
    expect(streamRequests().map((r) => r.headers['last-event-id'])).toEqual([undefined, '2']);
  });
});

describe('callbacks and foreign events', () => {
  test('a throwing onMalformed loses no event and causes no reconnect: the loop ends with its error', async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write(block('1', 'chunk', 'before') + 'id: 2\ndata: not json\n\n' + block('3', 'chunk', 'after'));
    });
    const seen: string[] = [];
    const failure = new Error('my callback failed');
    const run = (async () => {
      for await (const event of streamingTask().events({ onMalformed: () => { throw failure; } })) seen.push(String(event.data));
    })();
    await expect(run).rejects.toBe(failure);
    expect(seen).toEqual(['before', 'after']);
    expect(server.requests).toHaveLength(1);
  });

  test("a task_finished of another task is reported and skipped; the loop ends on this task's", async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write(block('1', 'task_finished', taskFixture({ id: 'other' }), 'other') + block('2', 'chunk', 'mine') + finish('3'));
    });
    const malformed: string[] = [];
    const events = await collect(streamingTask(), { onMalformed: (m) => malformed.push(m.reason) });
    expect(events.map((e) => e.type)).toEqual(['chunk', 'task_finished']);
    expect(malformed).toEqual(['event of task other on the stream of task task-1']);
  });
});

describe('bounds', () => {
  test('retry: 2147483647 is capped at 60 s, like Retry-After', async () => {
    server = await streamServer((_req, res) => res.end(`retry: 2147483647\n${block('1', 'chunk', 'c0')}`));
    const records: DebugRecord[] = [];
    const controller = new AbortController();
    const task = new Task(taskFixture(), configurationFor(server.url, { log: (r) => {
      records.push(r);
      if (r.kind === 'reconnect') controller.abort();
    } }));
    await expect(collect(task, { signal: controller.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect(records.find((r) => r.kind === 'reconnect')).toMatchObject({ delay_ms: 60_000 });
  });

  test('an event longer than maxEventSize ends the loop with a clear error, without reading on', async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write(`data: ${'x'.repeat(200_000)}`); // no newline, ever
    });
    await expect(collect(streamingTask(), { maxEventSize: 64 * 1024 })).rejects.toMatchObject({
      kind: 'invalid_response',
      message: expect.stringContaining('longer than 65536 characters (maxEventSize)'),
    });
    expect(server.requests).toHaveLength(1);
  });

  test('idleTimeout: 0 means no idle limit, as timeout: 0 does', async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      setTimeout(() => res.write(block('1', 'chunk', 'late') + finish('2')), 150);
    });
    expect(chunks(await collect(streamingTask(), { idleTimeout: 0 }))).toEqual(['late']);
    expect(server.requests).toHaveLength(1);
  });
});

test('ten next() calls at once resolve in order with consecutive events', async () => {
  server = await httpServer((_req, res) => {
    sseHead(res);
    res.write(Array.from({ length: 9 }, (_, i) => block(String(i + 1), 'chunk', `c${i}`)).join(''));
    setTimeout(() => res.write(finish('10')), 50);
  });
  const stream = streamingTask().events();
  const results = await Promise.all(Array.from({ length: 10 }, () => stream.next()));
  expect(results.map((r) => (r.done ? 'done' : r.value.type === 'chunk' ? r.value.data : r.value.type))).toEqual([
    'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'task_finished',
  ]);
  expect((await stream.next()).done).toBe(true);
});

describe('ids exposed, and resumable from another process', () => {
  test('every event carries its SSE id, and nothing else is added to its wire envelope', async () => {
    server = await streamServer((_req, res) => res.write(block('41', 'chunk', 'a') + block(undefined, 'chunk', 'b') + finish('43')));
    const events = await collect(streamingTask());
    expect(events.map((e) => e.id)).toEqual(['41', undefined, '43']);
    expect(Object.keys(events[0])).toEqual(['type', 'task_id', 'organization_id', 'time', 'data', 'id']);
    expect(Object.keys(events[1])).not.toContain('id');
  });

  test('tasks.events(task_id, { lastEventId }) resumes without loading the task; a replay up to that id is skipped', async () => {
    server = await streamServer((_req, res) => res.write([1, 2, 3, 4].map((n) => block(String(n), 'chunk', `c${n}`)).join('') + finish('5')));
    const tasks = new Tasks(configurationFor(server.url));
    const events: TaskUpdateEvent[] = [];
    for await (const event of tasks.events('task-1', { lastEventId: '2' })) events.push(event);
    expect(chunks(events)).toEqual(['c3', 'c4']);
    expect(server.requests.map((r) => [r.url, r.headers['last-event-id']])).toEqual([['/org-1/agent-execution/task-1/events', '2']]);
  });

  test('a bad lastEventId is refused before any request', async () => {
    server = await streamServer((_req, res) => res.end());
    const stream = new Tasks(configurationFor(server.url)).events('task-1', { lastEventId: '' });
    await expect(stream.next()).rejects.toMatchObject({ kind: 'invalid_input' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('ids beyond Latin-1, return() with calls pending, quiet servers', () => {
  test('an id above U+00FF is sent back percent-encoded as UTF-8, on reconnect and as lastEventId', async () => {
    server = await streamServer((_req, res, n) => {
      if (n === 0) res.end(block('évé-😀-1', 'chunk', 'first'));
      else res.end(block('2', 'chunk', 'second') + finish('3'));
    });
    const events = await collect(streamingTask());
    expect(chunks(events)).toEqual(['first', 'second']);
    expect(events[0].id).toBe('évé-😀-1');
    // é is Latin-1 and travels as it is; the emoji, which a header cannot carry, as %F0%9F%98%80.
    expect(streamRequests().map((r) => r.headers['last-event-id'])).toEqual([undefined, Buffer.from('évé-%F0%9F%98%80-1', 'latin1').toString('latin1')]);
    const resumed = new Tasks(configurationFor(server.url)).events('task-1', { lastEventId: '任务-7' });
    await resumed.next();
    expect(streamRequests().at(-1)?.headers['last-event-id']).toBe(encodeURIComponent('任务') + '-7');
    await resumed.return();
    await expect(new Tasks(configurationFor(server.url)).events('task-1', { lastEventId: 'a\nb' }).next()).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  test('return() while next() calls wait: they settle as done at once, and the connection closes', async () => {
    const closed: string[] = [];
    server = await httpServer((req, res) => {
      sseHead(res);
      res.write(block('1', 'chunk', 'only'));
      res.on('close', () => closed.push(req.url!)); // then silent, held open
    });
    const stream = streamingTask().events({ idleTimeout: 0 });
    expect((await stream.next()).value).toMatchObject({ data: 'only' });
    const pending = [stream.next(), stream.next()];
    await new Promise((r) => setTimeout(r, 50));
    await stream.return();
    expect(await Promise.all(pending)).toEqual([{ value: undefined, done: true }, { value: undefined, done: true }]);
    expect(await stream.next()).toEqual({ value: undefined, done: true });
    for (let i = 0; i < 50 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(closed).toEqual(['/org-1/agent-execution/task-1/events']);
  });

  test('maxQuietTime: a server that only sends heartbeats is ended with a timeout error; off by default', async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      res.write(block('1', 'chunk', 'hello'));
      const beat = setInterval(() => res.write(': heartbeat\n'), 20);
      res.on('close', () => clearInterval(beat));
    });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of streamingTask().events({ maxQuietTime: 200 })) seen.push(String(event.data));
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['hello']);
    expect(error).toMatchObject({ kind: 'timeout', message: expect.stringContaining('sent no event for 200 ms (maxQuietTime)') });
    // Without the option the same stream goes on past that.
    const stream = streamingTask().events();
    await stream.next();
    const next = stream.next();
    const outcome = await Promise.race([next.then(() => 'event'), new Promise((r) => setTimeout(() => r('still open'), 400))]);
    expect(outcome).toBe('still open');
    await stream.return();
  });
});
