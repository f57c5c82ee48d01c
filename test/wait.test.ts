import { z } from 'zod';
import {
  Configuration, type DebugRecord, isApprovalPause, isAuthPause, isQuestionPause, Task, Tasks,
  type TaskUpdateEvent,
} from '../src';
import { type Emulator, startEmulator } from '../src/emulator';
import { exampleTask } from '../src/emulator/fixture';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { configurationFor, failureOf } from './helpers/both-paths';
import { frame, httpServer, sseHead } from './helpers/http-server';

let emulator: Emulator;
let configuration: Configuration;
let tasks: Tasks;
const log: DebugRecord[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    stepMs: 5,
    agents: {
      'agent-happy': 'happy', 'agent-approval': 'approval', 'agent-auth': 'connector_auth', 'agent-question': 'question',
      'agent-long': 'long', 'agent-json': 'json', 'agent-failure': 'failure',
    },
  });
  configuration = new Configuration({
    base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id, log: (r) => log.push(r),
  });
  tasks = new Tasks(configuration);
});
afterAll(() => emulator.close());
beforeEach(() => {
  emulator.faults.clear();
  log.length = 0;
});

const FAST = { pollInterval: 10 };
const requestsFor = (task: Task) => emulator.requests.filter((r) => r.path.includes(task.id));

describe('task.wait()', () => {
  test('with events_streaming: follows the stream to task_finished, one read of the task at the end', async () => {
    const task = await tasks.create({ agent_id: 'agent-happy', prompt: 'hello', events_streaming: true });
    const events: TaskUpdateEvent[] = [];
    const statuses: string[] = [];
    const same = await task.wait({ onEvent: (e) => events.push(e), onStatus: (t) => statuses.push(String(t.status)) });
    expect(same).toBe(task);
    expect(task.status).toBe('completed');
    expect(task.result).toBe('Emulated answer to "hello" after reading 0 files.');
    expect(events[0].type).toBe('task_created');
    expect(events.at(-1)!.type).toBe('task_finished');
    expect(statuses).toEqual(['executing', 'completed']);
    const reads = requestsFor(task).filter((r) => r.method === 'GET').map((r) => r.path.split('?')[0]);
    expect(reads).toEqual([`/${emulator.organization_id}/agent-execution/${task.id}/events`, `/agent-execution/${task.id}/status`]);
  });

  test('without events_streaming: polls the task until it finishes', async () => {
    const task = await tasks.create({ agent_id: 'agent-happy', prompt: 'poll me' });
    await task.wait(FAST);
    expect(task.status).toBe('completed');
    const reads = requestsFor(task).filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThan(1);
    expect(reads.every((r) => r.path === `/agent-execution/${task.id}/status`)).toBe(true);
  });

  test('a stream that cannot be had: falls back to polling, and says so in the debug log', async () => {
    const task = await tasks.create({ agent_id: 'agent-happy', prompt: 'no stream', events_streaming: true });
    emulator.faults.failNext(403, 1, { path: /\/events$/ });
    await task.wait(FAST);
    expect(task.status).toBe('completed');
    expect(log).toContainEqual(expect.objectContaining({ kind: 'wait_polling', task_id: task.id }));
    expect(requestsFor(task).filter((r) => r.path.endsWith('/status')).length).toBeGreaterThan(0);
  });

  test('a rate-limited poll waits its Retry-After, then polls on', async () => {
    const strict = new Configuration({ ...configOptions(), maxRetries: 0 });
    const task = new Task((await tasks.create({ agent_id: 'agent-happy', prompt: 'slow down' })).toJSON() as never, strict);
    emulator.faults.rateLimitNext(1, 1, { method: 'GET', path: /\/status$/ });
    const started = Date.now();
    await task.wait(FAST);
    expect(task.status).toBe('completed');
    const reads = requestsFor(task).filter((r) => r.method === 'GET');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    // The 429 asked for one second; polling at 10 ms would have finished long before.
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  test.each([
    ['streaming', true],
    ['polling', false],
  ])('timeout (%s): a timeout error that gives the last status', async (_name, events_streaming) => {
    const task = await tasks.create({ agent_id: 'agent-long', prompt: 'forever', events_streaming });
    const error = await failureOf(task.wait({ ...FAST, timeout: 150 }));
    await tasks.stop(task.id);
    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(new RegExp(`Waiting for task ${task.id}: timed out after 150 ms; it is still (pending|executing) and goes on running`));
  });

  test.each(['timeout', 'abort'])('%s while following the stream: the connection is closed at once', async (mode) => {
    const server = await httpServer((req, res) => {
      if (req.url!.endsWith('/events')) {
        sseHead(res);
        res.write(frame(1, 'task_updated', exampleTask({ id: 'task-1', status: 'executing' })));
        res.on('close', () => closed.push(req.url!));
      } else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(exampleTask({ id: 'task-1', status: 'executing' })));
    });
    const closed: string[] = [];
    try {
      const task = new Task(exampleTask({ id: 'task-1', events_streaming: true, status: 'executing' }), configurationFor(server.url));
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const error = await failureOf(task.wait(mode === 'abort' ? { signal: controller.signal } : { timeout: 100 }));
      expect(error.kind).toBe(mode === 'abort' ? 'aborted' : 'timeout');
      for (let i = 0; i < 50 && closed.length === 0; i++) await pause(10);
      expect(closed).toEqual(['/org-1/agent-execution/task-1/events']);
    } finally {
      await server.close();
    }
  });

  test.each([
    ['timeout-stream', 'timeout'],
    ['timeout-poll', 'timeout'],
    ['abort', 'aborted'],
    ['events-until-finished', 'task_finished'],
  ])('after %s, the process exits by itself: no timer or socket left', async (mode, printed) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'helpers/exit-child.ts'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.once('exit', (c, s) => resolve([c, s])));
    clearTimeout(killer);
    expect({ code, signal, out: out.trim() }).toEqual({ code: 0, signal: null, out: printed });
  }, 30_000);

  test('an onEvent that throws ends the wait with its own error, and closes the stream', async () => {
    const task = await tasks.create({ agent_id: 'agent-happy', prompt: 'boom', events_streaming: true });
    const mine = new Error('mine');
    await expect(task.wait({ onEvent: () => { throw mine; } })).rejects.toBe(mine);
  });

  test('bad options are refused before any request', async () => {
    const task = new Task(exampleTask({ id: 'never-read' }), configuration);
    for (const options of [{ until: 'done' }, { pollInterval: 0 }, { timeout: -1 }, { onEvent: 'x' }, { stream: true }, 'fast']) {
      const error = await failureOf(task.wait(options as never));
      expect(error.kind).toBe('invalid_input');
    }
    expect(emulator.requests.some((r) => r.path.includes('never-read'))).toBe(false);
  });
});

describe('pauses', () => {
  test.each([
    ['streaming', true],
    ['polling', false],
  ])('approval (%s): settles paused, with the hitl_request', async (_name, events_streaming) => {
    const task = await tasks.create({ agent_id: 'agent-approval', prompt: 'approve', events_streaming });
    await task.wait(FAST);
    expect(task.status).toBe('paused');
    expect(isApprovalPause(task.pause)).toBe(true);
    expect(task.pause).toEqual({ kind: 'approval', request: expect.objectContaining({ wait_node_id: `${task.id}-approval` }) });
  });

  test('connector auth, polling: the pending_eca_request and its URL', async () => {
    const task = await tasks.create({ agent_id: 'agent-auth', prompt: 'drive' });
    await task.wait(FAST);
    expect(task.status).toBe('executing');
    expect(isAuthPause(task.pause) && task.pause).toEqual(expect.objectContaining({
      kind: 'auth', source: 'connector', name: 'google-drive', url: expect.stringMatching(/^https:\/\/auth\.example\.com\/connect\/google-drive/),
    }));
  });

  test('an MCP login on the stream: settles on the auth_event, its URL on task.pause; a new wait goes past it', async () => {
    const task = await tasks.create({ agent_id: 'agent-auth', prompt: 'login', events_streaming: true });
    await task.wait();
    // The run sets pending_eca_request a step after the login: the final read may see either.
    expect(task.pause).toEqual(expect.objectContaining({ kind: 'auth', source: expect.stringMatching(/^(mcp_oauth|connector)$/), url: expect.stringContaining('https://auth.example.com/') }));
    // The login comes a step before the run pauses for it.
    while (!emulator.resume(task.id)) await pause(5);
    await task.wait({ until: 'terminal' });
    expect(task.status).toBe('completed');
    expect(task.pause).toBeNull();
  });

  test('an MCP login seen only on the stream: task.pause gives its URL and server', async () => {
    const login = { type: 'login_required', data: { url: 'https://login.example.com/mcp', server_url: 'https://mcp.example.com', server_name: 'Docs MCP' } };
    const server = await httpServer((req, res) => {
      if (req.url!.endsWith('/events')) {
        sseHead(res);
        res.write(frame(1, 'task_created', exampleTask({ id: 'task-1', status: 'executing' })));
        res.write(frame(2, 'auth_event', login));
      } else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(exampleTask({ id: 'task-1', status: 'executing' })));
    });
    try {
      const task = new Task(exampleTask({ id: 'task-1', events_streaming: true }), configurationFor(server.url));
      await task.wait();
      expect(task.pause).toEqual({ kind: 'auth', source: 'mcp_oauth', url: 'https://login.example.com/mcp', name: 'Docs MCP', request: login });
      expect(isAuthPause(task.pause)).toBe(true);
    } finally {
      await server.close();
    }
  });

  test('a deep-planning question', async () => {
    const task = await tasks.create({ agent_id: 'agent-question', prompt: 'plan', events_streaming: true });
    await task.wait();
    expect(isQuestionPause(task.pause)).toBe(true);
    expect(task.pause).toEqual({ kind: 'question', plan: expect.objectContaining({ question_raised: true }) });
  });

  test('paused for a reason the SDK does not know: unknown, with the status', () => {
    const task = new Task(exampleTask({ status: 'paused', internal_status: 'waiting for a webhook' }), configuration);
    expect(task.pause).toEqual({ kind: 'unknown', status: 'paused', internal_status: 'waiting for a webhook' });
    expect(new Task(exampleTask({ status: 'completed', hitl_request: { wait_node_id: 'n' } }), configuration).pause).toBeNull();
    expect(new Task(exampleTask({ status: 'executing' }), configuration).pause).toBeNull();
  });

  test.each([
    ['streaming', true],
    ['polling', false],
  ])("until: 'terminal' (%s) waits through a pause that is then resolved", async (_name, events_streaming) => {
    const task = await tasks.create({ agent_id: 'agent-approval', prompt: 'go on', events_streaming });
    const seen: string[] = [];
    await task.wait({
      ...FAST,
      until: 'terminal',
      onStatus: (t) => {
        seen.push(String(t.status));
        if (t.status === 'paused') setTimeout(() => emulator.resume(task.id), 20);
      },
    });
    expect(task.status).toBe('completed');
    expect(seen).toContain('paused');
    expect(seen.at(-1)).toBe('completed');
  });
});

describe('stop and wait', () => {
  test('task.stop({ wait: true }) resolves once the stop has landed', async () => {
    const task = await tasks.create({ agent_id: 'agent-long', prompt: 'stop me' });
    await running(task.id);
    await task.stop({ wait: true, pollInterval: 5 });
    expect(task.status).toBe('stopped');
    expect(task.is_manually_stopped).toBe(true);
    // The DELETE answered before the stop landed (the long scenario takes three more steps).
    const deletes = requestsFor(task).filter((r) => r.method === 'DELETE');
    expect(deletes).toHaveLength(1);
  });

  test('tasks.stop(id, { wait: true }) likewise; without wait the answer is the task as it is', async () => {
    const first = await tasks.create({ agent_id: 'agent-long', prompt: 'one' });
    await running(first.id);
    const immediate = await tasks.stop(first.id);
    expect(immediate.status).not.toBe('stopped');
    const second = await tasks.create({ agent_id: 'agent-long', prompt: 'two' });
    await running(second.id);
    const stopped = await tasks.stop(second.id, { wait: true, pollInterval: 5 });
    expect(stopped.status).toBe('stopped');
  });

  test('stopping a finished task with wait returns it as it is, with no wait', async () => {
    const task = await tasks.run({ agent_id: 'agent-happy', prompt: 'done' }, FAST);
    const before = requestsFor(task).length;
    await task.stop({ wait: true });
    expect(task.status).toBe('completed');
    expect(requestsFor(task).length).toBe(before + 1);
  });
});

describe('tasks.run()', () => {
  test('creates, waits, and returns the task in its final state, each event on the way', async () => {
    const events: string[] = [];
    const task = await tasks.run({ agent_id: 'agent-happy', prompt: 'run it', events_streaming: true }, { onEvent: (e) => events.push(e.type) });
    expect(task.status).toBe('completed');
    expect(task.result).toContain('run it');
    expect(events[0]).toBe('task_created');
    expect(events.at(-1)).toBe('task_finished');
  });

  test('a failed task settles failed, with its message', async () => {
    const task = await tasks.run({ agent_id: 'agent-failure', prompt: 'fail' }, FAST);
    expect(task.status).toBe('failed');
    expect(task.result).toContain('Emulated failure');
  });

  test('an unknown agent fails at create, with nothing to wait for', async () => {
    const error = await failureOf(tasks.run({ agent_id: 'agent-nobody', prompt: 'x' }));
    expect(error.status_code).toBe(404);
  });
});

describe('parseResult()', () => {
  const Answer = z.object({ city: z.string(), population: z.number().int().min(1), tags: z.array(z.string()) });
  const output_schema = z.toJSONSchema(Answer) as Record<string, unknown>;

  test('a JSON result that matches: the typed value', async () => {
    const task = await tasks.run({ agent_id: 'agent-json', prompt: 'city', output_format: 'json', output_schema }, FAST);
    const answer = await task.parseResult(Answer);
    const population: number = answer.population;
    expect(population).toBeGreaterThanOrEqual(1);
    expect(answer).toEqual({ city: expect.any(String), population: 1, tags: [expect.any(String)] });
    expect(await task.parseResult()).toEqual(answer);
  });

  test('a JSON result that does not match: invalid_response listing each issue', async () => {
    const task = await tasks.run({ agent_id: 'agent-json', prompt: 'city', output_format: 'json', output_schema }, FAST);
    const Strict = Answer.extend({ country: z.string() });
    const error = await failureOf(task.parseResult(Strict));
    expect(error.kind).toBe('invalid_response');
    expect(error.message).toContain('does not match the schema: country:');
    expect(error.issues).toEqual([{ loc: ['country'], msg: expect.any(String) }]);
  });

  test('a result that is not JSON: invalid_response quoting it', async () => {
    const task = await tasks.run({ agent_id: 'agent-happy', prompt: 'plain' }, FAST);
    const error = await failureOf(task.parseResult(Answer));
    expect(error.kind).toBe('invalid_response');
    expect(error.message).toContain('is not JSON: "Emulated answer to');
  });

  test('no result yet, or not a schema: invalid_input saying what to do', async () => {
    const pending = new Task(exampleTask({ status: 'executing' }), configuration);
    expect((await failureOf(pending.parseResult())).message).toContain('has no result yet (status executing): wait for it first');
    const done = new Task(exampleTask({ result: '{}' }), configuration);
    expect((await failureOf(done.parseResult({ parse: () => 1 } as never))).kind).toBe('invalid_input');
  });
});

function configOptions() {
  return { base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the task's run has started. */
async function running(task_id: string): Promise<void> {
  while ((await tasks.get(task_id)).status !== 'executing') await pause(5);
}
