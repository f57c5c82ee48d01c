import type { Task as TaskData, TasksListItem } from '../../generated/types.gen';
import { validateSchema } from './contract';

export const ORG = 'org-1';
export const API_KEY = 'sk-test-secret-key-123';
export const BASE = 'https://inbound.xpander.ai';

/** A Task body as the server sends it, checked against openapi/tasks.yaml. */
export function taskFixture(overrides: Partial<TaskData> & Record<string, unknown> = {}): TaskData {
  const task: TaskData = {
    id: 'task-1',
    agent_id: 'agent-1',
    organization_id: ORG,
    input: { text: 'Analyze the sales data', files: ['https://example.com/sales.csv'], user: null },
    status: 'pending',
    internal_status: null,
    last_executed_node_id: null,
    agent_version: null,
    created_at: '2026-11-22T10:00:00.000Z',
    started_at: null,
    paused_at: null,
    finished_at: null,
    result: null,
    parent_execution: null,
    sub_executions: [],
    is_manually_stopped: false,
    payload_extension: null,
    hitl_request: null,
    pending_eca_request: null,
    source: null,
    voice_id: null,
    output_format: null,
    output_schema: null,
    events_streaming: true,
    is_orchestration: false,
    additional_context: null,
    instructions_override: null,
    test_run_node_id: null,
    user_oidc_token: null,
    expected_output: null,
    mcp_servers: [],
    triggering_agent_id: null,
    title: null,
    think_mode: 'default',
    disable_attachment_injection: false,
    user_tokens: null,
    deep_planning: { enabled: false, enforce: false, started: false, question_raised: false, tasks: [] },
    execution_attempts: 1,
    return_metrics: false,
    llm_model_provider: null,
    llm_model_name: null,
    llm_reasoning_effort: null,
    ...overrides,
  };
  validateSchema('Task', task);
  return task;
}

export function listItemFixture(overrides: Partial<TasksListItem> = {}): TasksListItem {
  const item: TasksListItem = {
    id: 'task-1',
    agent_id: 'agent-1',
    organization_id: ORG,
    user_id: null,
    parent_task_id: null,
    triggering_agent_id: null,
    status: 'completed',
    created_at: '2026-11-22T10:00:00.000Z',
    updated_at: '2026-11-22T10:01:00.000Z',
    source_node_type: 'sdk',
    result: 'done',
    title: null,
    ...overrides,
  };
  validateSchema('TasksListItem', item);
  return item;
}
