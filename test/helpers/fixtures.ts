import type { CreateTaskRequest, Task as TaskData, TasksListItem } from '../../generated/types.gen';
import { exampleTask } from '../../src/emulator/fixture';
import { validateSchema } from './contract';

export const ORG = 'org-1';
export const API_KEY = 'sk-test-secret-key-123';
export const BASE = 'https://inbound.xpander.ai';

/** A Task body as the server sends it (the one fixture, exampleTask), checked against openapi/tasks.yaml. */
export function taskFixture(overrides: Partial<TaskData> & Record<string, unknown> = {}): TaskData {
  const task = exampleTask({
    id: 'task-1',
    agent_id: 'agent-1',
    organization_id: ORG,
    input: { text: 'Analyze the sales data', files: ['https://example.com/sales.csv'], user: null },
    events_streaming: true,
    ...overrides,
  });
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

/** A create request as the SDK sends it: every key CreateTaskRequest requires, `overrides` on top. */
export function createBody(overrides: Partial<CreateTaskRequest> = {}): CreateTaskRequest {
  return {
    id: null, input: { text: 'What changed?', files: [], user: null }, payload_extension: null, source: 'sdk',
    worker_id: null, output_format: null, output_schema: null, run_locally: false, events_streaming: true,
    additional_context: null, instructions_override: null, test_run_node_id: null, user_oidc_token: null,
    expected_output: null, mcp_servers: [], triggering_agent_id: null, title: null, think_mode: 'default',
    disable_attachment_injection: false, user_tokens: null, return_metrics: false, ...overrides,
  };
}
