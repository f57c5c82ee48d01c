import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { Task, TaskUpdateEvent } from '../../generated/types.gen.js';
import { type SimulatedAgent, isFinished } from './agent.js';
import type { AgentRegistry } from './agents.js';
import type { FaultQueue } from './faults.js';
import { type Operation, type OperationId, patternOf, unprocessable } from './contract.js';
import { OPERATIONS } from '../../generated/contract.gen.js';
import { type Reply, TAKEN, badRequest, notFound } from './http.js';
import { activityThread, applyCreate, blankTask, listItem } from './model.js';
import { Router } from './router.js';
import type { Validation } from './schema-check.js';
import { type EventIds, eventIdNumber } from './event-ids.js';
import { EventStream } from './sse.js';
import { type TaskStore, now } from './store.js';
import { normalizeDates, taskFieldIssues } from './task-fields.js';

/** What the routes share: the emulator's state. */
export interface Context {
  store: TaskStore;
  agent: SimulatedAgent;
  faults: FaultQueue;
  metrics: unknown[];
  streams: Set<EventStream>;
  heartbeatMs: number;
  agents: AgentRegistry;
  validation: Validation;
  eventIds: EventIds;
  sleep(ms: number): Promise<void>;
}

export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  res: ServerResponse;
  /** Milliseconds to hold the status line back (an armed `delayHeaders` fault). */
  delayMs: number;
}

export type Handler = (ctx: Context, req: RouteRequest) => Reply | typeof TAKEN | Promise<Reply | typeof TAKEN>;

const ok = (body: unknown): Reply => ({ status: 200, body });

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function list(ctx: Context, req: RouteRequest, keep: (task: Task) => boolean): Reply {
  const filters: [string, (task: Task) => unknown][] = [
    ['user_id', (t) => t.input.user?.id],
    ['parent_task_id', (t) => t.parent_execution],
    ['triggering_agent_id', (t) => t.triggering_agent_id],
    ['status', (t) => t.status],
    ['internal_status', (t) => t.internal_status],
  ];
  const active = filters.filter(([name]) => req.query.has(name));
  const tasks = ctx.store.all().map((r) => r.task);
  return ok(tasks.filter((t) => keep(t) && active.every(([name, field]) => field(t) === req.query.get(name))).map(listItem));
}

const listTasks: Handler = (ctx, req) => list(ctx, req, (t) => t.agent_id === req.params.agent_id);

const listUserTasks: Handler = (ctx, req) => {
  req.query.delete('user_id');
  return list(ctx, req, (t) => t.input.user?.id === req.params.user_id);
};

const getTask: Handler = (ctx, req) => ok(ctx.store.require(req.params.task_id).task);

const createTask: Handler = (ctx, req) => {
  const agentId = ctx.agents.require(req.params.id);
  const body = req.body as Record<string, unknown>;
  // Lenient validation lets missing keys through, but a task needs its input.
  if (body.input == null) throw unprocessable([{ type: 'missing', loc: ['body', 'input'], msg: 'Field required', input: body }]);
  const existing = typeof body.id === 'string' ? ctx.store.require(body.id) : undefined;
  const version = header(req.headers, 'x-agent-version');
  const task = applyCreate(existing?.task, agentId, ctx.store.organizationId, body, version);
  const record = existing ?? ctx.store.add(task);
  ctx.agent.start(record, ctx.agents.scenarioOf(agentId));
  return ok(task);
};

// Server-owned: a client echoing a whole task back must not rewrite its identity or history.
const READ_ONLY = new Set(['id', 'agent_id', 'organization_id', 'created_at', 'updated_at']);
// What the Python SDK sends on save but the platform's task model does not hold: measured by
// whoever ran the task, reported through the metrics route, never task state.
const LOCAL_METRICS = new Set(['tokens', 'used_tools', 'duration']);

const updateTask: Handler = (ctx, req) => {
  const record = ctx.store.require(req.params.task_id);
  const { tool_call_payload_extension, ...rest } = req.body as Record<string, unknown>;
  // UpdateTaskRequest takes any Task field (Task.save sends them under their Task names):
  // those are held to their Task schema, and keys that are no Task field are not stored.
  const issues = taskFieldIssues(rest, ctx.validation);
  if (issues.length) throw unprocessable(issues);
  if (tool_call_payload_extension !== undefined) rest.payload_extension = tool_call_payload_extension;
  for (const [key, value] of Object.entries(normalizeDates(rest))) {
    if (!READ_ONLY.has(key) && !LOCAL_METRICS.has(key)) record.task[key] = value;
  }
  ctx.store.emitTask(record, 'task_updated');
  return ok(record.task);
};

const stopTask: Handler = (ctx, req) => {
  const record = ctx.store.require(req.params.id);
  // Idempotent, as the docs say: a task that already finished is returned as it is.
  if (!isFinished(record)) ctx.agent.stop(record);
  return ok(record.task);
};

const getActivity: Handler = (ctx, req) => {
  const record = ctx.store.get(req.params.task_id);
  if (!record || record.task.agent_id !== req.params.agent_id) throw notFound('Log not found');
  return ok(activityThread(record));
};

const reportMetrics: Handler = (ctx, req) => {
  ctx.agents.require(req.params.agent_id);
  ctx.metrics.push(req.body);
  return ok({});
};

const reportTask: Handler = (ctx, req) => {
  ctx.agents.require(req.params.agent_id);
  const body = req.body as Record<string, unknown>;
  const id = typeof body.id === 'string' ? body.id : undefined;
  const existing = id === undefined ? undefined : ctx.store.get(id);
  const input = { text: typeof body.input === 'string' ? body.input : '' };
  const record = existing ?? ctx.store.add(blankTask(id ?? randomUUID(), req.params.agent_id, ctx.store.organizationId, input));
  ctx.agent.halt(record.task.id);
  const finished = now();
  Object.assign(record.task, {
    input: { ...record.task.input, text: input.text },
    status: body.is_success === false ? 'failed' : 'completed',
    result: body.result ?? null,
    started_at: record.task.started_at ?? finished,
    finished_at: finished,
    tokens: body.tokens ?? null,
    used_tools: body.used_tools ?? [],
    duration: body.duration ?? 0,
  });
  if (!existing) ctx.store.emitTask(record, 'task_created');
  ctx.store.emitTask(record, 'task_finished');
  return ok(record.task);
};

const pushEvents: Handler = (ctx, req) => {
  const record = ctx.store.require(req.params.task_id);
  const base = { task_id: record.task.id, organization_id: ctx.store.organizationId, time: now(), data: null };
  for (const event of req.body as TaskUpdateEvent[]) ctx.store.append(record, { ...base, ...event });
  return ok({});
};

const streamTaskEvents: Handler = async (ctx, req): Promise<typeof TAKEN> => {
  const { organization_id, task_id } = req.params;
  if (organization_id !== ctx.store.organizationId) throw notFound(`Organization ${organization_id} not found`);
  const record = ctx.store.require(task_id);
  if (!record.task.events_streaming) throw badRequest(`Task ${task_id} was not created with events_streaming`);
  const lastEventId = header(req.headers, 'last-event-id');
  const after = (lastEventId === undefined ? undefined : eventIdNumber(ctx.eventIds, lastEventId)) ?? record.runStart - 1;
  await ctx.sleep(req.delayMs);
  if (req.res.destroyed) return TAKEN;
  const stream = new EventStream(req.res, record, { after, ids: ctx.eventIds, heartbeatMs: ctx.heartbeatMs, fault: ctx.faults.takeStream() });
  ctx.streams.add(stream);
  req.res.on('close', () => ctx.streams.delete(stream));
  stream.start();
  return TAKEN;
};

/** The handler of each operation of openapi/: the compiler fails when one has none. */
const HANDLERS: Record<OperationId, Handler> = {
  listTasks,
  listUserTasks,
  getTask,
  createTask,
  stopTask,
  updateTask,
  getTaskActivityLog: getActivity,
  reportExecutionMetrics: reportMetrics,
  reportExternalTask: reportTask,
  pushExecutionEvent: pushEvents,
  streamTaskEvents,
};

/** What a path leads to: its operation in openapi/, and the handler that answers it. */
export interface Route {
  operation: Operation;
  handler: Handler;
}

export const router = new Router<Route>();
for (const operation of OPERATIONS) {
  router.on(operation.method, patternOf(operation.path), { operation, handler: HANDLERS[operation.operationId] });
}
