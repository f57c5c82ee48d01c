import { AgentExecutionStatus } from '../../generated/types.gen.js';
import { badRequest } from './http.js';

type Kind = 'string' | 'boolean' | 'integer' | 'number' | 'object' | 'array' | 'strings' | 'datetime';

/** The statuses openapi/ defines (its AgentExecutionStatus enum). */
export const STATUSES = Object.values(AgentExecutionStatus);

/**
 * The JSON type of every Task and CreateTaskRequest field (null is allowed for all).
 * A wrongly typed value is refused rather than stored, so a client bug (such as the
 * Python SDK's `[null]` tuple defaults) shows up as a 400 instead of a corrupt task.
 */
const KINDS: Record<string, Kind> = {
  id: 'string',
  input: 'object',
  internal_status: 'string',
  last_executed_node_id: 'string',
  agent_version: 'string',
  started_at: 'datetime',
  paused_at: 'datetime',
  finished_at: 'datetime',
  result: 'string',
  parent_execution: 'string',
  sub_executions: 'strings',
  finished_sub_executions: 'strings',
  is_manually_stopped: 'boolean',
  payload_extension: 'object',
  hitl_request: 'object',
  pending_eca_request: 'object',
  source: 'string',
  worker_id: 'string',
  voice_id: 'string',
  output_format: 'string',
  output_schema: 'object',
  run_locally: 'boolean',
  events_streaming: 'boolean',
  is_orchestration: 'boolean',
  is_continuous: 'boolean',
  used_mutating_tools: 'boolean',
  additional_context: 'string',
  instructions_override: 'string',
  test_run_node_id: 'string',
  user_oidc_token: 'string',
  expected_output: 'string',
  mcp_servers: 'array',
  triggering_agent_id: 'string',
  title: 'string',
  think_mode: 'string',
  disable_attachment_injection: 'boolean',
  user_tokens: 'object',
  deep_planning: 'object',
  execution_attempts: 'integer',
  return_metrics: 'boolean',
  llm_model_provider: 'string',
  llm_model_name: 'string',
  llm_reasoning_effort: 'string',
  tokens: 'object',
  used_tools: 'strings',
  duration: 'number',
};

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasKind(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'object':
      return isObject(value);
    case 'array':
      return Array.isArray(value);
    case 'strings':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(withZone(value)));
  }
}

// Python's isoformat() of a naive datetime has no zone; the service works in UTC.
function withZone(value: string): string {
  return /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(value) || !value.includes('T') ? value : `${value}Z`;
}

/** `body` with every known field type-checked and date-times normalized to ISO-8601 UTC. */
export function checkFields(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const kind = KINDS[key];
    if (value !== null && kind && !hasKind(value, kind)) {
      throw badRequest(`${key} must be ${kind === 'strings' ? 'an array of strings' : `a ${kind}`} or null`);
    }
    out[key] = kind === 'datetime' && typeof value === 'string' ? new Date(withZone(value)).toISOString() : value;
  }
  if ('input' in out) checkInput(out.input);
  if ('internal_status' in out && typeof out.internal_status === 'string' && out.internal_status.length > 255) {
    throw badRequest('internal_status must be at most 255 characters');
  }
  return out;
}

function checkInput(input: unknown): void {
  if (!isObject(input)) throw badRequest('input must be an object');
  if (input.text != null && typeof input.text !== 'string') throw badRequest('input.text must be a string or null');
  if (input.files != null && !hasKind(input.files, 'strings')) throw badRequest('input.files must be an array of strings or null');
  if (input.user != null && !isObject(input.user)) throw badRequest('input.user must be an object or null');
}

export function checkStatus(value: unknown, name = 'status'): AgentExecutionStatus {
  if (!STATUSES.includes(value as never)) throw badRequest(`${name} must be one of ${STATUSES.join(', ')}`);
  return value as AgentExecutionStatus;
}

export function requireObject(body: unknown, what: string): Record<string, unknown> {
  if (!isObject(body)) throw badRequest(`${what} must be a JSON object`);
  return body;
}
