import * as api from '../generated/sdk.gen.js';
import type { ExecutionMetricsReport, Task as TaskData, TaskReportRequest, Tokens } from '../generated/types.gen.js';
import type { Configuration } from './configuration.js';
import { clientFor } from './core/engine.js';
import { ModuleException } from './core/errors.js';
import { aTask } from './core/expect.js';
import { policy, type RequestOptions } from './core/request.js';
import type { Given } from './core/types.js';
import { checkObject, requireId } from './core/validate.js';

/** Parameters of `Task.reportExternalTask`: the agent, and the TaskReportRequest fields to report. */
export type ExternalTaskReport = {
  /** The agent the task ran for (required). */
  agent_id: string;
} & Given<TaskReportRequest>;

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
  await api.reportExecutionMetrics({
    client: clientFor(configuration),
    path: { agent_id },
    body,
    policy: policy('Failed to report metrics', false, options),
  });
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
  return api.reportExternalTask({
    client: clientFor(configuration),
    path: { agent_id },
    body,
    policy: policy('Failed to report external task', false, options, aTask),
  });
}
