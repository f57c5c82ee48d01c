import * as api from '../generated/sdk.gen.js';
import type {
  AgentActivityThread,
  AgentActivityThreadAuth,
  AgentActivityThreadEntry,
  AgentActivityThreadMessage,
  AgentActivityThreadReasoning,
  AgentActivityThreadSubAgentTrigger,
  AgentActivityThreadToolCall,
} from '../generated/types.gen.js';
import type { Configuration } from './configuration.js';
import { clientFor } from './core/engine.js';
import { anObject } from './core/expect.js';
import { policy, type RequestOptions } from './core/request.js';
import { requireId } from './core/validate.js';

/** An activity entry of a known kind, or one the SDK does not know. */
export type ActivityEntry = AgentActivityThreadEntry | Record<string, unknown>;
const has = (entry: ActivityEntry, key: string) => entry !== null && typeof entry === 'object' && key in entry;

/**
 * The wire has no tag on activity entries; these guards tell the five kinds apart by their
 * fields, as the Python SDK's union does. An entry that matches none is kept as it came.
 */
/** A user or agent message: has `role`. */
export function isActivityMessage(entry: ActivityEntry): entry is AgentActivityThreadMessage {
  return has(entry, 'role');
}
/** A tool call: has `tool_name`. */
export function isActivityToolCall(entry: ActivityEntry): entry is AgentActivityThreadToolCall {
  return has(entry, 'tool_name');
}
/** A reasoning step: `type` is `think` or `analyze`. */
export function isActivityReasoning(entry: ActivityEntry): entry is AgentActivityThreadReasoning {
  const type = (entry as Record<string, unknown>)?.type;
  return type === 'think' || type === 'analyze';
}
/** A sub-agent trigger: has `agent_id` and `reasoning`. */
export function isActivitySubAgentTrigger(entry: ActivityEntry): entry is AgentActivityThreadSubAgentTrigger {
  return has(entry, 'agent_id') && has(entry, 'reasoning') && !has(entry, 'tool_name');
}
const AUTH_TYPES = new Set(['not_supported', 'login_required', 'token_issue', 'token_ready']);
/** An authentication event: `type` is an MCP OAuth response type. */
export function isActivityAuth(entry: ActivityEntry): entry is AgentActivityThreadAuth {
  return AUTH_TYPES.has((entry as Record<string, unknown>)?.type as string);
}

/** GET /activity/{agent_id}/{task_id}; a missing log is the server's 404. */
export async function fetchActivityLog(
  configuration: Configuration,
  agent_id: string,
  task_id: string,
  options?: RequestOptions,
): Promise<AgentActivityThread> {
  requireId('task.agent_id', agent_id);
  requireId('task.id', task_id);
  const thread = await api.getTaskActivityLog({
    client: clientFor(configuration),
    path: { agent_id, task_id },
    policy: policy('Failed to get activity log', true, options, anObject),
  });
  // One odd entry never costs the rest of the log: entries are kept whatever their shape.
  if (!Array.isArray(thread.messages)) thread.messages = [];
  return thread;
}
