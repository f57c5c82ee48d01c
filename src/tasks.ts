import * as api from '../generated/sdk.gen.js';
import {
  AgentExecutionStatus,
  type CreateTaskRequest,
  LlmReasoningEffort,
  type McpServerDetails,
  OutputFormat,
  type Task as TaskData,
  type TasksListItem as TasksListItemData,
  ThinkMode,
  type UpdateTaskRequest,
  type ListTasksData,
  type ListUserTasksData,
  type User,
} from '../generated/types.gen.js';
import { Configuration } from './configuration.js';
import { QUERY_PARAMETERS, UPDATE_FIELDS } from '../generated/facts.gen.js';
import { clientFor } from './core/engine.js';
import { ModuleException } from './core/errors.js';
import { aTask, tasks as taskList } from './core/expect.js';
import { policy, type RequestOptions } from './core/request.js';
import type { Given } from './core/types.js';
import { checkEnum, checkInternalStatus, checkObject, requireId } from './core/validate.js';
import { afterStop, followTask, remaining, Task } from './task.js';
import { DEFAULT_WAIT_TIMEOUT_MS, type RunOptions, type StopOptions } from './wait/types.js';
import type { TaskEventStream } from './events/stream.js';
import type { EventsOptions } from './events/types.js';
import { TasksListItem } from './tasks-list-item.js';

/**
 * Filters of {@link Tasks.list}, sent as query parameters. Written out for their docs; the
 * compile-time check below fails when they drift from the listTasks operation's query.
 */
export interface TaskListFilters {
  /** Tasks of this end user. */
  user_id?: string;
  /** Sub-tasks of this task. */
  parent_task_id?: string;
  /** Tasks triggered by this agent. */
  triggering_agent_id?: string;
  /** Tasks in this status. */
  status?: AgentExecutionStatus;
  /** Tasks with exactly this internal status. */
  internal_status?: string;
}

/** Filters of {@link Tasks.listUserTasks}: those of {@link TaskListFilters} less `user_id`. */
export type UserTaskListFilters = Omit<TaskListFilters, 'user_id'>;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const filtersMatchOpenapi: Same<TaskListFilters, NonNullable<ListTasksData['query']>> &
  Same<UserTaskListFilters, NonNullable<ListUserTasksData['query']>> = true;
void filtersMatchOpenapi;

/** Parameters of {@link Tasks.create}: those of the Python SDK's `Tasks.acreate`, plus the per-task LLM overrides. */
export interface CreateTaskParams {
  /** The agent to run. */
  agent_id: string;
  /** Continue an existing task (same thread). */
  existing_task_id?: string;
  /** Natural-language input. */
  prompt?: string;
  /** URLs of files to attach. */
  file_urls?: string[];
  /** End-user context. */
  user_details?: User;
  /** Pin a version of the agent (sent as the `x-agent-version` header). */
  agent_version?: string | number;
  /** Extra fields merged into every tool-call payload. */
  tool_call_payload_extension?: Record<string, unknown>;
  /** Origin tag. */
  source?: string;
  /** Pin to a worker. */
  worker_id?: string;
  /** Mark as locally executed. */
  run_locally?: boolean;
  /** Format of the result: text, markdown, json or voice. */
  output_format?: OutputFormat;
  /** JSON schema of the output. */
  output_schema?: Record<string, unknown>;
  /** Enables {@link Task.events}. */
  events_streaming?: boolean;
  /** Extra context appended to the system prompt. */
  additional_context?: string;
  /** Extra instructions for this run. */
  instructions_override?: string;
  /** (Internal) test workflow node. */
  test_run_node_id?: string;
  /** OIDC token for connector pre-auth. A secret: never printed. */
  user_oidc_token?: string;
  /** A description of the expected output. */
  expected_output?: string;
  /** Per-task MCP servers. Their `api_key` and `client_secret` are never printed. */
  mcp_servers?: McpServerDetails[];
  /** The agent that triggered this task. */
  triggering_agent_id?: string;
  /** Display title. */
  title?: string;
  /** `default` or `harder`. */
  think_mode?: ThinkMode;
  /** Skip the automatic injection of human-readable file contents. */
  disable_attachment_injection?: boolean;
  /** Return metrics (workflow → agent only). */
  return_metrics?: boolean;
  /** Pre-computed user tokens for MCP auth. A secret: never printed. */
  user_tokens?: Record<string, unknown>;
  /** Per-task LLM provider override, e.g. `"openai"`. */
  llm_model_provider?: string;
  /** Per-task model override, e.g. `"gpt-5"`. */
  llm_model_name?: string;
  /** Per-task reasoning-effort override. */
  llm_reasoning_effort?: LlmReasoningEffort;
}

/** Parameters of {@link Tasks.update}: the task, and the UpdateTaskRequest fields to change. */
export type UpdateTaskParams = {
  /** The task to change. */
  task_id: string;
} & Given<UpdateTaskRequest>;

/**
 * The parameters of {@link CreateTaskParams}: the Python SDK's names, which differ from the
 * wire body's (openapi/ has `input.text`, not `prompt`), so this list is the SDK's own.
 */
const CREATE_KEYS = new Set([
  'agent_id', 'existing_task_id', 'prompt', 'file_urls', 'user_details', 'agent_version',
  'tool_call_payload_extension', 'source', 'worker_id', 'run_locally', 'output_format', 'output_schema',
  'events_streaming', 'additional_context', 'instructions_override', 'test_run_node_id', 'user_oidc_token',
  'expected_output', 'mcp_servers', 'triggering_agent_id', 'title', 'think_mode', 'disable_attachment_injection',
  'return_metrics', 'user_tokens', 'llm_model_provider', 'llm_model_name', 'llm_reasoning_effort',
]);

/**
 * The Tasks module: list, get, create, update and stop tasks.
 *
 * @example
 * ```ts
 * const tasks = new Tasks();
 * const task = await tasks.create({
 *   agent_id: 'agent-123',
 *   prompt: 'Analyze the sales data',
 *   file_urls: ['https://example.com/sales_data.csv'],
 *   events_streaming: true,
 * });
 * console.log(`Created task: ${task.id}`);
 * ```
 */
export class Tasks {
  /** The configuration every call of this module uses. */
  readonly configuration: Configuration;

  constructor(configuration: Configuration = new Configuration()) {
    this.configuration = configuration;
  }

  /** The tasks of an agent, optionally filtered. */
  async list(agent_id: string, filters: TaskListFilters = {}, options?: RequestOptions): Promise<TasksListItem[]> {
    requireId('agent_id', agent_id);
    const query = checkFilters(filters, QUERY_PARAMETERS.listTasks);
    const data = await api.listTasks({
      client: clientFor(this.configuration),
      path: { agent_id },
      query,
      policy: policy('Failed to list tasks', true, options, taskList),
    });
    return this.items(data);
  }

  /** The tasks of an end user across agents, optionally filtered. */
  async listUserTasks(user_id: string, filters: UserTaskListFilters = {}, options?: RequestOptions): Promise<TasksListItem[]> {
    requireId('user_id', user_id);
    const query = checkFilters(filters, QUERY_PARAMETERS.listUserTasks);
    const data = await api.listUserTasks({
      client: clientFor(this.configuration),
      path: { user_id },
      query,
      policy: policy('Failed to list user tasks', true, options, taskList),
    });
    return this.items(data);
  }

  /**
   * A task by id.
   *
   * @example
   * ```ts
   * const task = await tasks.get('task-456');
   * console.log(`Task status: ${task.status}`);
   * ```
   */
  get(task_id: string, options?: RequestOptions): Promise<Task> {
    return Task.load(task_id, this.configuration, options);
  }

  /**
   * Creates a task; it starts `pending`. Never retried automatically, so a network failure
   * cannot create it twice.
   */
  async create(params: CreateTaskParams, options?: RequestOptions): Promise<Task> {
    const { agent_id, agent_version } = checkCreate(params);
    const body = createBody(params);
    const headers = agent_version ? { 'x-agent-version': String(agent_version) } : undefined;
    const data = await api.createTask({
      client: clientFor(this.configuration),
      path: { id: agent_id },
      body,
      headers,
      policy: policy('Failed to create task', false, options, aTask),
    });
    return new Task(data, this.configuration);
  }

  /**
   * Changes the status, result, source, tool-call payload extension or last executed node
   * of a task. Only the keys given are sent.
   *
   * @example
   * ```ts
   * await tasks.update({ task_id: 'task-456', status: AgentExecutionStatus.Completed, result: 'Analysis completed successfully' });
   * ```
   */
  async update(params: UpdateTaskParams, options?: RequestOptions): Promise<Task> {
    checkObject('update parameters', params);
    const task_id = requireId('task_id', params.task_id);
    checkEnum('status', params.status, AgentExecutionStatus);
    checkInternalStatus(params.internal_status);
    for (const key of Object.keys(params)) {
      if (key !== 'task_id' && !(UPDATE_FIELDS as readonly string[]).includes(key)) {
        throw ModuleException.invalidInput(`Unknown update parameter ${JSON.stringify(key)}; the fields are ${UPDATE_FIELDS.join(', ')}`);
      }
    }
    const body: Record<string, unknown> = {};
    for (const key of UPDATE_FIELDS) {
      if (params[key] !== undefined && params[key] !== null) body[key] = params[key];
    }
    const data = await api.updateTask({
      client: clientFor(this.configuration),
      path: { task_id },
      body,
      policy: policy('Failed to update task', true, options, aTask),
    });
    return new Task(data, this.configuration);
  }

  /**
   * Follows a task's events by id, without loading it first: for a process that picks up a
   * stream another one started (a serverless function, a page reload), with `lastEventId` the
   * `id` of the last event it handled.
   *
   * @example
   * ```ts
   * for await (const event of tasks.events('task-456', { lastEventId: saved })) save(event.id);
   * ```
   */
  events(task_id: string, options?: EventsOptions): TaskEventStream {
    requireId('task_id', task_id);
    return followTask(task_id, this.configuration, options);
  }

  /**
   * Stops a task. With `{ wait: true }`, resolves once the platform reports it finished
   * (see {@link Task.stop}).
   */
  async stop(task_id: string, options?: StopOptions): Promise<Task> {
    requireId('task_id', task_id);
    const { wait, pollInterval, ...request } = checkObject('stop options', options ?? {}) as StopOptions;
    const startedAt = Date.now();
    const data = await api.stopTask({
      client: clientFor(this.configuration),
      path: { id: task_id },
      policy: policy('Failed to stop task', true, request, aTask),
    });
    return afterStop(new Task(data, this.configuration), wait, { signal: request.signal, pollInterval, timeout: request.timeout }, startedAt);
  }

  /**
   * Creates a task and waits until it is settled (see {@link Task.wait}): the simplest way to
   * get a result. The returned task holds the final state; `onEvent` receives each event while
   * it runs, when it has `events_streaming`. `timeout` (one hour by default) and `signal`
   * cover the create call and the wait together.
   *
   * @example
   * ```ts
   * const task = await tasks.run({ agent_id: 'agent-123', prompt: 'Summarize the Q3 report' });
   * console.log(task.status, task.result);
   * ```
   */
  async run(params: CreateTaskParams, options: RunOptions = {}): Promise<Task> {
    checkObject('run options', options);
    const startedAt = Date.now();
    const timeout = options.timeout ?? DEFAULT_WAIT_TIMEOUT_MS;
    // The create call keeps its own, shorter limit when the whole run may take longer.
    const createTimeout = timeout === 0 ? undefined : Math.min(timeout, this.configuration.timeout || timeout);
    const task = await this.create(params, { signal: options.signal, timeout: createTimeout });
    return task.wait({ ...options, timeout: remaining(timeout, startedAt) });
  }

  private items(data: TasksListItemData[]): TasksListItem[] {
    return data.map((item) => new TasksListItem(item, this.configuration));
  }
}

function checkFilters(filters: unknown, allowed: readonly string[]): Record<string, string> {
  const given = checkObject('filters', filters);
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined || value === null) continue;
    if (!allowed.includes(key)) {
      throw ModuleException.invalidInput(`Unknown filter ${JSON.stringify(key)}; the filters are ${allowed.join(', ')}`);
    }
    if (typeof value !== 'string') throw ModuleException.invalidInput(`filter ${key} must be a string`);
    query[key] = value;
  }
  checkEnum('status filter', query.status, AgentExecutionStatus);
  return query;
}

function checkCreate(params: CreateTaskParams): CreateTaskParams {
  checkObject('create parameters', params);
  requireId('agent_id', params.agent_id);
  for (const key of Object.keys(params)) {
    if (!CREATE_KEYS.has(key)) throw ModuleException.invalidInput(`Unknown create parameter ${JSON.stringify(key)}`);
  }
  const { file_urls, mcp_servers, prompt } = params;
  if (prompt !== undefined && typeof prompt !== 'string') throw ModuleException.invalidInput('prompt must be a string');
  if (file_urls !== undefined && (!Array.isArray(file_urls) || file_urls.some((u) => typeof u !== 'string'))) {
    throw ModuleException.invalidInput('file_urls must be an array of URL strings');
  }
  if (mcp_servers !== undefined && !Array.isArray(mcp_servers)) throw ModuleException.invalidInput('mcp_servers must be an array');
  if (params.existing_task_id !== undefined) requireId('existing_task_id', params.existing_task_id);
  checkEnum('output_format', params.output_format, OutputFormat);
  checkEnum('think_mode', params.think_mode, ThinkMode);
  checkEnum('llm_reasoning_effort', params.llm_reasoning_effort, LlmReasoningEffort);
  return params;
}

/** The body the Python SDK sends: its 21 keys always, nulls included; the LLM overrides only when given. */
function createBody(p: CreateTaskParams): CreateTaskRequest {
  const body: CreateTaskRequest = {
    id: p.existing_task_id ?? null,
    input: { text: p.prompt ?? '', files: p.file_urls ?? [], user: p.user_details ?? null },
    payload_extension: p.tool_call_payload_extension ?? null,
    source: p.source ?? null,
    worker_id: p.worker_id ?? null,
    output_format: p.output_format ?? null,
    output_schema: p.output_schema ?? null,
    run_locally: p.run_locally ?? false,
    events_streaming: p.events_streaming ?? false,
    additional_context: p.additional_context ?? null,
    instructions_override: p.instructions_override ?? null,
    test_run_node_id: p.test_run_node_id ?? null,
    user_oidc_token: p.user_oidc_token ?? null,
    expected_output: p.expected_output ?? null,
    mcp_servers: p.mcp_servers ?? [],
    triggering_agent_id: p.triggering_agent_id ?? null,
    title: p.title ?? null,
    think_mode: p.think_mode ?? ThinkMode.Default,
    disable_attachment_injection: p.disable_attachment_injection ?? false,
    user_tokens: p.user_tokens ?? null,
    return_metrics: p.return_metrics ?? false,
  };
  if (p.llm_model_provider !== undefined) body.llm_model_provider = p.llm_model_provider;
  if (p.llm_model_name !== undefined) body.llm_model_name = p.llm_model_name;
  if (p.llm_reasoning_effort !== undefined) body.llm_reasoning_effort = p.llm_reasoning_effort;
  return body;
}
