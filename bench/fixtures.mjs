// Wire data shared by the servers and the consumers: a realistic ~2 KB Task and SSE events.
// The Task is built on the project's one fixture (src/emulator/fresh-task.json), so it has every
// field openapi/ names; only the values here are the benchmark's own.
import fresh from '../src/emulator/fresh-task.json' with { type: 'json' };

export const API_KEY = 'bench-key-0123456789';
export const ORG = 'org-bench';

/** A Task body as the API sends it (every field of openapi Task, realistic values), about 2 KB. */
export function taskJson(id = 'task-bench-0001', overrides = {}) {
  return {
    ...structuredClone(fresh),
    id,
    agent_id: 'agent-6f1c2d9e-4b7a-4c1e-9a0f-2b3c4d5e6f70',
    organization_id: ORG,
    input: {
      text: 'Analyze the attached Q3 sales data, compare it with Q2 and list the three regions with the largest change.',
      files: ['https://files.example.com/uploads/q3-sales.csv', 'https://files.example.com/uploads/q2-sales.csv'],
      user: { id: 'user-42', first_name: 'Dana', last_name: 'Levi', email: 'dana@example.com', additional_attributes: {} },
    },
    status: 'executing',
    internal_status: 'analyzing',
    last_executed_node_id: 'node-7',
    agent_version: '12',
    created_at: '2026-11-22T10:00:00.000Z',
    started_at: '2026-11-22T10:00:01.250Z',
    paused_at: null,
    finished_at: null,
    result: 'Q3 revenue grew 8.4% over Q2. EMEA +14.2% (new enterprise accounts), APAC -6.1% (seasonal), NA +4.0%. ' +
      'Largest changes: EMEA, APAC, LATAM. Detailed table attached in the final report.',
    parent_execution: null,
    sub_executions: ['task-sub-0001', 'task-sub-0002'],
    is_manually_stopped: false,
    payload_extension: { tenant: 'acme', region: 'eu-west-1' },
    hitl_request: null,
    pending_eca_request: null,
    source: 'sdk',
    voice_id: null,
    output_format: 'markdown',
    output_schema: null,
    events_streaming: true,
    is_orchestration: false,
    additional_context: 'The user prefers concise answers with a table.',
    instructions_override: null,
    test_run_node_id: null,
    user_oidc_token: null,
    expected_output: 'A markdown table of regions and their change, then a short summary.',
    mcp_servers: [],
    triggering_agent_id: null,
    title: 'Q3 vs Q2 sales analysis',
    think_mode: 'default',
    disable_attachment_injection: false,
    user_tokens: null,
    deep_planning: {
      enabled: true,
      enforce: false,
      started: true,
      question_raised: false,
      tasks: [
        { id: 'p1', title: 'Load both CSV files', completed: true },
        { id: 'p2', title: 'Aggregate revenue per region and quarter', completed: true },
        { id: 'p3', title: 'Compute the change per region', completed: false },
        { id: 'p4', title: 'Write the summary table', completed: false },
      ],
    },
    execution_attempts: 1,
    return_metrics: false,
    llm_model_provider: 'openai',
    llm_model_name: 'gpt-5',
    llm_reasoning_effort: 'medium',
    ...overrides,
  };
}

const TIME = '2026-11-22T10:00:02.123456Z';

/** One `chunk` event as an SSE frame with an `id:` line. */
export function chunkFrame(taskId, id, word = 'word ') {
  const event = { type: 'chunk', task_id: taskId, organization_id: ORG, time: TIME, data: word };
  return `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** The `task_finished` frame, carrying the whole Task. */
export function finishedFrame(taskId, id) {
  const event = {
    type: 'task_finished', task_id: taskId, organization_id: ORG, time: TIME,
    data: taskJson(taskId, { status: 'completed', finished_at: '2026-11-22T10:01:00.000Z' }),
  };
  return `id: ${id}\ndata: ${JSON.stringify(event)}\n\n`;
}

/** `count` events in all: count-1 chunks, then task_finished. */
export function streamPayload(taskId, count) {
  const parts = ['retry: 1000\n\n'];
  for (let i = 1; i < count; i++) parts.push(chunkFrame(taskId, i));
  parts.push(finishedFrame(taskId, count));
  return Buffer.from(parts.join(''));
}

export function eventsPath(taskId, org = ORG) {
  return `/${encodeURIComponent(org)}/agent-execution/${encodeURIComponent(taskId)}/events`;
}
