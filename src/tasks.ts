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
  type User,
} from '../generated/types.gen.js';
import { Configuration } from './configuration.js';
import { ModuleException } from './core/errors.js';
import { expectArray, expectObject } from './core/expect.js';
import { type RequestOptions, send } from './core/request.js';
import { checkEnum, checkObject, requireId } from './core/validate.js';
import { Task } from './task.js';
import { TasksListItem } from './tasks-list-item.js';

/** Filters of {@link Tasks.list}, sent as query parameters. */
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

/** Parameters of {@link Tasks.update}. */
export interface UpdateTaskParams {
  /** The task to change. */
  task_id: string;
  /** The new status. */
  status?: AgentExecutionStatus;
  /** The new result. */
  result?: string;
  /** Origin tag. */
  source?: string;
  /** Extra fields merged into every tool-call payload. */
  tool_call_payload_extension?: Record<string, unknown>;
  /** The last workflow node executed. */
  last_executed_node_id?: string;
}

const FILTER_KEYS = ['user_id', 'parent_task_id', 'triggering_agent_id', 'status', 'internal_status'];
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
    const query = checkFilters(filters, FILTER_KEYS);
    const data = await send(this.configuration, 'Failed to list tasks', options, true, (ctx) =>
      api.listTasks({ ...ctx, path: { agent_id }, query }),
    );
    return this.items(data, 'Failed to list tasks');
  }

  /** The tasks of an end user across agents, optionally filtered. */
  async listUserTasks(user_id: string, filters: UserTaskListFilters = {}, options?: RequestOptions): Promise<TasksListItem[]> {
    requireId('user_id', user_id);
    const query = checkFilters(filters, FILTER_KEYS.slice(1));
    const data = await send(this.configuration, 'Failed to list user tasks', options, true, (ctx) =>
      api.listUserTasks({ ...ctx, path: { user_id }, query }),
    );
    return this.items(data, 'Failed to list user tasks');
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
    const data = await send(this.configuration, 'Failed to create task', options, false, (ctx) =>
      api.createTask({ ...ctx, path: { id: agent_id }, body, headers }),
    );
    return new Task(expectObject<TaskData>(data, 'Failed to create task'), this.configuration);
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
    const body: UpdateTaskRequest = {};
    for (const key of ['tool_call_payload_extension', 'source', 'status', 'last_executed_node_id', 'result'] as const) {
      if (params[key] !== undefined && params[key] !== null) (body as Record<string, unknown>)[key] = params[key];
    }
    const data = await send(this.configuration, 'Failed to update task', options, true, (ctx) =>
      api.updateTask({ ...ctx, path: { task_id }, body }),
    );
    return new Task(expectObject<TaskData>(data, 'Failed to update task'), this.configuration);
  }

  /** Stops a task. */
  async stop(task_id: string, options?: RequestOptions): Promise<Task> {
    requireId('task_id', task_id);
    const data = await send(this.configuration, 'Failed to stop task', options, true, (ctx) =>
      api.stopTask({ ...ctx, path: { id: task_id } }),
    );
    return new Task(expectObject<TaskData>(data, 'Failed to stop task'), this.configuration);
  }

  private items(data: unknown, what: string): TasksListItem[] {
    return expectArray<TasksListItemData>(data, what).map((item) => new TasksListItem(item, this.configuration));
  }
}

function checkFilters(filters: unknown, allowed: string[]): Record<string, string> {
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
