import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CreateTaskRequest, Task, TaskUpdateEvent } from '../generated/types.gen';
import { DEFAULT_AGENTS, type Emulator, type EmulatorOptions, startEmulator } from '../src/emulator/index';
import { validateOperation, validateSchema } from './helpers/contract';
import { createBody } from './helpers/fixtures';
import { SseReader } from './helpers/emulator-sse';

// Every emulator a test starts is closed after it, so jest exits with no handle left open.
const emulators: Emulator[] = [];
async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ stepMs: 5, agents: ['agent-1', 'agent-2'], ...options });
  emulators.push(emulator);
  return emulator;
}
afterEach(async () => {
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
});

let em: Emulator;
beforeEach(async () => {
  em = await start();
});

interface Answer {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

interface CallInit {
  body?: unknown;
  /** Sent as is, for malformed bodies. */
  raw?: string;
  headers?: Record<string, string>;
  /** The API key to send; null sends none. */
  key?: string | null;
  /** Set for bodies that break the contract on purpose. */
  invalidRequest?: boolean;
  emulator?: Emulator;
}

/**
 * One call, held to openapi/tasks.yaml both ways: the request body against the operation's
 * request schema, a JSON success against its response schema, an error against ErrorBody.
 */
async function api(operationId: string, method: string, path: string, init: CallInit = {}): Promise<Answer> {
  const target = init.emulator ?? em;
  const headers: Record<string, string> = { ...init.headers };
  const key = init.key === undefined ? target.api_key : init.key;
  if (key !== null) headers['x-api-key'] = key;
  let payload = init.raw;
  if (init.body !== undefined) {
    if (!init.invalidRequest) validateOperation(operationId, 'request', init.body);
    payload = JSON.stringify(init.body);
  }
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${target.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  const json = response.headers.get('content-type')?.includes('application/json');
  const body = json ? JSON.parse(text) : text;
  if (json && response.ok) validateOperation(operationId, 'response', body);
  if (!response.ok) {
    expect(response.headers.get('content-type')).toBe('application/json');
    // A 422 is FastAPI's list of issues; any other error says what went wrong in words.
    if (response.status === 422) validateSchema('HTTPValidationError', body);
    else {
      validateSchema('ErrorBody', body);
      expect(typeof body.detail).toBe('string');
    }
  }
  return { status: response.status, headers: response.headers, text, body };
}

/** Each issue of a 422 as `loc: type`, in order. */
function issuesOf(answer: Answer): string[] {
  return (answer.body.detail as Array<{ loc: Array<string | number>; type: string }>).map((i) => `${i.loc.join('.')}: ${i.type}`);
}


async function create(overrides: Partial<CreateTaskRequest> = {}, agentId = 'agent-1', emulator = em): Promise<Task> {
  const answer = await api('createTask', 'POST', `/agent-execution/${agentId}`, { body: createBody(overrides), emulator });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function getTask(id: string, emulator = em): Promise<Task> {
  const answer = await api('getTask', 'GET', `/agent-execution/${id}/status`, { emulator });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function waitForStatus(id: string, status: string, emulator = em): Promise<Task> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const task = await getTask(id, emulator);
    if (task.status === status) return task;
    if (Date.now() > deadline) throw new Error(`Task ${id} stayed ${task.status}, expected ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function streamPath(taskId: string, emulator = em, organization = emulator.organization_id): string {
  return `${emulator.url}/${organization}/agent-execution/${taskId}/events`;
}

async function openStream(taskId: string, headers: Record<string, string> = {}, emulator = em): Promise<SseReader> {
  const response = await fetch(streamPath(taskId, emulator), { headers: { 'x-api-key': emulator.api_key, ...headers } });
  expect(response.status).toBe(200);
  return new SseReader(response);
}

interface Received {
  id: number;
  event: TaskUpdateEvent;
}

const LIFECYCLE = new Set(['task_created', 'task_updated', 'task_finished']);

/** Checks an envelope and its data against the contract, by event type. */
function checkEnvelope(event: TaskUpdateEvent): void {
  validateSchema('TaskUpdateEvent', event);
  // An exact set: `task_compactization` also starts with "task" and carries no Task.
  if (LIFECYCLE.has(event.type)) validateSchema('Task', event.data);
  if (event.type === 'tool_call_request') validateSchema('ToolCallRequest', event.data);
  if (event.type === 'tool_call_result') validateSchema('ToolCallResult', event.data);
  if (event.type === 'chunk') expect(typeof event.data).toBe('string');
}

/** Every event of the stream up to its clean end; the `retry:` hint must come first. */
async function readEvents(reader: SseReader): Promise<Received[]> {
  const messages = await reader.all();
  // Every block carries an event, so a reader that dispatches at each blank line gets no empty
  // one; the retry hint rides in the first.
  for (const message of messages) expect(message.data).toEqual(expect.any(String));
  if (messages.length > 0) expect(messages[0].retry).toBe('1000');
  return messages.map(toReceived);
}

function toReceived(message: { id?: string; data?: string }): Received {
  const event = JSON.parse(message.data ?? 'null') as TaskUpdateEvent;
  checkEnvelope(event);
  return { id: Number(message.id), event };
}

const expectedResult = (prompt: string, files: number) =>
  `Emulated answer to "${prompt}" after reading ${files} file${files === 1 ? '' : 's'}.`;

describe('startEmulator', () => {
  test('listens on loopback with the default key and organization', () => {
    expect(em.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(em.api_key).toBe('emulator-key');
    expect(em.organization_id).toBe('org-emulator');
  });

  test('refuses bad options', async () => {
    await expect(startEmulator({ stepMs: -1 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ heartbeatMs: 0 })).rejects.toThrow(RangeError);
    await expect(startEmulator({ api_key: '' })).rejects.toThrow(TypeError);
  });

  test('close() is idempotent and stops listening', async () => {
    const other = await start();
    await Promise.all([other.close(), other.close()]);
    await expect(fetch(`${other.url}/agent-execution/x/status`)).rejects.toThrow();
  });
});

describe('agents', () => {
  const report = {
    execution_id: 'x', source: 'sdk', memory_thread_id: 'x', task: 'Hi', status: 'completed', duration: 1, ai_model: 'xpander', result: null,
  };
  const externalReport = { id: null, input: 'x', llm_response: null, tokens: null, is_success: true, result: 'y', duration: 0, used_tools: [] };

  test('by default only the documented agents exist: create, metrics and reports for another are 404', async () => {
    const plain = await startEmulator({ stepMs: 5 });
    emulators.push(plain);
    expect(DEFAULT_AGENTS).toEqual(expect.arrayContaining(['agent-123', 'agent-demo']));
    const created = await api('createTask', 'POST', '/agent-execution/agent-123', { body: createBody(), emulator: plain });
    expect(created.status).toBe(200);
    for (const [operationId, path, body] of [
      ['createTask', '/agent-execution/agent-unknown', createBody()],
      ['reportExecutionMetrics', '/agents-metrics/agent-unknown/execution', report],
      ['reportExternalTask', '/agent-execution/agent-unknown/report_task', externalReport],
    ] as const) {
      const answer = await api(operationId, 'POST', path, { body, emulator: plain });
      expect([answer.status, answer.body]).toEqual([404, { detail: 'Agent agent-unknown not found' }]);
    }
  });

  test("addAgent() makes one exist while running; agents: 'any' accepts every id", async () => {
    const plain = await startEmulator({ stepMs: 5 });
    const open = await startEmulator({ stepMs: 5, agents: 'any' });
    emulators.push(plain, open);
    expect((await api('createTask', 'POST', '/agent-execution/agent-late', { body: createBody(), emulator: plain })).status).toBe(404);
    plain.addAgent('agent-late');
    expect((await api('createTask', 'POST', '/agent-execution/agent-late', { body: createBody(), emulator: plain })).status).toBe(200);
    expect((await api('createTask', 'POST', '/agent-execution/whatever', { body: createBody(), emulator: open })).status).toBe(200);
  });

  test('bad agent lists are refused', async () => {
    await expect(startEmulator({ agents: [''] })).rejects.toThrow(TypeError);
    await expect(startEmulator({ agents: 'all' as never })).rejects.toThrow(TypeError);
  });
});

describe('CORS, for front ends running against the emulator', () => {
  const ORIGIN = 'http://localhost:5173';

  test('a preflight is answered before the key check, with the methods and headers the SDK uses', async () => {
    const response = await fetch(`${em.url}/agent-execution/agent-123`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key, content-type' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, PATCH, DELETE');
    for (const header of ['content-type', 'x-api-key', 'cache-control', 'last-event-id', 'x-agent-version']) {
      expect(response.headers.get('access-control-allow-headers')).toContain(header);
    }
  });

  test('every answer carries Access-Control-Allow-Origin: a task, an error, the event stream', async () => {
    const task = await create();
    const headers = { origin: ORIGIN, 'x-api-key': em.api_key };
    const ok = await fetch(`${em.url}/agent-execution/${task.id}/status`, { headers });
    const missing = await fetch(`${em.url}/agent-execution/missing/status`, { headers });
    const unauthorized = await fetch(`${em.url}/agent-execution/${task.id}/status`, { headers: { origin: ORIGIN } });
    const controller = new AbortController();
    const stream = await fetch(streamPath(task.id), { headers, signal: controller.signal });
    for (const response of [ok, missing, unauthorized, stream]) {
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('retry-after');
    }
    expect([ok.status, missing.status, unauthorized.status, stream.status]).toEqual([200, 404, 401, 200]);
    controller.abort();
    await Promise.all([ok, missing, unauthorized].map((r) => r.text()));
  });

  test('corsOrigins restricts the origins; false turns CORS off', async () => {
    const listed = await start({ corsOrigins: [ORIGIN] });
    const off = await start({ corsOrigins: false });
    const ask = (target: Emulator, origin: string) =>
      fetch(`${target.url}/agent-execution/x/status`, { headers: { origin, 'x-api-key': target.api_key } });
    const allowed = await ask(listed, ORIGIN);
    expect([allowed.headers.get('access-control-allow-origin'), allowed.headers.get('vary')]).toEqual([ORIGIN, 'origin']);
    expect((await ask(listed, 'http://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await ask(off, ORIGIN)).headers.get('access-control-allow-origin')).toBeNull();
    await expect(startEmulator({ corsOrigins: 'yes' as never })).rejects.toThrow(TypeError);
  });
});

describe('authentication and errors', () => {
  test('401 without the key, with a wrong key, and with the default key when another was set', async () => {
    for (const key of [null, 'wrong', 'EMULATOR-KEY', 'emulator-key, emulator-key']) {
      const answer = await api('getTask', 'GET', '/agent-execution/x/status', { key });
      expect([answer.status, answer.body]).toEqual([401, { detail: 'Invalid API key' }]);
    }
    const custom = await start({ api_key: 'sk-custom', organization_id: 'org-2' });
    expect(custom.api_key).toBe('sk-custom');
    expect((await api('getTask', 'GET', '/agent-execution/x/status', { emulator: custom, key: 'emulator-key' })).status).toBe(401);
    expect((await api('getTask', 'GET', '/agent-execution/x/status', { emulator: custom })).body).toEqual({ detail: 'Task x not found' });
  });

  test('the event stream wants the key too', async () => {
    const task = await create();
    const response = await fetch(streamPath(task.id));
    expect([response.status, await response.json()]).toEqual([401, { detail: 'Invalid API key' }]);
  });

  test('unknown routes are 404, known routes with another method 405, malformed JSON 422', async () => {
    expect((await api('getTask', 'GET', '/nope')).body).toEqual({ detail: 'Not Found' });
    // Exact paths: a doubled or trailing slash is a client bug the emulator must not hide.
    expect((await api('getTask', 'GET', '//agent-execution/x/status')).status).toBe(404);
    expect((await api('getTask', 'GET', '/agent-execution/x/status/')).status).toBe(404);
    const wrongMethod = await api('getTask', 'PUT', '/agent-execution/x/status');
    expect([wrongMethod.status, wrongMethod.headers.get('allow'), wrongMethod.body]).toEqual([405, 'GET', { detail: 'Method Not Allowed' }]);
    expect((await api('createTask', 'GET', '/agent-execution/agent-1')).headers.get('allow')).toBe('POST, DELETE');
    const malformed = await api('createTask', 'POST', '/agent-execution/agent-1', { raw: '{"input":' });
    expect([malformed.status, malformed.body]).toEqual([422, { detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }] }]);
  });
});

describe('tasks', () => {
  test('create answers a pending Task with every field, overrides and agent version stored', async () => {
    const user = { id: 'u-1', email: 'ada@example.com' };
    const answer = await api('createTask', 'POST', '/agent-execution/agent-1', {
      headers: { 'x-agent-version': '7' },
      body: createBody({
        input: { text: 'Summarize', files: ['https://x/a.pdf'], user },
        title: 'Weekly', output_format: 'markdown', think_mode: 'harder', triggering_agent_id: 'agent-0',
        llm_model_provider: 'openai', llm_model_name: 'gpt-5', llm_reasoning_effort: 'xhigh',
      }),
    });
    const task: Task = answer.body;
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(task).toMatchObject({
      agent_id: 'agent-1', organization_id: 'org-emulator', status: 'pending', agent_version: '7',
      input: { text: 'Summarize', files: ['https://x/a.pdf'], user }, title: 'Weekly', output_format: 'markdown',
      think_mode: 'harder', triggering_agent_id: 'agent-0', events_streaming: true, source: 'sdk',
      llm_model_provider: 'openai', llm_model_name: 'gpt-5', llm_reasoning_effort: 'xhigh',
      started_at: null, finished_at: null, result: null, internal_status: null, is_manually_stopped: false,
    });
    for (const key of ['mcp_servers', 'payload_extension', 'parent_execution', 'hitl_request', 'deep_planning', 'updated_at']) {
      expect(task).toHaveProperty(key);
    }
    expect(await getTask(task.id)).toMatchObject({ id: task.id, status: expect.any(String) });
  });

  test('create refuses, with a 422 per problem, what CreateTaskRequest forbids', async () => {
    const refuse = async (body: unknown, expected: string[]) => {
      const answer = await api('createTask', 'POST', '/agent-execution/agent-1', { body, invalidRequest: true });
      expect([answer.status, issuesOf(answer)]).toEqual([422, expected]);
    };
    await refuse([], ['body: dict_type']);
    await refuse({ ...createBody(), input: undefined }, ['body.input: missing']);
    await refuse({ ...createBody(), input: null }, ['body.input: dict_type']);
    await refuse({ ...createBody(), input: { text: 'x', files: 'a.pdf' } }, ['body.input.files: list_type']);
    // The Python SDK's tuple defaults serialize as [null]; the emulator refuses them, not stores them.
    await refuse({ ...createBody(), title: [null] }, ['body.title: string_type']);
    await refuse({ ...createBody(), output_format: 'html', surprise: 1 }, ['body.output_format: enum', 'body.surprise: extra_forbidden']);
    // The document requires the keys the SDK always sends: a body without them says which.
    const { status, body } = await api('createTask', 'POST', '/agent-execution/agent-1', { body: { input: { text: 'x' } }, invalidRequest: true });
    expect([status, body.detail.length, body.detail[0]]).toEqual([422, 20, { type: 'missing', loc: ['body', 'id'], msg: 'Field required', input: { input: { text: 'x' } } }]);
    const unknown = await api('createTask', 'POST', '/agent-execution/agent-1', { body: createBody({ id: 'no-such-task' }) });
    expect([unknown.status, unknown.body]).toEqual([404, { detail: 'Task no-such-task not found' }]);
  });

  test('get answers 404 for an unknown task and the finished task once the agent is done', async () => {
    expect((await api('getTask', 'GET', '/agent-execution/missing/status')).body).toEqual({ detail: 'Task missing not found' });
    const task = await create({ input: { text: 'Hi', files: ['a', 'b'], user: null } });
    const done = await waitForStatus(task.id, 'completed');
    expect(done.result).toBe(expectedResult('Hi', 2));
    expect(Date.parse(done.finished_at ?? '')).toBeGreaterThanOrEqual(Date.parse(done.started_at ?? ''));
  });

  test('create with an existing id continues the task: same id, a new run', async () => {
    const first = await create({ input: { text: 'One', files: [], user: null } });
    await waitForStatus(first.id, 'completed');
    const firstRun = await readEvents(await openStream(first.id));
    const again = await create({ id: first.id, input: { text: 'Two', files: ['f'], user: null } });
    expect(again).toMatchObject({ id: first.id, status: 'pending', result: null, finished_at: null, execution_attempts: 2 });
    expect(again.created_at).toBe(first.created_at);
    expect((await waitForStatus(first.id, 'completed')).result).toBe(expectedResult('Two', 1));
    // A new subscriber gets the current run only; ids go on from the first run's.
    const secondRun = await readEvents(await openStream(first.id));
    expect(secondRun[0].id).toBe(firstRun.length + 1);
    expect(secondRun[0].event).toMatchObject({ type: 'task_created', data: { input: { text: 'Two' } } });
    expect(secondRun.at(-1)?.event.type).toBe('task_finished');
  });

  test('update applies the given keys and logs task_updated', async () => {
    const task = await create();
    await waitForStatus(task.id, 'completed');
    const lastId = (await readEvents(await openStream(task.id))).at(-1)?.id;
    const body = {
      status: 'paused', internal_status: 'waiting for review', result: 'draft', source: 'webhook',
      tool_call_payload_extension: { region: 'eu' }, parent_execution: 'parent-1', custom_flag: true,
      id: 'hijack', created_at: '2000-01-01T00:00:00Z', paused_at: '2026-01-01T10:00:00',
    };
    const answer = await api('updateTask', 'PATCH', `/agent-execution/${task.id}/update`, { body });
    expect(answer.body).toMatchObject({
      id: task.id, created_at: task.created_at, status: 'paused', internal_status: 'waiting for review', result: 'draft',
      source: 'webhook', payload_extension: { region: 'eu' }, parent_execution: 'parent-1',
      paused_at: '2026-01-01T10:00:00.000Z',
    });
    expect(answer.body).not.toHaveProperty('tool_call_payload_extension');
    expect(await getTask(task.id)).toEqual(answer.body);
    const after = await readEvents(await openStream(task.id, { 'last-event-id': String(lastId) }));
    expect(after.map((e) => [e.id, e.event.type])).toEqual([[Number(lastId) + 1, 'task_updated']]);
    expect(after[0].event.data).toEqual(answer.body);
  });

  test('update refuses bad values and unknown tasks', async () => {
    const task = await create();
    const refuse = async (body: unknown, expected: string[]) => {
      const answer = await api('updateTask', 'PATCH', `/agent-execution/${task.id}/update`, { body, invalidRequest: true });
      expect([answer.status, issuesOf(answer)]).toEqual([422, expected]);
    };
    await refuse({ status: 'running' }, ['body.status: enum']);
    await refuse({ status: null }, ['body.status: enum']);
    await refuse({ internal_status: 'x'.repeat(256) }, ['body.internal_status: string_too_long']);
    // Any Task field may be sent (Task.save does), held to its Task schema.
    await refuse({ title: [null], paused_at: 'yesterday' }, ['body.title: string_type', 'body.paused_at: datetime_from_date_parsing']);
    await refuse('paused', ['body: dict_type']);
    const ok = await api('updateTask', 'PATCH', `/agent-execution/${task.id}/update`, { body: { internal_status: 'x'.repeat(255) } });
    expect(ok.status).toBe(200);
    const missing = await api('updateTask', 'PATCH', '/agent-execution/missing/update', { body: { status: 'paused' } });
    expect([missing.status, missing.body]).toEqual([404, { detail: 'Task missing not found' }]);
  });

  test('stop halts the agent, ends the stream with task_finished, and is idempotent', async () => {
    const slow = await start({ stepMs: 100 });
    const task = await create({}, 'agent-1', slow);
    const reader = await openStream(task.id, {}, slow);
    await waitForStatus(task.id, 'executing', slow);
    const stopped = await api('stopTask', 'DELETE', `/agent-execution/${task.id}`, { emulator: slow });
    expect(stopped.body).toMatchObject({ status: 'stopped', is_manually_stopped: true, result: null });
    expect(stopped.body.finished_at).toEqual(expect.any(String));
    const events = await readEvents(reader);
    expect(events.at(-1)?.event).toMatchObject({ type: 'task_finished', data: { status: 'stopped', is_manually_stopped: true } });
    expect(events.map((e) => e.event.type)).not.toContain('chunk');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await getTask(task.id, slow)).toEqual(stopped.body);
    const again = await api('stopTask', 'DELETE', `/agent-execution/${task.id}`, { emulator: slow });
    expect(again.body).toEqual(stopped.body);
    expect(await readEvents(await openStream(task.id, {}, slow))).toHaveLength(events.length);
    expect((await api('stopTask', 'DELETE', '/agent-execution/missing', { emulator: slow })).status).toBe(404);
  });

  test('stop on a task that already completed returns it unchanged, with no new event', async () => {
    const task = await create();
    const done = await waitForStatus(task.id, 'completed');
    const eventsBefore = (await readEvents(await openStream(task.id))).length;
    const stopped = await api('stopTask', 'DELETE', `/agent-execution/${task.id}`);
    expect(stopped.body).toEqual(done);
    expect(await readEvents(await openStream(task.id))).toHaveLength(eventsBefore);
  });

  test("the local metrics the Python SDK sends on save are not stored as task state", async () => {
    const task = await create();
    const saved = await api('updateTask', 'PATCH', `/agent-execution/${task.id}/update`, {
      body: { result: 'r', tokens: { prompt_tokens: 1, completion_tokens: 2 }, used_tools: ['search'], duration: 3 },
    });
    expect(saved.body).toMatchObject({ result: 'r' });
    for (const key of ['tokens', 'used_tools', 'duration']) expect(saved.body).not.toHaveProperty(key);
  });
});

describe('lists', () => {
  test('list an agent’s tasks as a bare array, filtered', async () => {
    const idle = await start({ stepMs: 60_000 });
    const ada = { id: 'u-ada', email: 'ada@example.com' };
    const a = await create({ input: { text: 'A', files: [], user: ada }, title: 'first' }, 'agent-1', idle);
    const b = await create({ input: { text: 'B', files: [], user: null }, triggering_agent_id: 'agent-0' }, 'agent-1', idle);
    const c = await create({ input: { text: 'C', files: [], user: ada } }, 'agent-2', idle);
    await api('updateTask', 'PATCH', `/agent-execution/${b.id}/update`, {
      emulator: idle, body: { status: 'paused', internal_status: 'review', parent_execution: a.id },
    });
    const list = async (query: string, path = '/agent-execution/executions/history/agent-1') => {
      const answer = await api(path.includes('/user/') ? 'listUserTasks' : 'listTasks', 'GET', `${path}${query}`, { emulator: idle });
      expect(answer.status).toBe(200);
      return (answer.body as { id: string }[]).map((item) => item.id);
    };
    expect(await list('')).toEqual([b.id, a.id]);
    const [item] = (await api('listTasks', 'GET', `/agent-execution/executions/history/agent-1?user_id=u-ada`, { emulator: idle })).body;
    expect(item).toEqual({
      id: a.id, agent_id: 'agent-1', organization_id: 'org-emulator', user_id: 'u-ada', parent_task_id: null,
      triggering_agent_id: null, status: 'pending', created_at: a.created_at, updated_at: expect.any(String),
      source_node_type: 'sdk', result: null, title: 'first',
    });
    expect(await list(`?parent_task_id=${a.id}`)).toEqual([b.id]);
    expect(await list('?triggering_agent_id=agent-0')).toEqual([b.id]);
    expect(await list('?status=paused&internal_status=review')).toEqual([b.id]);
    expect(await list('?status=pending')).toEqual([a.id]);
    expect(await list('?status=completed')).toEqual([]);
    expect(await list('', '/agent-execution/executions/history/agent-3')).toEqual([]);
    expect(await list('', '/agent-execution/executions/history/user/u-ada')).toEqual([c.id, a.id]);
    expect(await list('?status=paused', '/agent-execution/executions/history/user/u-ada')).toEqual([]);
    const bad = await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1?status=running', { emulator: idle });
    expect([bad.status, issuesOf(bad)]).toEqual([422, ['query.status: enum']]);
    const unknown = await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1?state=done', { emulator: idle });
    expect([unknown.status, issuesOf(unknown)]).toEqual([422, ['query.state: extra_forbidden']]);
  });
});

describe('event stream', () => {
  test('a full run: lifecycle, think, tool call, ≥4 chunks that make the result, ids 1..n', async () => {
    const task = await create({ input: { text: 'Find the invoices', files: ['a.pdf', 'b.csv', 'c.png'], user: null } });
    const reader = await openStream(task.id);
    expect(reader.response.headers.get('content-type')).toBe('text/event-stream');
    expect(reader.response.headers.get('cache-control')).toBe('no-store');
    const events = await readEvents(reader);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    const types = events.map((e) => e.event.type);
    const chunkCount = types.filter((t) => t === 'chunk').length;
    expect(chunkCount).toBeGreaterThanOrEqual(4);
    expect(types).toEqual([
      'task_created', 'task_updated', 'think', 'tool_call_request', 'tool_call_result',
      ...Array(chunkCount).fill('chunk'), 'task_finished',
    ]);
    for (const { event } of events) expect(event).toMatchObject({ task_id: task.id, organization_id: 'org-emulator' });
    const [created, executing, think, request, result] = events.map((e) => e.event);
    expect(created.data).toMatchObject({ id: task.id, status: 'pending' });
    expect(executing.data).toMatchObject({ status: 'executing', started_at: expect.any(String) });
    expect(think.data).toEqual({ type: 'think', title: 'Planning', thought: expect.any(String) });
    expect(request.data).toMatchObject({ tool_name: 'search_documents', payload: { query: 'Find the invoices' }, reasoning: { title: expect.any(String) } });
    expect(result.data).toMatchObject({ ...(request.data as object), is_error: false, result: expect.anything() });
    const finished = events.at(-1)?.event.data as Task;
    const text = events.filter((e) => e.event.type === 'chunk').map((e) => e.event.data).join('');
    expect(text).toBe(expectedResult('Find the invoices', 3));
    expect(finished).toMatchObject({ status: 'completed', result: text, finished_at: expect.any(String) });
    expect(Date.parse(events[1].event.time)).toBeLessThanOrEqual(Date.parse(events.at(-1)?.event.time ?? ''));
  });

  test('a subscriber that connects after the run gets the whole log, then the end', async () => {
    const task = await create();
    await waitForStatus(task.id, 'completed');
    const events = await readEvents(await openStream(task.id));
    expect(events[0].event.type).toBe('task_created');
    expect(events.at(-1)?.event.type).toBe('task_finished');
  });

  test('Last-Event-ID resumes after that id; at the end there is nothing more', async () => {
    const task = await create();
    await waitForStatus(task.id, 'completed');
    const all = await readEvents(await openStream(task.id));
    const resumed = await readEvents(await openStream(task.id, { 'Last-Event-ID': '5' }));
    expect(resumed.map((e) => e.id)).toEqual(all.slice(5).map((e) => e.id));
    expect(resumed).toEqual(all.slice(5));
    expect(await readEvents(await openStream(task.id, { 'Last-Event-ID': String(all.length) }))).toEqual([]);
  });

  test('Last-Event-ID during a live run: replay, then live events, with no gap or repeat', async () => {
    const slow = await start({ stepMs: 30 });
    const task = await create({}, 'agent-1', slow);
    const first = await openStream(task.id, {}, slow);
    const seen = [toReceived((await first.next())!), toReceived((await first.next())!)];
    await first.cancel();
    const rest = await readEvents(await openStream(task.id, { 'last-event-id': String(seen[1].id) }, slow));
    expect([...seen, ...rest].map((e) => e.id)).toEqual([...seen, ...rest].map((_, i) => i + 1));
    expect(rest.at(-1)?.event.type).toBe('task_finished');
  });

  test('404 for another organization or an unknown task, 400 without events_streaming', async () => {
    const task = await create();
    const quiet = await create({ events_streaming: false });
    const get = async (url: string) => {
      const response = await fetch(url, { headers: { 'x-api-key': em.api_key } });
      expect(response.headers.get('content-type')).toBe('application/json');
      const body = await response.json();
      validateSchema('ErrorBody', body);
      return [response.status, body];
    };
    expect(await get(streamPath(task.id, em, 'org-other'))).toEqual([404, { detail: 'Organization org-other not found' }]);
    expect(await get(streamPath('missing'))).toEqual([404, { detail: 'Task missing not found' }]);
    expect(await get(streamPath(quiet.id))).toEqual([400, { detail: `Task ${quiet.id} was not created with events_streaming` }]);
  });

  test('comment heartbeats keep an idle stream alive without ever closing a block of their own', async () => {
    const idle = await start({ stepMs: 60_000, heartbeatMs: 10 });
    const task = await create({}, 'agent-1', idle);
    const reader = await openStream(task.id, {}, idle);
    // The retry hint rides in the first event's block: no block without an event.
    expect(await reader.next()).toMatchObject({ retry: '1000', id: '1', data: expect.any(String) });
    // Bytes keep flowing, and none of them ends a block.
    expect(await reader.waitForPending(/^(: heartbeat\n){3}/)).not.toMatch(/\n\n/);
    await reader.cancel();
  });

  test('a blank-line-dispatching reader gets data in every block: first connect, heartbeats, resume', async () => {
    const chatty = await start({ stepMs: 15, heartbeatMs: 5 });
    const task = await create({}, 'agent-1', chatty);
    const first = await openStream(task.id, {}, chatty);
    const head = [await first.next(), await first.next()];
    await first.cancel();
    const rest = await (await openStream(task.id, { 'last-event-id': head[1]!.id! }, chatty)).all();
    const blocks = [...head, ...rest] as Array<{ data?: string; id?: string; comments: string[] }>;
    for (const block of blocks) {
      expect(block.data).toEqual(expect.any(String));
      expect(() => JSON.parse(block.data!)).not.toThrow();
      expect(block.id).toEqual(expect.any(String));
    }
    expect(JSON.parse(blocks[blocks.length - 1].data!).type).toBe('task_finished');
    expect(blocks.map((b) => Number(b.id))).toEqual(blocks.map((_, i) => i + 1));
  });

  test('events pushed to a task join its log with the next ids', async () => {
    const task = await create();
    await waitForStatus(task.id, 'completed');
    const lastId = (await readEvents(await openStream(task.id))).length;
    const pushed: TaskUpdateEvent[] = [
      { type: 'auth_event', task_id: task.id, organization_id: 'org-emulator', time: new Date().toISOString(), data: { type: 'token_ready', data: { access_token: 'REDACTED' } } },
      { type: 'task_compactization', task_id: task.id, organization_id: 'org-emulator', time: new Date().toISOString(), data: { type: 'retry', data: { is_retry: true } } },
    ];
    const answer = await api('pushExecutionEvent', 'POST', `/agent-execution/${task.id}/events/push`, { body: pushed });
    expect([answer.status, answer.body]).toEqual([200, {}]);
    const after = await readEvents(await openStream(task.id, { 'last-event-id': String(lastId) }));
    expect(after).toEqual([{ id: lastId + 1, event: pushed[0] }, { id: lastId + 2, event: pushed[1] }]);
    const bad = await api('pushExecutionEvent', 'POST', `/agent-execution/${task.id}/events/push`, { body: { type: 'chunk' }, invalidRequest: true });
    expect([bad.status, issuesOf(bad)]).toEqual([422, ['body: list_type']]);
    expect((await api('pushExecutionEvent', 'POST', '/agent-execution/missing/events/push', { body: pushed })).status).toBe(404);
  });
});

describe('activity log, metrics and external reports', () => {
  test('a completed task’s activity thread has one entry of each kind', async () => {
    const user = { id: 'u-1', email: 'ada@example.com' };
    const task = await create({ input: { text: 'Plan a trip', files: ['x.pdf'], user } });
    const done = await waitForStatus(task.id, 'completed');
    const answer = await api('getTaskActivityLog', 'GET', `/activity/agent-1/${task.id}`);
    validateSchema('AgentActivityThread', answer.body);
    const { messages, ...thread } = answer.body;
    expect(thread).toEqual({ id: task.id, created_at: task.created_at, user });
    const kinds = ['AgentActivityThreadMessage', 'AgentActivityThreadReasoning', 'AgentActivityThreadToolCall', 'AgentActivityThreadSubAgentTrigger', 'AgentActivityThreadAuth', 'AgentActivityThreadMessage'];
    expect(messages).toHaveLength(kinds.length);
    kinds.forEach((kind, i) => validateSchema(kind, messages[i]));
    expect(messages[0]).toMatchObject({ role: 'user', content: { text: 'Plan a trip', files: ['x.pdf'] } });
    expect(messages[1]).toMatchObject({ type: 'think', title: 'Planning' });
    expect(messages[2]).toMatchObject({ tool_name: 'search_documents', payload: { query: 'Plan a trip' }, is_error: false, reasoning: { title: expect.any(String), description: expect.any(String) } });
    expect(messages[3]).toMatchObject({ agent_id: expect.any(String), query: 'Plan a trip', files: [], reasoning: { title: expect.any(String) } });
    expect(messages[4]).toMatchObject({ type: 'token_ready', data: { access_token: 'REDACTED' } });
    expect(messages[5]).toMatchObject({ role: 'agent', content: { text: done.result } });
    expect(new Set(messages.map((m: { id: string }) => m.id)).size).toBe(messages.length);
  });

  test('a task not yet started shows only the user message; unknown tasks are 404 Log not found', async () => {
    const idle = await start({ stepMs: 60_000 });
    const task = await create({}, 'agent-1', idle);
    const answer = await api('getTaskActivityLog', 'GET', `/activity/agent-1/${task.id}`, { emulator: idle });
    expect(answer.body.messages).toEqual([expect.objectContaining({ role: 'user' })]);
    for (const path of ['/activity/agent-1/missing', `/activity/agent-2/${task.id}`]) {
      const missing = await api('getTaskActivityLog', 'GET', path, { emulator: idle });
      expect([missing.status, missing.body]).toEqual([404, { detail: 'Log not found' }]);
    }
  });

  test('execution metrics are recorded and answered with {}', async () => {
    const report = {
      execution_id: 't-1', source: 'sdk', sub_executions: [], memory_thread_id: 't-1', task: 'Hi', triggered_by: 'N/A',
      skills: [], status: 'completed', internal_status: null, duration: 1.5, ai_model: 'xpander', worker: null,
      ai_employee_id: null, api_calls_made: [], result: 'ok',
      llm_tokens: { inner: { completion_tokens: 0, prompt_tokens: 0, total_tokens: 0 }, worker: { completion_tokens: 3, prompt_tokens: 4, total_tokens: 7 } },
    };
    const answer = await api('reportExecutionMetrics', 'POST', '/agents-metrics/agent-1/execution', { body: report });
    expect([answer.status, answer.body]).toEqual([200, {}]);
    expect(em.metrics).toEqual([report]);
    const bad = await api('reportExecutionMetrics', 'POST', '/agents-metrics/agent-1/execution', { body: [report], invalidRequest: true });
    expect([bad.status, issuesOf(bad)]).toEqual([422, ['body: dict_type']]);
    const empty = await api('reportExecutionMetrics', 'POST', '/agents-metrics/agent-1/execution', { body: {}, invalidRequest: true });
    expect([empty.status, issuesOf(empty)]).toEqual([422, ['execution_id', 'source', 'memory_thread_id', 'task', 'status', 'duration', 'ai_model', 'result'].map((k) => `body.${k}: missing`)]);
  });

  test('report_task records an external task, and re-using its id updates it', async () => {
    const report = (over: Record<string, unknown>) => ({
      id: null, input: 'Translate', llm_response: { raw: true }, tokens: { completion_tokens: 1, prompt_tokens: 2, total_tokens: 3 },
      is_success: true, result: 'Traduire', duration: 2, used_tools: ['translate'], ...over,
    });
    const first = await api('reportExternalTask', 'POST', '/agent-execution/agent-1/report_task', { body: report({}) });
    expect(first.body).toMatchObject({ agent_id: 'agent-1', status: 'completed', result: 'Traduire', input: { text: 'Translate' }, used_tools: ['translate'] });
    const id = first.body.id;
    const failed = await api('reportExternalTask', 'POST', '/agent-execution/agent-1/report_task', { body: report({ id, is_success: false, result: 'boom', input: 'Again' }) });
    expect(failed.body).toMatchObject({ id, status: 'failed', result: 'boom', input: { text: 'Again' } });
    expect(await getTask(id)).toEqual(failed.body);
    const chosen = await api('reportExternalTask', 'POST', '/agent-execution/agent-1/report_task', { body: report({ id: 'ext-1' }) });
    expect(chosen.body.id).toBe('ext-1');
    const bad = await api('reportExternalTask', 'POST', '/agent-execution/agent-1/report_task', { body: report({ is_success: 'yes' }), invalidRequest: true });
    expect([bad.status, issuesOf(bad)]).toEqual([422, ['body.is_success: bool_type']]);
  });
});

describe('faults', () => {
  test('dropStreamAfter cuts the socket after n events, once', async () => {
    const task = await create();
    await waitForStatus(task.id, 'completed');
    em.faults.dropStreamAfter(2);
    const reader = await openStream(task.id);
    expect(await reader.next()).toMatchObject({ retry: '1000', id: '1' });
    expect((await reader.next())?.id).toBe('2');
    await expect(reader.next()).rejects.toThrow();
    expect((await readEvents(await openStream(task.id))).at(-1)?.event.type).toBe('task_finished');
  });

  test('dropStreamAfter(0, 2) cuts the next two streams before any event', async () => {
    const task = await create();
    em.faults.dropStreamAfter(0, 2);
    for (let i = 0; i < 2; i++) {
      const reader = await openStream(task.id);
      await expect(reader.next()).rejects.toThrow();
    }
    expect((await readEvents(await openStream(task.id))).length).toBeGreaterThan(4);
  });

  test('stallStreamAfter goes silent after n events, heartbeats included, with the socket open', async () => {
    const chatty = await start({ stepMs: 5, heartbeatMs: 10 });
    const task = await create({}, 'agent-1', chatty);
    chatty.faults.stallStreamAfter(2);
    const reader = await openStream(task.id, {}, chatty);
    expect((await reader.next())?.id).toBe('1');
    expect((await reader.next())?.id).toBe('2');
    expect(await reader.nextWithin(200)).toBe('timeout');
    await reader.cancel();
    await waitForStatus(task.id, 'completed', chatty);
    expect((await readEvents(await openStream(task.id, {}, chatty))).at(-1)?.event.type).toBe('task_finished');
  });

  test('failNext answers the status to matching requests only, without executing them', async () => {
    const task = await create();
    em.faults.failNext(503, 2, { method: 'get', path: /\/status$/ });
    const list = await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1');
    expect(list.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const answer = await api('getTask', 'GET', `/agent-execution/${task.id}/status`);
      expect([answer.status, answer.body]).toEqual([503, { detail: 'Injected 503' }]);
    }
    expect((await api('getTask', 'GET', `/agent-execution/${task.id}/status`)).status).toBe(200);
    em.faults.failNext(500);
    const failedCreate = await api('createTask', 'POST', '/agent-execution/agent-9', { body: createBody() });
    expect([failedCreate.status, failedCreate.body]).toEqual([500, { detail: 'Injected 500' }]);
    expect((await api('listTasks', 'GET', '/agent-execution/executions/history/agent-9')).body).toEqual([]);
  });

  test('rateLimitNext answers 429 with Retry-After', async () => {
    em.faults.rateLimitNext(2, 7, { path: /^\/agent-execution\/executions/ });
    expect((await api('getTask', 'GET', '/agent-execution/x/status')).status).toBe(404);
    for (let i = 0; i < 2; i++) {
      const answer = await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1?status=pending');
      expect([answer.status, answer.headers.get('retry-after'), answer.body]).toEqual([429, '7', { detail: 'Injected 429' }]);
    }
    expect((await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1')).status).toBe(200);
  });

  test('delayHeaders holds the status line back after executing the request', async () => {
    em.faults.delayHeaders(60_000, 1, { method: 'POST' });
    const controller = new AbortController();
    const aborted = fetch(`${em.url}/agent-execution/agent-1`, {
      method: 'POST', headers: { 'x-api-key': em.api_key }, body: JSON.stringify(createBody()), signal: controller.signal,
    });
    while (em.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    await expect(aborted).rejects.toThrow();
    // The client gave up, yet the task exists: what makes blind retries of a create unsafe.
    expect((await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1')).body).toHaveLength(1);
    em.faults.delayHeaders(120);
    const started = Date.now();
    const answer = await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1');
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  test('delayHeaders applies to the event stream too', async () => {
    const task = await create();
    em.faults.delayHeaders(120, 1, { path: /\/events$/ });
    const started = Date.now();
    const reader = await openStream(task.id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
    expect((await readEvents(reader)).at(-1)?.event.type).toBe('task_finished');
  });

  test('truncateNextBody sends a JSON 200 cut in half, then closes', async () => {
    const task = await create();
    await waitForStatus(task.id, 'completed');
    const whole = (await api('getTask', 'GET', `/agent-execution/${task.id}/status`)).text;
    em.faults.truncateNextBody(1, { path: /\/status$/ });
    expect((await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1')).status).toBe(200);
    const response = await fetch(`${em.url}/agent-execution/${task.id}/status`, { headers: { 'x-api-key': em.api_key } });
    expect([response.status, response.headers.get('content-type'), response.headers.get('connection')]).toEqual([200, 'application/json', 'close']);
    const cut = await response.text();
    expect(cut).toBe(whole.slice(0, Math.floor(whole.length / 2)));
    expect(() => JSON.parse(cut)).toThrow();
    expect((await api('getTask', 'GET', `/agent-execution/${task.id}/status`)).text).toBe(whole);
  });

  test('clear() disarms every fault; bad arguments are refused', async () => {
    em.faults.failNext(500, 3);
    em.faults.rateLimitNext(1, 1);
    em.faults.delayHeaders(5000);
    em.faults.truncateNextBody();
    em.faults.dropStreamAfter(0);
    em.faults.stallStreamAfter(0);
    em.faults.clear();
    const task = await create();
    expect((await readEvents(await openStream(task.id))).at(-1)?.event.type).toBe('task_finished');
    expect(() => em.faults.failNext(42)).toThrow(RangeError);
    expect(() => em.faults.failNext(500, 0)).toThrow(RangeError);
    expect(() => em.faults.dropStreamAfter(-1)).toThrow(RangeError);
    expect(() => em.faults.rateLimitNext(1, 1.5)).toThrow(RangeError);
  });
});

describe('recording and shutdown', () => {
  test('every request is recorded with its path, lower-cased headers and parsed body, the key redacted', async () => {
    await api('listTasks', 'GET', '/agent-execution/executions/history/agent-1?status=pending', { headers: { 'X-Trace': 'abc' } });
    await create({ title: 'recorded' });
    await api('getTask', 'GET', '/agent-execution/x/status', { key: null });
    const [list, post, anonymous] = em.requests;
    expect(list).toMatchObject({ method: 'GET', path: '/agent-execution/executions/history/agent-1?status=pending', body: undefined });
    expect(list.headers).toMatchObject({ 'x-api-key': '[REDACTED]', 'x-trace': 'abc' });
    expect(post).toMatchObject({ method: 'POST', path: '/agent-execution/agent-1', body: createBody({ title: 'recorded' }) });
    expect(anonymous.headers).not.toHaveProperty('x-api-key');
    expect(JSON.stringify(em.requests)).not.toContain(em.api_key);
  });

  test('close() ends open streams and agents', async () => {
    const slow = await start({ stepMs: 60_000 });
    const task = await create({}, 'agent-1', slow);
    const reader = await openStream(task.id, {}, slow);
    await reader.next();
    await slow.close();
    const rest = await reader.all().catch(() => []);
    expect(rest.length).toBeLessThanOrEqual(1);
  });

  test('the bin prints its url, key, organization and agents, takes --agent, and stops on SIGTERM', async () => {
    const bin = join(__dirname, '../src/emulator/bin.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', bin, '--port', '0', '--api-key', 'bin-key', '--agent', 'agent-a', '--agent', 'agent-b'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.once('exit', (code) => reject(new Error(`bin exited with ${code}`)));
      });
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+) api_key=bin-key organization_id=org-emulator agents=agent-a,agent-b$/.exec(line);
      expect(match).not.toBeNull();
      const response = await fetch(`${match?.[1]}/agent-execution/executions/history/agent-1`, { headers: { 'x-api-key': 'bin-key' } });
      expect([response.status, await response.json()]).toEqual([200, []]);
      const createFor = (agent: string) =>
        fetch(`${match?.[1]}/agent-execution/${agent}`, { method: 'POST', headers: { 'x-api-key': 'bin-key', 'content-type': 'application/json' }, body: JSON.stringify(createBody()) });
      expect((await createFor('agent-b')).status).toBe(200);
      expect((await createFor('agent-c')).status).toBe(404);
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
