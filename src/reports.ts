import * as api from '../generated/sdk.gen.js';
import type { ExecutionMetricsReport, Task as TaskData, TaskReportRequest, Tokens } from '../generated/types.gen.js';
import type { Configuration } from './configuration.js';
import { ModuleException } from './core/errors.js';
import { expectObject } from './core/expect.js';
import { type RequestOptions, send } from './core/request.js';
import { checkObject, requireId } from './core/validate.js';

/** Parameters of `Task.reportExternalTask`. */
export interface ExternalTaskReport {
  /** The agent the task ran for (required). */
  agent_id: string;
  /** Re-using an id updates that record. */
  id?: string;
  /** The input the task ran on. */
  input?: string;
  /** The raw LLM response, any JSON. */
  llm_response?: unknown;
  /** Token use; `total_tokens` is computed. */
  tokens?: Tokens;
  /** Whether it succeeded (default true). */
  is_success?: boolean;
  /** The result text. */
  result?: string;
  /** Seconds. */
  duration?: number;
  /** Names of the tools used. */
  used_tools?: string[];
}

const ZERO: Tokens = { completion_tokens: 0, prompt_tokens: 0, total_tokens: 0 };

/** `Tokens` with the computed `total_tokens` the API expects. */
export function withTotal(tokens: Tokens): Tokens {
  const completion_tokens = tokens.completion_tokens ?? 0;
  const prompt_tokens = tokens.prompt_tokens ?? 0;
  return { completion_tokens, prompt_tokens, total_tokens: completion_tokens + prompt_tokens };
}

/** The Python SDK's metrics body, with the task's real duration and source (it hard-codes 0 and crashes on none). */
export function metricsBody(task: TaskData): ExecutionMetricsReport {
  if (!task.tokens) {
    throw ModuleException.invalidInput('reportMetrics needs task.tokens: set { completion_tokens, prompt_tokens } first');
  }
  const source = task.source ?? 'sdk';
  const orchestrated = Boolean(task.return_metrics) && source === 'orchestration';
  return {
    execution_id: task.id,
    source,
    sub_executions: [],
    memory_thread_id: task.id,
    task: task.input?.text ?? '',
    triggered_by: 'N/A',
    skills: [],
    status: String(task.status ?? 'pending'),
    internal_status: task.internal_status ?? null,
    duration: task.duration ?? 0,
    ai_model: 'xpander',
    worker: null,
    ai_employee_id: null,
    api_calls_made: orchestrated ? [] : (task.used_tools ?? []),
    result: task.result || null,
    llm_tokens: { inner: ZERO, worker: orchestrated ? ZERO : withTotal(task.tokens) },
  };
}

export async function sendMetrics(configuration: Configuration, task: TaskData, options?: RequestOptions): Promise<void> {
  const agent_id = requireId('task.agent_id', task.agent_id);
  const body = metricsBody(task);
  await send(configuration, 'Failed to report metrics', options, false, (ctx) =>
    api.reportExecutionMetrics({ ...ctx, path: { agent_id }, body }),
  );
}

export async function sendExternalTask(
  configuration: Configuration,
  report: ExternalTaskReport,
  options?: RequestOptions,
): Promise<TaskData> {
  checkObject('report', report);
  const agent_id = requireId('agent_id', report.agent_id);
  const body: TaskReportRequest = {
    id: report.id ?? null,
    input: report.input ?? null,
    llm_response: report.llm_response ?? null,
    tokens: report.tokens ? withTotal(report.tokens) : null,
    is_success: report.is_success ?? true,
    result: report.result ?? null,
    duration: report.duration ?? 0,
    used_tools: report.used_tools ?? [],
  };
  const data = await send(configuration, 'Failed to report external task', options, false, (ctx) =>
    api.reportExternalTask({ ...ctx, path: { agent_id }, body }),
  );
  return expectObject<TaskData>(data, 'Failed to report external task');
}
