/**
 * Fault injection through the public SDK against the local emulator: every promise of
 * shared/api.md's "Events", "Retries and timeouts" and "Errors" sections that a real
 * network can break (drops, stalls, 5xx bursts, rate limits, slow headers, cut bodies,
 * aborts) is held here against what the emulator itself logged and recorded.
 */
import { getEventListeners } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Configuration, type ConfigurationOptions, ModuleException, Task, type TaskUpdateEvent, Tasks } from '../src';
import { type Emulator, type EmulatorOptions, startEmulator } from '../src/emulator/index';
import { SseReader } from './helpers/emulator-sse';
import { taskFixture } from './helpers/fixtures';
import { httpServer, type HttpServer } from './helpers/http-server';

jest.setTimeout(30_000);

const emulators: Emulator[] = [];
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ stepMs: 20, agents: ['agent-1'], ...options });
  emulators.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

function tasksOn(emulator: Emulator, options: ConfigurationOptions = {}): Tasks {
  return new Tasks(
    new Configuration({
      base_url: emulator.url,
      api_key: emulator.api_key,
      organization_id: emulator.organization_id,
      ...options,
    }),
  );
}

async function collect(iterable: AsyncIterable<TaskUpdateEvent>): Promise<TaskUpdateEvent[]> {
  const out: TaskUpdateEvent[] = [];
  for await (const event of iterable) out.push(event);
  return out;
}

/** An event as plain JSON: a hydrated Task in `data` becomes its wire fields again. */
function plain(event: TaskUpdateEvent): Record<string, unknown> {
  // A Task's toJSON gives its wire fields, the non-enumerable secret holders included; the SSE
  // id the SDK adds is compared apart (expectWholeRun).
  const { id: _sseId, ...envelope } = event;
  return JSON.parse(JSON.stringify(envelope));
}

interface Logged {
  id: number;
  event: Record<string, any>;
}

/** The emulator's own log of the task's current run, read raw off the wire once the run is over. */
async function emulatorLog(emulator: Emulator, taskId: string): Promise<Logged[]> {
  const response = await fetch(`${emulator.url}/${emulator.organization_id}/agent-execution/${taskId}/events`, {
    headers: { 'x-api-key': emulator.api_key, accept: 'text/event-stream' },
  });
  expect(response.status).toBe(200);
  const messages = await new SseReader(response).all(); // the emulator ends a finished run's stream
  return messages.filter((m) => m.data !== undefined).map((m) => ({ id: Number(m.id), event: JSON.parse(m.data!) }));
}

/** Full garbage collections, a macrotask apart (WeakRefs are only cleared between jobs). */
async function collectGarbage(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Rejects with a clear message instead of letting a hang run into jest's timeout. */
/**
 * A guard against a hang, not a timing assertion: far above any normal duration, below jest's
 * 30 s, so a call that never ends fails with a message that names it.
 */
const HANG = 20_000;

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const eventPath = (emulator: Emulator, taskId: string) => `/${emulator.organization_id}/agent-execution/${taskId}/events`;
const eventRequests = (emulator: Emulator, taskId: string) =>
  emulator.requests.filter((r) => r.method === 'GET' && r.path === eventPath(emulator, taskId));

/**
 * The SDK's events are exactly the emulator's log of the run: same length, same order,
 * same content; the log's ids are strictly increasing and the run is complete
 * (task_created … task_finished, chunks concatenating to the final result).
 */
async function expectWholeRun(emulator: Emulator, taskId: string, events: TaskUpdateEvent[]): Promise<void> {
  const log = await emulatorLog(emulator, taskId);
  const ids = log.map((l) => l.id);
  expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);
  expect(log[0].event.type).toBe('task_created');
  expect(log[log.length - 1].event.type).toBe('task_finished');
  expect(events.map((e) => e.type)).toEqual(log.map((l) => l.event.type));
  expect(events.map(plain)).toEqual(log.map((l) => l.event));
  expect(events.map((e) => e.id)).toEqual(log.map((l) => String(l.id)));
  const last = events[events.length - 1];
  expect(last.type).toBe('task_finished');
  expect(last.data).toBeInstanceOf(Task);
  const result = (last.data as Task).result;
  expect(result).toMatch(/^Emulated answer to /);
  expect(events.filter((e) => e.type === 'chunk').map((e) => e.data).join('')).toBe(result);
}

describe('event streams under faults', () => {
  test('drops mid-stream: every event exactly once and in order; each reconnect sends Last-Event-ID', async () => {
    // Slow enough that the drops land while the run is still going.
    const emulator = await start({ stepMs: 120 });
    const tasks = tasksOn(emulator);
    emulator.faults.dropStreamAfter(2); // the first connection: cut after event 2
    emulator.faults.dropStreamAfter(3); // the second: cut after 3 more (events 3-5)
    const task = await tasks.create({ agent_id: 'agent-1', prompt: 'Summarise the quarter', events_streaming: true });
    const events = await collect(task.events({ maxReconnects: 3 }));
    await expectWholeRun(emulator, task.id, events);
    const requests = eventRequests(emulator, task.id);
    expect(requests.map((r) => r.headers['last-event-id'])).toEqual([undefined, '2', '5']);
  });

  test('a drop right after the headers (no event yet) resumes without Last-Event-ID and loses nothing', async () => {
    const emulator = await start();
    emulator.faults.dropStreamAfter(0);
    const task = await tasksOn(emulator).create({ agent_id: 'agent-1', prompt: 'Early drop', events_streaming: true });
    const events = await collect(task.events({ maxReconnects: 2 }));
    await expectWholeRun(emulator, task.id, events);
    expect(eventRequests(emulator, task.id).map((r) => r.headers['last-event-id'])).toEqual([undefined, undefined]);
  });

  test('stalled streams (silent, socket open) are resumed after idleTimeout; heartbeats alone keep a slow stream alive', async () => {
    // Events every 250 ms, heartbeats every 60 ms, idleTimeout 180 ms: only a real stall
    // (no byte at all, heartbeats included) may trigger a reconnect.
    const emulator = await start({ stepMs: 250, heartbeatMs: 60 });
    emulator.faults.stallStreamAfter(2);
    emulator.faults.stallStreamAfter(1);
    const task = await tasksOn(emulator).create({ agent_id: 'agent-1', prompt: 'Stall twice', events_streaming: true });
    const events = await collect(task.events({ idleTimeout: 180, maxReconnects: 3 }));
    await expectWholeRun(emulator, task.id, events);
    expect(eventRequests(emulator, task.id).map((r) => r.headers['last-event-id'])).toEqual([undefined, '2', '3']);
  });

  test('after a garbage collection, the idle timeout still resumes a stalled stream', async () => {
    // The abort that ends a stalled read must not depend on objects the SDK no longer holds:
    // undici follows a Request's signal only through a weak reference (nodejs/undici#3644).
    const emulator = await start({ stepMs: 60, heartbeatMs: 10_000 });
    emulator.faults.stallStreamAfter(2);
    const task = await tasksOn(emulator).create({ agent_id: 'agent-1', prompt: 'Stall, then collect', events_streaming: true });
    const iterator = task.events({ idleTimeout: 400, maxReconnects: 2 })[Symbol.asyncIterator]();
    const events: TaskUpdateEvent[] = [];
    for (let i = 0; i < 2; i++) events.push((await iterator.next()).value as TaskUpdateEvent);
    const pending = iterator.next(); // now waiting on the silent socket
    await collectGarbage();
    const rest = within(HANG, 'the stalled stream after a GC', (async () => {
      for (let next = await pending; !next.done; next = await iterator.next()) events.push(next.value);
    })());
    await rest.catch((error) => {
      void iterator.return(undefined); // not awaited: it would wait for the hung read
      throw error;
    });
    await expectWholeRun(emulator, task.id, events);
    expect(eventRequests(emulator, task.id).map((r) => r.headers['last-event-id'])).toEqual([undefined, '2']);
  });

  test("after a garbage collection, the caller's abort still ends a stalled stream at once", async () => {
    const emulator = await start({ stepMs: 60, heartbeatMs: 10_000 });
    emulator.faults.stallStreamAfter(1);
    const task = await tasksOn(emulator).create({ agent_id: 'agent-1', prompt: 'Stall, collect, abort', events_streaming: true });
    const controller = new AbortController();
    const iterator = task.events({ signal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'task_created' });
    const pending = iterator.next();
    await collectGarbage();
    controller.abort();
    const error = await within(HANG, 'the aborted stream after a GC', pending).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'aborted', name: 'AbortError' });
  });

  test('a stall with the default idleTimeout would hang: a small idleTimeout is what resumes it', async () => {
    // Guards the test above: with a huge idleTimeout the stalled stream is never resumed in time.
    const emulator = await start({ heartbeatMs: 10_000 });
    emulator.faults.stallStreamAfter(1);
    const task = await tasksOn(emulator).create({ agent_id: 'agent-1', prompt: 'Stall', events_streaming: true });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 1_500);
    const error = await collect(task.events({ signal: controller.signal })).catch((e) => e);
    clearTimeout(timer);
    expect(error).toMatchObject({ kind: 'aborted', name: 'AbortError' });
    expect(eventRequests(emulator, task.id)).toHaveLength(1);
  });
});

describe('retries on GET, none on POST', () => {
  test('a burst of two 503s on GET: tasks.get() succeeds on the third attempt', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.failNext(503, 2, { method: 'GET' });
    const task = await tasks.get(created.id);
    expect(task.id).toBe(created.id);
    const gets = emulator.requests.filter((r) => r.method === 'GET' && r.path === `/agent-execution/${created.id}/status`);
    expect(gets).toHaveLength(3);
  });

  test('more 503s than maxRetries: a ModuleException 503 of kind http, after maxRetries + 1 attempts', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator, { maxRetries: 1 });
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.failNext(503, 3, { method: 'GET' });
    const error = await tasks.get(created.id).catch((e) => e);
    emulator.faults.clear();
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ status_code: 503, kind: 'http', description: 'Injected 503', name: 'ModuleException' });
    const gets = emulator.requests.filter((r) => r.method === 'GET' && r.path === `/agent-execution/${created.id}/status`);
    expect(gets).toHaveLength(2);
  });

  test.each([
    ['PATCH', (tasks: Tasks, id: string) => tasks.update({ task_id: id, result: 'r' })],
    ['DELETE', (tasks: Tasks, id: string) => tasks.stop(id)],
  ])('a 503 on %s is retried too', async (method, call) => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.failNext(503, 1, { method });
    const task = await call(tasks, created.id);
    expect(task.id).toBe(created.id);
    expect(emulator.requests.filter((r) => r.method === method)).toHaveLength(2);
  });

  test('a 503 on create (POST) is not retried: one POST, the error thrown, no task created', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator, { maxRetries: 5 });
    // Only one failure armed: a retry would succeed and create the task, so the call would resolve.
    emulator.faults.failNext(503, 1, { method: 'POST' });
    const error = await tasks.create({ agent_id: 'agent-1', prompt: 'x' }).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ status_code: 503, kind: 'http' });
    await new Promise((r) => setTimeout(r, 800)); // longer than any backoff a retry would wait
    expect(emulator.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(await tasks.list('agent-1')).toEqual([]);
  });

  test('429 with Retry-After: 1 — the retry waits about a second, then succeeds', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.rateLimitNext(1, 1, { method: 'GET' });
    const started = performance.now();
    const task = await tasks.get(created.id);
    const elapsed = performance.now() - started;
    expect(task.id).toBe(created.id);
    expect(elapsed).toBeGreaterThanOrEqual(900); // a lower bound only: load can only lengthen it
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
  });
});

describe('timeouts and aborts', () => {
  test('headers later than the per-call timeout: kind timeout, name ModuleException, "timed out"', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    // Headers held back past jest's own timeout: had the SDK waited for them, the test would fail.
    emulator.faults.delayHeaders(60_000, 1, { method: 'GET' });
    const started = performance.now();
    const error = await tasks.get(created.id, { timeout: 200, maxRetries: 0 }).catch((e) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'timeout', name: 'ModuleException', status_code: 0 });
    expect(error.message).toMatch(/timed out/);
    expect(elapsed).toBeGreaterThanOrEqual(190);
  });

  test('the per-call timeout covers the whole call: retries left do not stretch it', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.delayHeaders(60_000, 5, { method: 'GET' });
    const error = await tasks.get(created.id, { timeout: 300, maxRetries: 3 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'timeout', name: 'ModuleException' });
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(1); // no retry after the deadline
    emulator.faults.clear();
  });

  test('a GET whose attempt timed out is retried when retries remain, and succeeds', async () => {
    // A per-attempt timeout in the transport (as a proxy or an HTTP agent with a headers
    // timeout gives): the SDK sees a failed attempt within its own deadline and retries.
    const emulator = await start();
    // A plain controller and timer, not AbortSignal.timeout/any: those may be collected mid-call.
    const perAttempt: typeof fetch = async (input, init) => {
      const parent = init?.signal ?? (input instanceof Request ? input.signal : undefined);
      const controller = new AbortController();
      const onAbort = () => controller.abort(parent?.reason);
      parent?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => controller.abort(new DOMException('attempt timed out', 'TimeoutError')), 250);
      try {
        return await fetch(input, { ...init, signal: controller.signal });
      } finally {
        clearTimeout(timer);
        parent?.removeEventListener('abort', onAbort);
      }
    };
    const tasks = tasksOn(emulator, { fetch: perAttempt });
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.delayHeaders(3_000, 1, { method: 'GET' });
    const task = await tasks.get(created.id, { timeout: 10_000, maxRetries: 1 });
    expect(task.id).toBe(created.id);
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(2);
    // Without retries left, the same timed-out attempt is the caller's error.
    emulator.faults.delayHeaders(3_000, 1, { method: 'GET' });
    const error = await tasks.get(created.id, { timeout: 10_000, maxRetries: 0 }).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error.kind).not.toBe('aborted');
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(3);
  });

  test("the caller's AbortSignal: kind aborted, name AbortError, at once", async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.delayHeaders(60_000, 1, { method: 'GET' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await tasks.get(created.id, { signal: controller.signal }).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'aborted', name: 'AbortError', status_code: 0 });
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(1); // aborted, not retried

    // Already aborted: rejected before anything is sent.
    const before = emulator.requests.length;
    const again = await tasks.get(created.id, { signal: AbortSignal.abort() }).catch((e) => e);
    expect(again).toMatchObject({ kind: 'aborted', name: 'AbortError' });
    expect(emulator.requests.length).toBe(before);
  });
});

describe('truncated bodies', () => {
  async function expectInvalidResponse(error: unknown, id: string | undefined) {
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).not.toBeInstanceOf(SyntaxError);
    const e = error as ModuleException;
    expect(e).toMatchObject({ kind: 'invalid_response', status_code: 200, name: 'ModuleException' });
    expect(e.message).toMatch(/200/);
    expect(e.message).toMatch(/expected JSON/);
    // A short quote of what came back (JSON-escaped), not the whole body.
    if (id !== undefined) expect(e.message).toContain(`{\\"id\\":\\"${id}\\"`);
    expect(e.message.length).toBeLessThan(400);
  }

  test('a JSON body cut in half on get(): invalid_response quoting status and snippet, never a SyntaxError', async () => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x'.repeat(500) });
    emulator.faults.truncateNextBody(1, { method: 'GET' });
    const error = await tasks.get(created.id).catch((e) => e);
    await expectInvalidResponse(error, created.id);
    expect(emulator.requests.filter((r) => r.method === 'GET')).toHaveLength(1);
    // The next answer is whole again.
    expect((await tasks.get(created.id)).id).toBe(created.id);
  });

  test.each([
    ['list', (tasks: Tasks) => tasks.list('agent-1')],
    ['create', (tasks: Tasks) => tasks.create({ agent_id: 'agent-1', prompt: 'y' })],
    ['update', (tasks: Tasks, id: string) => tasks.update({ task_id: id, result: 'r' })],
  ])('a cut body on %s is invalid_response too', async (_name, call) => {
    const emulator = await start();
    const tasks = tasksOn(emulator);
    const created = await tasks.create({ agent_id: 'agent-1', prompt: 'x' });
    emulator.faults.truncateNextBody(1);
    const error = await call(tasks, created.id).catch((e) => e);
    await expectInvalidResponse(error, undefined);
  });
});

describe('one AbortSignal reused across many calls', () => {
  let server: HttpServer;
  let url: string;
  const task = JSON.stringify(taskFixture({ id: 'ok' }));
  const finished = JSON.stringify(taskFixture({ id: 'ok', status: 'completed', result: 'done' }));
  const seen = new Map<string, number>();

  beforeAll(async () => {
    server = await httpServer((req, res) => {
      const path = req.url ?? '';
      const n = (seen.get(path) ?? 0) + 1;
      seen.set(path, n);
      if (path.endsWith('/events')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const envelope = (type: string, data: string) =>
          `{"type":"${type}","task_id":"ok","organization_id":"org-1","time":"2026-11-22T10:00:00.000Z","data":${data}}`;
        res.write(`id: 1\ndata: ${envelope('task_created', task)}\n\n`);
        res.write(`id: 2\ndata: ${envelope('task_finished', finished)}\n\n`);
        return; // kept open: the SDK must leave by itself
      }
      const kind = path.split('/')[2]?.split('-')[0];
      const json = (status: number, body: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body);
      };
      if (kind === 'retry' && n === 1) return json(503, '{"detail":"busy"}', { 'retry-after-ms': '0' });
      if (kind === 'missing') return json(404, '{"detail":"Task not found"}');
      if (kind === 'bad') return json(200, '{"id": "cut');
      if (kind === 'slow') return void setTimeout(() => json(200, task), 200);
      if (kind === 'stallbody') {
        // Headers and half the body at once, then silence with the socket open.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(task)) });
        return void res.write(task.slice(0, task.length >> 1));
      }
      return json(200, task);
    });
    url = server.url;
  });
  afterAll(() => server.close());

  const tiny = () => new Tasks(new Configuration({ base_url: url, api_key: 'k', organization_id: 'org-1' }));

  test('2,000 sequential calls (successes, retries, 404s, bad bodies, timeouts) leave no abort listener behind', async () => {
    const tasks = tiny();
    const controller = new AbortController();
    const { signal } = controller;
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);

    // The probe can see a listener: one is there while a call is in flight.
    const inFlight = tasks.get('slow-probe', { signal });
    await new Promise((r) => setTimeout(r, 50));
    expect(getEventListeners(signal, 'abort').length).toBeGreaterThan(0);
    await inFlight;
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);

    const outcomes = new Map<string, number>();
    for (let i = 0; i < 2_000; i++) {
      const kind = i % 50 === 7 ? 'slow' : i % 10 === 1 ? 'retry' : i % 10 === 2 ? 'missing' : i % 10 === 3 ? 'bad' : 'ok';
      const outcome = await tasks.get(`${kind}-${i}`, { signal, timeout: kind === 'slow' ? 40 : 5_000 }).then(
        () => 'ok',
        (e: ModuleException) => e.kind,
      );
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // Every path was taken: success (incl. after a retry), http error, invalid body, timeout.
    expect(Object.fromEntries(outcomes)).toEqual({ ok: 1_560, http: 200, invalid_response: 200, timeout: 40 });
    expect([...seen].filter(([path, n]) => path.includes('/retry-') && n === 2)).toHaveLength(200);
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);

    controller.abort();
    await expect(tasks.get('ok-last', { signal })).rejects.toMatchObject({ kind: 'aborted' });
  }, 60_000);

  test('a body that stops halfway: the per-call timeout covers it, after a garbage collection too', async () => {
    const tasks = tiny();
    const started = performance.now();
    const call = tasks.get('stallbody-1', { timeout: 500, maxRetries: 0 });
    await new Promise((r) => setTimeout(r, 100));
    await collectGarbage();
    const error = await within(HANG, 'the call with a stalled body', call).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'timeout', name: 'ModuleException' });
    expect(error.message).toMatch(/timed out/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  test('200 event streams on one signal (half left early by break) leave no abort listener behind', async () => {
    const configuration = new Configuration({ base_url: url, api_key: 'k', organization_id: 'org-1' });
    const { signal } = new AbortController();
    for (let i = 0; i < 200; i++) {
      const t = new Task(taskFixture({ id: 'ok' }), configuration);
      let count = 0;
      for await (const _event of t.events({ signal })) {
        count++;
        if (i % 2 === 1) break;
      }
      expect(count).toBe(i % 2 === 1 ? 1 : 2);
    }
    expect(getEventListeners(signal, 'abort')).toHaveLength(0);
  });
});
