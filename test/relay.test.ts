import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  Configuration, followRelay, ModuleException, readTaskEvents, toUIMessageStream, type RelayedEvent, type TaskEvents, Tasks, type TaskUpdateEvent,
  toSSEResponse,
} from '../src';
import { type Emulator, SCENARIOS, type Scenario, startEmulator } from '../src/emulator';
import { exampleTask } from '../src/emulator/fixture';
import { configurationFor, failureOf } from './helpers/both-paths';
import { frame, httpServer, sseHead } from './helpers/http-server';

let emulator: Emulator;
let configuration: Configuration;
let tasks: Tasks;

beforeAll(async () => {
  emulator = await startEmulator({ stepMs: 2, agents: Object.fromEntries(SCENARIOS.map((s) => [`agent-${s}`, s])) });
  configuration = new Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id });
  tasks = new Tasks(configuration);
});
afterAll(() => emulator.close());

/** A task of `scenario`, run to its end (pauses resumed), so every follower replays the same log. */
async function finishedTask(scenario: Scenario, extra: Record<string, unknown> = {}): Promise<string> {
  const task = await tasks.create({ agent_id: `agent-${scenario}`, prompt: `relay ${scenario}`, events_streaming: true, ...extra });
  for (;;) {
    emulator.resume(task.id);
    const { status } = await tasks.get(task.id);
    if (status === 'completed' || status === 'failed' || status === 'error' || status === 'stopped') return task.id;
    if (scenario === 'long') await tasks.stop(task.id);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Every event as the SDK's own stream gives it, as JSON (a Task as its redacted JSON). */
async function direct(task_id: string, lastEventId?: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of tasks.events(task_id, { lastEventId })) out.push(asJson(event));
  return out;
}

const asJson = (event: TaskUpdateEvent<unknown> | RelayedEvent) => ({ ...JSON.parse(JSON.stringify(event)), id: event.id });

async function relayed(response: Response): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const event of readTaskEvents(response)) out.push(asJson(event));
  return out;
}

const open = (task_id: string) => (resume: { lastEventId?: string; signal: AbortSignal }) => tasks.events(task_id, resume);

describe('SSE relay round trip', () => {
  test.each(SCENARIOS.filter((s) => s !== 'long'))('%s: the reader gets back exactly the events the SDK streams, ids included', async (scenario) => {
    const task_id = await finishedTask(scenario, scenario === 'json' ? { output_format: 'json', output_schema: { type: 'object', properties: { a: { type: 'string' } } } } : {});
    // The one change a relay makes: secrets redacted (the emulator's token_ready carries an access_token).
    const expected = JSON.parse(JSON.stringify(await direct(task_id)).replaceAll('"access_token":"REDACTED"', '"access_token":"[REDACTED]"'));
    const response = toSSEResponse(open(task_id));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const got = await relayed(response);
    expect(got).toEqual(expected);
    expect(got.at(-1)).toMatchObject({ type: 'task_finished' });
    expect((got as Array<{ id?: string }>).every((e) => typeof e.id === 'string')).toBe(true);
  });

  test('the stream stopped mid-way (long) round-trips too', async () => {
    const task_id = await finishedTask('long');
    expect(await relayed(toSSEResponse(open(task_id)))).toEqual(await direct(task_id));
  });

  test("a reload resumes: the request's Last-Event-ID continues after that event, none twice", async () => {
    const task_id = await finishedTask('happy');
    const all = (await direct(task_id)) as Array<{ id: string }>;
    const request = new Request('http://relay.test/events', { headers: { 'last-event-id': all[4].id } });
    const rest = await relayed(toSSEResponse(open(task_id), { request }));
    expect(rest).toEqual(all.slice(5));
  });

  test('filters: only the chosen types, only the chosen Task fields; secrets never sent', async () => {
    const task = await tasks.create({ agent_id: 'agent-happy', prompt: 'secret', events_streaming: true, user_oidc_token: 'oidc-secret-value-1' });
    await task.wait({ until: 'terminal' });
    const response = toSSEResponse(open(task.id), { types: ['task_created', 'task_finished', 'chunk'], taskFields: ['id', 'status', 'user_oidc_token'] });
    const text = await response.text();
    expect(text).not.toContain('oidc-secret-value-1');
    expect(text).not.toContain(emulator.api_key);
    const events = await relayed(new Response(text));
    expect(new Set(events.map((e) => (e as { type: string }).type))).toEqual(new Set(['task_created', 'chunk', 'task_finished']));
    expect((events[0] as { data: object }).data).toEqual({ id: task.id, status: 'pending', user_oidc_token: '[REDACTED]' });
  });

  test('an upstream failure reaches the reader as a ModuleException saying why', async () => {
    const response = toSSEResponse(open('no-such-task'));
    const error = await failureOf(relayed(response));
    expect(error.message).toContain("The relay's upstream failed:");
    expect(error.message).toContain('404');
    expect(error.message).not.toContain(emulator.api_key);
  });

  test('the browser leaving (the request aborted) closes the upstream connection at once', async () => {
    const closed: string[] = [];
    const upstream = await httpServer((req, res) => {
      sseHead(res);
      res.write(frame(1, 'task_created', exampleTask({ id: 'task-1' })));
      res.write(frame(2, 'chunk', 'hello'));
      res.on('close', () => closed.push(req.url!));
    });
    try {
      const sdk = new Tasks(configurationFor(upstream.url));
      const browser = new AbortController();
      const request = new Request('http://relay.test/events', { signal: browser.signal });
      const response = toSSEResponse((resume) => sdk.events('task-1', resume), { request });
      const reader = readTaskEvents(response);
      expect((await reader.next()).value).toMatchObject({ type: 'task_created', id: '1' });
      expect((await reader.next()).value).toMatchObject({ type: 'chunk', data: 'hello', id: '2' });
      browser.abort();
      for (let i = 0; i < 50 && closed.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(closed).toEqual(['/org-1/agent-execution/task-1/events']);
      await reader.return(undefined);
    } finally {
      await upstream.close();
    }
  });
});

describe('followRelay', () => {
  let relay: Server;
  let relayUrl: string;
  const seenLastEventIds: Array<string | undefined> = [];
  let dropAfter = 0;

  beforeAll(async () => {
    // A relay route on a real socket, as a Node server would host it; it drops the first
    // connection after `dropAfter` events.
    relay = createServer(async (req, res) => {
      const lastEventId = req.headers['last-event-id'] as string | undefined;
      seenLastEventIds.push(lastEventId);
      const task_id = new URL(req.url!, 'http://x').searchParams.get('task')!;
      const response = toSSEResponse(open(task_id), { request: new Request('http://x', { headers: lastEventId ? { 'last-event-id': lastEventId } : {} }) });
      res.writeHead(200, Object.fromEntries(response.headers));
      let sent = 0;
      for await (const chunk of response.body! as unknown as AsyncIterable<Uint8Array>) {
        res.write(chunk);
        if (new TextDecoder().decode(chunk).includes('data:') && ++sent === dropAfter) {
          dropAfter = 0;
          // A FIN mid-body, not a reset: what was sent arrives, then the connection is lost.
          res.socket!.end();
          return;
        }
      }
      res.end();
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    relayUrl = `http://127.0.0.1:${(relay.address() as AddressInfo).port}/events`;
  });
  afterAll(() => new Promise((resolve) => relay.close(resolve)));

  test('resumes with Last-Event-ID after a drop: every event once, in order', async () => {
    const task_id = await finishedTask('happy');
    const expected = await direct(task_id);
    seenLastEventIds.length = 0;
    dropAfter = 4;
    const got: unknown[] = [];
    for await (const event of followRelay(`${relayUrl}?task=${task_id}`)) got.push(asJson(event));
    expect(got).toEqual(expected);
    expect(seenLastEventIds).toEqual([undefined, (expected[3] as { id: string }).id]);
  });
});

describe('the AI SDK UI message stream, read by the real `ai` package', () => {
  /** Runs test/helpers/ai-ui-child.mts (ESM: `ai` ships no CommonJS) and returns what it printed. */
  async function uiMessage(task_id: string): Promise<{ headers: Record<string, string>; parts: Array<Record<string, any>>; pauses: unknown[]; errors: string[]; id: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'helpers/ai-ui-child.mts'), emulator.url, emulator.api_key, emulator.organization_id, task_id], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    return JSON.parse(out);
  }

  test('happy path with a tool call: reasoning, a tool part with its output, the text, the status', async () => {
    const task_id = await finishedTask('happy');
    const { headers, parts, id, errors } = await uiMessage(task_id);
    expect([id, errors]).toEqual([task_id, []]);
    expect(headers['x-vercel-ai-ui-message-stream']).toBe('v1');
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const types = parts.map((p) => p.type);
    expect(types).toEqual(expect.arrayContaining(['step-start', 'reasoning', 'dynamic-tool', 'text', 'data-xpander-status']));
    expect(parts.find((p) => p.type === 'dynamic-tool')).toMatchObject({ toolName: 'search_documents', state: 'output-available', input: { query: 'relay happy' }, output: { documents: ['Notes about relay happy'] } });
    expect(parts.find((p) => p.type === 'text')).toMatchObject({ text: 'Emulated answer to "relay happy" after reading 0 files.', state: 'done' });
    expect(parts.find((p) => p.type === 'data-xpander-status')).toMatchObject({ data: { status: 'completed' } });
  });

  test('a pause comes through as a data part the app can render', async () => {
    const task = await tasks.create({ agent_id: 'agent-approval', prompt: 'approve me', events_streaming: true });
    await task.wait();
    const reading = uiMessage(task.id);
    // The child reads until task_finished: let the run go on once it is reading.
    setTimeout(() => emulator.resume(task.id), 300);
    const { parts, pauses } = await reading;
    expect(pauses).toEqual([{ kind: 'approval', request: expect.objectContaining({ wait_node_id: `${task.id}-approval` }) }, null]);
    // Same id: one part on the page, showing the latest value (null once the pause is over).
    expect(parts.filter((p) => p.type === 'data-xpander-pause')).toEqual([expect.objectContaining({ data: null })]);
  });

  test('a failed task: an error, the failing tool output, and the failed status', async () => {
    const { parts, errors } = await uiMessage(await finishedTask('failure'));
    expect(errors).toEqual([expect.stringContaining('The task failed: Emulated failure')]);
    expect(parts.find((p) => p.type === 'dynamic-tool')).toMatchObject({ state: 'output-error', errorText: '{"error":"Service unavailable"}' });
    expect(parts.find((p) => p.type === 'data-xpander-status')).toMatchObject({ data: { status: 'failed' } });
  });
});

void ({} as TaskEvents);

describe('the reader against a hostile or broken relay', () => {
  const sse = (text: string) => new Response(text, { headers: { 'content-type': 'text/event-stream' } });

  test('data that is not JSON, or an event without a type: invalid_response quoting it', async () => {
    await expect(relayed(sse('id: 1\ndata: {not json\n\n'))).rejects.toMatchObject({ kind: 'invalid_response', message: expect.stringContaining('not JSON: "{not json"') });
    await expect(relayed(sse('data: {"data":1}\n\n'))).rejects.toMatchObject({ kind: 'invalid_response', message: expect.stringContaining('without a type') });
  });

  test('an event longer than maxEventSize ends the read, memory bounded', async () => {
    const huge = `data: ${'x'.repeat(64 * 1024)}`;
    const error = await failureOf((async () => {
      for await (const _e of readTaskEvents(sse(huge), { maxEventSize: 1024 })) {
        // nothing arrives
      }
    })());
    expect(error.kind).toBe('invalid_response');
    expect(error.message).toContain('longer than 1024 characters');
  });

  test('a body that ends without task_finished just ends; an aborted read says so', async () => {
    expect(await relayed(sse('id: 1\ndata: {"type":"chunk","data":"a"}\n\n'))).toEqual([{ type: 'chunk', data: 'a', id: '1' }]);
    const controller = new AbortController();
    controller.abort();
    const error = await failureOf((async () => {
      for await (const _e of readTaskEvents(sse('data: {"type":"chunk","data":"a"}\n\n'), { signal: controller.signal })) {
        // aborted before the first read
      }
    })());
    expect(error.kind).toBe('aborted');
  });

  test('followRelay: a 4xx is a ModuleException at once; a 5xx is retried, then reported', async () => {
    let calls = 0;
    const answering = (status: number): typeof fetch => async () => {
      calls++;
      return new Response('{"detail":"no"}', { status });
    };
    const forbidden = await failureOf((async () => {
      for await (const _e of followRelay('http://relay.test/events', { fetch: answering(403) })) {
        // nothing
      }
    })());
    expect([forbidden.status_code, calls]).toEqual([403, 1]);
    calls = 0;
    const down = await failureOf((async () => {
      for await (const _e of followRelay('http://relay.test/events', { fetch: answering(503), maxReconnects: 1 })) {
        // nothing
      }
    })());
    expect([down.status_code, calls]).toEqual([503, 2]);
  });

  test('the UI message stream reports a failing upstream as an error chunk, then finishes', async () => {
    async function* failing(): AsyncGenerator<TaskUpdateEvent<unknown>> {
      yield { type: 'chunk', task_id: 't', organization_id: 'o', time: 't', data: 'partial ' };
      throw new ModuleException(0, 'The event stream of task t was lost', 'connection');
    }
    const chunks: unknown[] = [];
    const reader = toUIMessageStream(failing()).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    expect(chunks).toEqual([
      { type: 'start' }, { type: 'start-step' },
      { type: 'text-start', id: 'text-1' }, { type: 'text-delta', id: 'text-1', delta: 'partial ' },
      { type: 'text-end', id: 'text-1' }, { type: 'error', errorText: '[0] The event stream of task t was lost' },
      { type: 'finish-step' }, { type: 'finish', finishReason: 'error' },
    ]);
  });
});
