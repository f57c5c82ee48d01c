import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';
import type { Task as TaskData, TaskUpdateEvent } from '../generated/types.gen';
import { type Emulator, SCENARIOS, type Scenario, startEmulator } from '../src/emulator';
import { validateSchema } from './helpers/contract';
import { SseReader } from './helpers/emulator-sse';
import { createBody } from './helpers/fixtures';

/**
 * Every scenario, read as a client in another language would: raw SSE through a lenient reader
 * that makes a message of every blank-line-terminated block. Each stream must reach
 * `task_finished` with no empty message, every event valid against openapi/, and leave the
 * final state the scenario promises.
 */
let em: Emulator;

beforeAll(async () => {
  em = await startEmulator({ stepMs: 2, agents: Object.fromEntries(SCENARIOS.map((s) => [`agent-${s}`, s])) });
});
afterAll(() => em.close());

const OUTPUT = z.object({ city: z.string(), population: z.number().int().min(1), tags: z.array(z.string()).min(2) });
const output_schema = z.toJSONSchema(OUTPUT) as Record<string, unknown>;
const LIFECYCLE = new Set(['task_created', 'task_updated', 'task_finished']);

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${em.url}${path}`, {
    method,
    headers: { 'x-api-key': em.api_key, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function create(scenario: Scenario, extra: Record<string, unknown> = {}): Promise<TaskData> {
  const { status, json } = await call('POST', `/agent-execution/agent-${scenario}`, createBody({ input: { text: `run ${scenario}`, files: [], user: null }, ...extra }));
  expect(status).toBe(200);
  return json;
}

interface Run {
  events: TaskUpdateEvent[];
  final: TaskData;
}

/**
 * Reads the task's stream to its end; `onEvent` may act on the emulator (resume a pause, stop
 * the task). Checks every message: data present, id increasing, envelope and data valid.
 */
async function follow(task: TaskData, onEvent: (event: TaskUpdateEvent) => void | Promise<void> = () => undefined): Promise<Run> {
  const response = await fetch(`${em.url}/${em.organization_id}/agent-execution/${task.id}/events`, { headers: { 'x-api-key': em.api_key } });
  expect(response.status).toBe(200);
  const reader = new SseReader(response);
  const events: TaskUpdateEvent[] = [];
  let lastId = 0;
  for (let message = await reader.next(); message; message = await reader.next()) {
    expect(message.data).toEqual(expect.any(String));
    expect(Number(message.id)).toBeGreaterThan(lastId);
    lastId = Number(message.id);
    const event = JSON.parse(message.data!) as TaskUpdateEvent;
    validateSchema('TaskUpdateEvent', event);
    if (LIFECYCLE.has(event.type)) validateSchema('Task', event.data);
    if (event.type === 'tool_call_request') validateSchema('ToolCallRequest', event.data);
    if (event.type === 'tool_call_result') validateSchema('ToolCallResult', event.data);
    if (event.type === 'plan_updated') validateSchema('DeepPlanning', event.data);
    if (event.type === 'auth_event') validateSchema('MCPOAuthGetTokenResponse', event.data);
    events.push(event);
    await onEvent(event);
  }
  expect(events.at(-1)?.type).toBe('task_finished');
  const { json: final } = await call('GET', `/agent-execution/${task.id}/status`);
  validateSchema('Task', final);
  return { events, final };
}

const types = (run: Run) => run.events.map((e) => e.type);
const snapshots = (run: Run) => run.events.filter((e) => LIFECYCLE.has(e.type)).map((e) => e.data as TaskData);
/** Resumes the task once the run has paused (a pause comes a step after what announces it). */
async function resumeWhenPaused(id: string): Promise<void> {
  for (let i = 0; i < 200 && !em.resume(id); i++) await new Promise((r) => setTimeout(r, 2));
}

test('every scenario is listed, and an unknown one is refused with the list', async () => {
  expect([...SCENARIOS].sort()).toEqual(['approval', 'connector_auth', 'deep_planning', 'error', 'failure', 'happy', 'json', 'long', 'question', 'sub_tasks']);
  await expect(startEmulator({ scenario: 'nope' as Scenario })).rejects.toThrow(/Unknown scenario "nope"; the scenarios are happy, approval/);
  await expect(startEmulator({ agents: { a: 'nope' as Scenario } })).rejects.toThrow(/Unknown scenario/);
});

test('happy: think, tool call, chunks, completed', async () => {
  const run = await follow(await create('happy'));
  expect(types(run)).toEqual(expect.arrayContaining(['task_created', 'think', 'tool_call_request', 'tool_call_result', 'chunk']));
  expect(run.final.status).toBe('completed');
});

test('approval: paused with a hitl_request until resumed, then completed without it', async () => {
  const task = await create('approval');
  const run = await follow(task, (e) => (e.type === 'task_updated' && (e.data as TaskData).status === 'paused' ? resumeWhenPaused(task.id) : undefined));
  const paused = snapshots(run).find((t) => t.status === 'paused');
  expect(paused?.hitl_request).toEqual(expect.objectContaining({ wait_node_id: `${task.id}-approval` }));
  expect(paused?.paused_at).toEqual(expect.any(String));
  expect(run.final).toEqual(expect.objectContaining({ status: 'completed', hitl_request: null, paused_at: null }));
});

test('connector_auth: login_required with its URL, a pending_eca_request, then token_ready and completed', async () => {
  const task = await create('connector_auth');
  const run = await follow(task, (e) => (e.type === 'task_updated' && (e.data as TaskData).pending_eca_request ? resumeWhenPaused(task.id) : undefined));
  const auth = run.events.filter((e) => e.type === 'auth_event').map((e) => e.data as { type: string; data: Record<string, string> });
  expect(auth.map((a) => a.type)).toEqual(['login_required', 'token_ready']);
  expect(auth[0].data.url).toMatch(/^https:\/\/auth\.example\.com\/connect\/google-drive\?task=/);
  expect(snapshots(run).some((t) => t.pending_eca_request?.auth_url === auth[0].data.url)).toBe(true);
  expect(run.final).toEqual(expect.objectContaining({ status: 'completed', pending_eca_request: null }));
});

test('deep_planning: a plan_updated as each item is done, every item done at the end', async () => {
  const run = await follow(await create('deep_planning'));
  const plans = run.events.filter((e) => e.type === 'plan_updated').map((e) => e.data as { tasks: { completed: boolean }[] });
  expect(plans.map((p) => p.tasks.filter((t) => t.completed).length)).toEqual([0, 1, 2, 3]);
  expect(run.final.status).toBe('completed');
  expect(run.final.deep_planning?.tasks?.every((t) => t.completed)).toBe(true);
});

test('question: paused with question_raised until resumed, then completed', async () => {
  const task = await create('question');
  const run = await follow(task, (e) => (e.type === 'task_updated' && (e.data as TaskData).status === 'paused' ? resumeWhenPaused(task.id) : undefined));
  expect(snapshots(run).find((t) => t.status === 'paused')?.deep_planning?.question_raised).toBe(true);
  expect(run.final.status).toBe('completed');
  expect(run.final.deep_planning?.question_raised).toBe(false);
});

test.each([
  ['failure', 'failed', true],
  ['error', 'error', false],
] as const)('%s: ends %s, with its message', async (scenario, status, toolFailed) => {
  const run = await follow(await create(scenario));
  expect(run.final.status).toBe(status);
  expect(run.final.result).toMatch(/^Emulated (failure|error)/);
  const results = run.events.filter((e) => e.type === 'tool_call_result');
  expect(results.map((e) => (e.data as { is_error: boolean }).is_error)).toEqual(toolFailed ? [true] : []);
});

test('long: a stop lands three steps after it is asked; the DELETE answers with the task still running', async () => {
  const task = await create('long');
  let stopAnswer: TaskData | undefined;
  let chunksAfterStop = -1;
  const run = await follow(task, async (e) => {
    if (e.type === 'chunk' && stopAnswer) chunksAfterStop++;
    if (e.type === 'chunk' && !stopAnswer) {
      stopAnswer = (await call('DELETE', `/agent-execution/${task.id}`)).json;
      chunksAfterStop = 0;
    }
  });
  expect(stopAnswer?.status).toBe('executing');
  expect(chunksAfterStop).toBeGreaterThanOrEqual(1);
  expect(chunksAfterStop).toBeLessThanOrEqual(3);
  expect(run.final).toEqual(expect.objectContaining({ status: 'stopped', is_manually_stopped: true }));
  expect(types(run).filter((t) => t === 'chunk').length).toBeLessThan(200);
});

test("json: the result is JSON that matches the task's output_schema", async () => {
  const run = await follow(await create('json', { output_format: 'json', output_schema }));
  const value = JSON.parse(run.final.result!);
  expect(OUTPUT.safeParse(value).success).toBe(true);
  expect(new Ajv2020({ strict: false }).validate(output_schema, value)).toBe(true);
  expect(run.events.filter((e) => e.type === 'chunk').map((e) => e.data).join('')).toBe(run.final.result);
});

test('sub_tasks: two sub-tasks run and finish before the task completes', async () => {
  const task = await create('sub_tasks');
  const run = await follow(task);
  expect(run.final.status).toBe('completed');
  expect(run.final.sub_executions).toHaveLength(2);
  expect([...(run.final.finished_sub_executions ?? [])].sort()).toEqual([...run.final.sub_executions!].sort());
  expect(run.events.filter((e) => e.type === 'sub_agent_trigger')).toHaveLength(2);
  for (const id of run.final.sub_executions!) {
    const { json: child } = await call('GET', `/agent-execution/${id}/status`);
    expect(child).toEqual(expect.objectContaining({ status: 'completed', parent_execution: task.id }));
  }
  const { json: children } = await call('GET', `/agent-execution/executions/history/agent-sub_tasks?parent_task_id=${task.id}`);
  expect(children.map((c: { id: string }) => c.id).sort()).toEqual([...run.final.sub_executions!].sort());
});

test('resume on a task that is not paused is false; addAgent(id, scenario) changes what an agent runs', async () => {
  const task = await create('happy');
  expect(em.resume(task.id)).toBe(false);
  expect(em.resume('no-such-task')).toBe(false);
  em.addAgent('agent-switch', 'failure');
  const { json } = await call('POST', '/agent-execution/agent-switch', createBody());
  expect((await follow(json)).final.status).toBe('failed');
});

test("eventIds: 'opaque' writes ids no client can compare, and resumes after one", async () => {
  const opaque = await startEmulator({ stepMs: 2, eventIds: 'opaque' });
  try {
    const created = await fetch(`${opaque.url}/agent-execution/agent-123`, {
      method: 'POST', headers: { 'x-api-key': opaque.api_key, 'content-type': 'application/json' }, body: JSON.stringify(createBody()),
    }).then((r) => r.json());
    const read = async (lastEventId?: string) => {
      const response = await fetch(`${opaque.url}/${opaque.organization_id}/agent-execution/${created.id}/events`, {
        headers: { 'x-api-key': opaque.api_key, ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
      });
      return new SseReader(response).all();
    };
    const all = await read();
    expect(all.at(-1)?.data).toContain('task_finished');
    expect(all.every((m) => /^ev_[0-9a-z]+_[0-9a-f]{8}$/.test(m.id ?? ''))).toBe(true);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    expect((await read(all[3].id)).map((m) => m.id)).toEqual(all.slice(4).map((m) => m.id));
    await expect(startEmulator({ eventIds: 'uuid' as never })).rejects.toThrow(/eventIds must be 'integer' or 'opaque'/);
  } finally {
    await opaque.close();
  }
});
