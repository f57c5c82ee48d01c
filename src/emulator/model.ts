import { randomUUID } from 'node:crypto';
import { exampleTask } from './fixture.js';
import type { AgentActivityThread, AgentExecutionInput, Task, TasksListItem } from '../../generated/types.gen.js';
import { schemaNamed } from './schema-check.js';
import { type TaskRecord, now } from './store.js';
import { isTaskField } from './task-fields.js';

/**
 * Keys of a create request that live on the task as they are: CreateTaskRequest's properties
 * that are Task fields too, less the id (the server's) and the input (normalized below).
 */
const CREATE_KEYS = Object.keys(schemaNamed('CreateTaskRequest').properties as object).filter(
  (key) => key !== 'id' && key !== 'input' && isTaskField(key),
);

export function normalizeInput(input: AgentExecutionInput): AgentExecutionInput {
  return { ...input, text: input.text ?? '', files: input.files ?? [], user: input.user ?? null };
}

/** Every field the service sends for a fresh task, null where nothing is set yet. */
export function blankTask(id: string, agentId: string, organizationId: string, input: AgentExecutionInput): Task {
  const created = now();
  return exampleTask({ id, agent_id: agentId, organization_id: organizationId, input: normalizeInput(input), created_at: created, updated_at: created });
}

/** A checked create request applied to a new task, or to an existing one for its next run. */
export function applyCreate(
  existing: Task | undefined,
  agentId: string,
  organizationId: string,
  body: Record<string, unknown>,
  agentVersion: string | undefined,
): Task {
  const input = body.input as AgentExecutionInput;
  const task = existing ?? blankTask(randomUUID(), agentId, organizationId, input);
  for (const key of CREATE_KEYS) if (body[key] !== undefined) (task as Record<string, unknown>)[key] = body[key];
  task.mcp_servers ??= [];
  task.think_mode ??= 'default';
  if (agentVersion !== undefined) task.agent_version = agentVersion;
  if (existing) {
    Object.assign(task, {
      input: normalizeInput(input), status: 'pending', started_at: null, paused_at: null, finished_at: null,
      result: null, is_manually_stopped: false, execution_attempts: (existing.execution_attempts ?? 0) + 1,
    });
  }
  return task;
}

export function listItem(task: Task): TasksListItem {
  return {
    id: task.id,
    agent_id: task.agent_id,
    organization_id: task.organization_id,
    user_id: task.input.user?.id ?? null,
    parent_task_id: task.parent_execution ?? null,
    triggering_agent_id: task.triggering_agent_id ?? null,
    status: task.status ?? 'pending',
    created_at: task.created_at,
    updated_at: task.updated_at ?? task.created_at,
    source_node_type: task.source ?? null,
    result: task.result ?? null,
    title: task.title ?? null,
  };
}

/** The simulated agent's answer: it depends on nothing but the input, so tests can predict it. */
export function answer(input: AgentExecutionInput): string {
  const files = input.files?.length ?? 0;
  return `Emulated answer to "${input.text ?? ''}" after reading ${files} file${files === 1 ? '' : 's'}.`;
}

/** `text` in 4 to 8 word-aligned fragments that concatenate back to it exactly. */
export function chunks(text: string): string[] {
  const words = text.match(/^\s*\S+\s*|\S+\s*/g) ?? [text];
  const parts = Math.min(8, Math.max(4, words.length));
  const out: string[] = [];
  for (let i = 0; i < parts; i++) {
    out.push(words.slice(Math.floor((i * words.length) / parts), Math.floor(((i + 1) * words.length) / parts)).join(''));
  }
  return out;
}

export const TOOL = { name: 'search_documents', operationId: 'op-search-documents' };

export function toolCall(task: Task) {
  return {
    request_id: `${task.id}-request-1`,
    operation_id: TOOL.operationId,
    tool_call_id: `${task.id}-call-1`,
    tool_name: TOOL.name,
    payload: { query: task.input.text ?? '' },
    reasoning: { title: 'Look it up', description: 'Search the documents for the prompt' },
  };
}

export const toolResult = (task: Task) => ({ documents: [`Notes about ${task.input.text ?? ''}`] });

/** The activity log of a task: what its current run has done so far, all five kinds once it completed. */
export function activityThread(record: TaskRecord): AgentActivityThread {
  const { task } = record;
  const at = task.created_at;
  const entry = (n: number) => ({ id: `${task.id}-activity-${n}`, created_at: at });
  const done = task.status === 'completed';
  const messages: AgentActivityThread['messages'] = [
    { ...entry(1), role: 'user', content: { text: task.input.text ?? '', files: task.input.files ?? [] } },
  ];
  if (done || record.progress.has('thought')) {
    messages.push({ ...entry(2), type: 'think', title: 'Planning', confidence: 0.9, thought: thought(task) });
  }
  if (done || record.progress.has('tool_called')) {
    const call = toolCall(task);
    messages.push({ ...entry(3), tool_name: call.tool_name, payload: call.payload, result: toolResult(task), is_error: false, reasoning: call.reasoning });
  }
  if (done) {
    messages.push(
      { ...entry(4), agent_id: `${task.agent_id}-helper`, query: task.input.text ?? '', files: [], reasoning: { title: 'Delegate', description: 'Ask a helper agent to check the answer' } },
      { ...entry(5), type: 'token_ready', data: { access_token: 'REDACTED' } },
      { ...entry(6), role: 'agent', content: { text: task.result ?? '', files: [] } },
    );
  }
  return { id: task.id, created_at: at, messages, user: task.input.user ?? null };
}

export const thought = (task: Task) => `Search the documents for "${task.input.text ?? ''}", then answer.`;
