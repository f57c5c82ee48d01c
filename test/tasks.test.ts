import nock from 'nock';
import { AgentExecutionStatus, Configuration, ModuleException, Task, Tasks, TasksListItem } from '../src';
import { validateOperation } from './helpers/contract';
import { API_KEY, BASE, listItemFixture, ORG, taskFixture } from './helpers/fixtures';
import { useNock } from './helpers/nock';

const configuration = new Configuration({ api_key: API_KEY, base_url: BASE, organization_id: ORG, maxRetries: 0 });
const tasks = new Tasks(configuration);
const api = () => nock(BASE, { reqheaders: { 'x-api-key': API_KEY } });

useNock();

describe('Tasks.list / listUserTasks', () => {
  test('GET /agent-execution/executions/history/{agent_id} with the filters as query', async () => {
    const body = [listItemFixture(), listItemFixture({ id: 'task-2', status: 'executing' })];
    validateOperation('listTasks', 'response', body);
    api()
      .get('/agent-execution/executions/history/agent-1')
      .query({ user_id: 'u1', status: 'completed', internal_status: 'ok' })
      .reply(200, body);
    const items = await tasks.list('agent-1', { user_id: 'u1', status: AgentExecutionStatus.Completed, internal_status: 'ok' });
    expect(items).toHaveLength(2);
    expect(items[0]).toBeInstanceOf(TasksListItem);
    expect(items[1].status).toBe('executing');
  });

  test('GET /agent-execution/executions/history/user/{user_id}', async () => {
    api().get('/agent-execution/executions/history/user/user-9').query({ parent_task_id: 'p1' }).reply(200, [listItemFixture()]);
    const items = await tasks.listUserTasks('user-9', { parent_task_id: 'p1' });
    expect(items.map((i) => i.id)).toEqual(['task-1']);
  });

  test('a list item loads the full task with the configuration it was listed with', async () => {
    api().get('/agent-execution/executions/history/agent-1').reply(200, [listItemFixture()]);
    api().get('/agent-execution/task-1/status').reply(200, taskFixture());
    const [item] = await tasks.list('agent-1');
    const task = await item.load();
    expect(task).toBeInstanceOf(Task);
    expect(task.configuration).toBe(configuration);
  });

  test('bad filters are refused before any request', async () => {
    await expect(tasks.list('agent-1', 'status=completed' as never)).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(tasks.list('agent-1', { status: 'done' as never })).rejects.toThrow(/status filter must be one of pending/);
    await expect(tasks.list('agent-1', { stauts: 'x' } as never)).rejects.toThrow(/Unknown filter "stauts"/);
    await expect(tasks.listUserTasks('u', { user_id: 'x' } as never)).rejects.toThrow(/Unknown filter "user_id"/);
    await expect(tasks.list('')).rejects.toThrow(/agent_id must be a non-empty string/);
  });

  test('an answer that is not an array is an invalid_response', async () => {
    api().get('/agent-execution/executions/history/agent-1').reply(200, { items: [] });
    await expect(tasks.list('agent-1')).rejects.toMatchObject({ kind: 'invalid_response' });
  });
});

describe('Tasks.get', () => {
  test('GET /agent-execution/{task_id}/status, no body, the key in x-api-key', async () => {
    let seen: Record<string, unknown> = {};
    api()
      .get('/agent-execution/task-1/status')
      .reply(function () {
        seen = { ...this.req.headers };
        return [200, taskFixture()];
      });
    const task = await tasks.get('task-1');
    expect(task).toBeInstanceOf(Task);
    expect(task.input.text).toBe('Analyze the sales data');
    expect(seen['x-api-key']).toBe(API_KEY);
    expect(seen['content-type']).toBeUndefined();
  });

  test('an id cannot escape its path segment', async () => {
    api().get('/agent-execution/..%2Fadmin%3Fx%3D1%23f/status').reply(200, taskFixture({ id: '../admin?x=1#f' }));
    const task = await tasks.get('../admin?x=1#f');
    expect(task.id).toBe('../admin?x=1#f');
  });

  test('unknown fields and unknown enum values survive', async () => {
    api()
      .get('/agent-execution/task-1/status')
      .reply(200, taskFixture({ status: 'hibernating', brand_new_field: { nested: [1, 2] } }));
    const task = await tasks.get('task-1');
    expect(task.status).toBe('hibernating');
    expect(task.brand_new_field).toEqual({ nested: [1, 2] });
    expect(JSON.parse(JSON.stringify(task)).brand_new_field).toEqual({ nested: [1, 2] });
  });

  test.each([
    [400, { detail: 'Bad task id' }, 'Bad task id'],
    [401, { detail: 'Invalid API key' }, 'Invalid API key'],
    [403, 'Forbidden', 'Forbidden'],
    [404, { message: 'Task not found' }, 'Task not found'],
    [500, { error: 'boom' }, 'boom'],
  ])('a %i becomes a ModuleException with the server description', async (status, body, description) => {
    api().get('/agent-execution/task-1/status').reply(status, body as never);
    const error: ModuleException = await tasks.get('task-1').catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ status_code: status, description, kind: 'http' });
    expect(error.message).toBe(`[${status}] ${description}`);
  });

  test('an empty id is refused before any request', async () => {
    await expect(tasks.get('  ')).rejects.toMatchObject({ kind: 'invalid_input', status_code: 0 });
    await expect(tasks.get(42 as never)).rejects.toThrow(/task_id must be a non-empty string, got number/);
  });
});

describe('Tasks.create', () => {
  const fullBody = {
    id: null,
    input: { text: 'Analyze the sales data', files: ['https://example.com/sales_data.csv'], user: null },
    payload_extension: null,
    source: null,
    worker_id: null,
    output_format: null,
    output_schema: null,
    run_locally: false,
    events_streaming: true,
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
    return_metrics: false,
  };

  test('POST /agent-execution/{agent_id} with the 21 keys of the Python SDK, nulls included', async () => {
    validateOperation('createTask', 'request', fullBody);
    let headers: Record<string, unknown> = {};
    api()
      .post('/agent-execution/agent-123', (body) => {
        expect(body).toStrictEqual(fullBody);
        return true;
      })
      .reply(function () {
        headers = { ...this.req.headers };
        return [200, taskFixture()];
      });
    const task = await tasks.create({
      agent_id: 'agent-123',
      prompt: 'Analyze the sales data',
      file_urls: ['https://example.com/sales_data.csv'],
      events_streaming: true,
    });
    expect(task.status).toBe('pending');
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-agent-version']).toBeUndefined();
  });

  test('every parameter lands on its wire key; the LLM overrides only when given', async () => {
    const params = {
      agent_id: 'agent-123',
      existing_task_id: 'task-0',
      prompt: 'p',
      file_urls: ['https://x/a.pdf'],
      user_details: { id: 'u1', email: 'a@b.c', first_name: 'A', timezone: 'Europe/Paris' },
      agent_version: 3,
      tool_call_payload_extension: { tenant: 't1' },
      source: 'sdk',
      worker_id: 'w1',
      run_locally: true,
      output_format: 'json' as const,
      output_schema: { type: 'object' },
      events_streaming: true,
      additional_context: 'ctx',
      instructions_override: 'inst',
      test_run_node_id: 'n1',
      user_oidc_token: 'oidc-secret',
      expected_output: 'eo',
      mcp_servers: [{ type: 'remote' as const, url: 'https://mcp', api_key: 'mcp-secret' }],
      triggering_agent_id: 'agent-0',
      title: 'T',
      think_mode: 'harder' as const,
      disable_attachment_injection: true,
      return_metrics: true,
      user_tokens: { oidc_tokens: { aud: 'tok' } },
      llm_model_provider: 'anthropic',
      llm_model_name: 'claude-sonnet-4-6',
      llm_reasoning_effort: 'xhigh' as const,
    };
    const expected = {
      id: 'task-0',
      input: { text: 'p', files: ['https://x/a.pdf'], user: params.user_details },
      payload_extension: { tenant: 't1' },
      source: 'sdk',
      worker_id: 'w1',
      output_format: 'json',
      output_schema: { type: 'object' },
      run_locally: true,
      events_streaming: true,
      additional_context: 'ctx',
      instructions_override: 'inst',
      test_run_node_id: 'n1',
      user_oidc_token: 'oidc-secret',
      expected_output: 'eo',
      mcp_servers: params.mcp_servers,
      triggering_agent_id: 'agent-0',
      title: 'T',
      think_mode: 'harder',
      disable_attachment_injection: true,
      user_tokens: { oidc_tokens: { aud: 'tok' } },
      return_metrics: true,
      llm_model_provider: 'anthropic',
      llm_model_name: 'claude-sonnet-4-6',
      llm_reasoning_effort: 'xhigh',
    };
    validateOperation('createTask', 'request', expected);
    nock(BASE, { reqheaders: { 'x-api-key': API_KEY, 'x-agent-version': '3' } })
      .post('/agent-execution/agent-123', (body) => {
        expect(body).toStrictEqual(expected);
        return true;
      })
      .reply(200, taskFixture({ llm_model_name: 'claude-sonnet-4-6', llm_reasoning_effort: 'xhigh' }));
    const task = await tasks.create(params);
    expect(task.llm_model_name).toBe('claude-sonnet-4-6');
  });

  test('bad parameters are refused before any request', async () => {
    await expect(tasks.create({} as never)).rejects.toThrow(/agent_id must be a non-empty string/);
    await expect(tasks.create({ agent_id: 'a', think_mode: 'hard' as never })).rejects.toThrow(/think_mode must be one of default, harder/);
    await expect(tasks.create({ agent_id: 'a', output_format: 'html' as never })).rejects.toThrow(/output_format/);
    await expect(tasks.create({ agent_id: 'a', llm_reasoning_effort: 'max' as never })).rejects.toThrow(/llm_reasoning_effort/);
    await expect(tasks.create({ agent_id: 'a', file_urls: 'https://x' as never })).rejects.toThrow(/file_urls must be an array/);
    await expect(tasks.create({ agent_id: 'a', promt: 'typo' } as never)).rejects.toThrow(/Unknown create parameter "promt"/);
  });

  test('a create is never retried, even on a 503', async () => {
    const retrying = new Tasks(new Configuration({ api_key: API_KEY, base_url: BASE, maxRetries: 3 }));
    api().post('/agent-execution/agent-1').reply(503, { detail: 'busy' });
    await expect(retrying.create({ agent_id: 'agent-1' })).rejects.toMatchObject({ status_code: 503 });
  });
});

describe('Tasks.update / stop', () => {
  test('PATCH /agent-execution/{task_id}/update with only the keys given', async () => {
    const body = { status: 'completed', result: 'Analysis completed successfully' };
    validateOperation('updateTask', 'request', body);
    api()
      .patch('/agent-execution/task-456/update', (b) => {
        expect(b).toStrictEqual(body);
        return true;
      })
      .reply(200, taskFixture({ id: 'task-456', status: 'completed', result: body.result }));
    const task = await tasks.update({ task_id: 'task-456', status: AgentExecutionStatus.Completed, result: body.result });
    expect(task.status).toBe('completed');
  });

  test('update sends tool_call_payload_extension, source and last_executed_node_id under those names', async () => {
    const body = { tool_call_payload_extension: { a: 1 }, source: 'sdk', last_executed_node_id: 'n2' };
    api()
      .patch('/agent-execution/task-1/update', (b) => {
        expect(b).toStrictEqual(body);
        return true;
      })
      .reply(200, taskFixture());
    await tasks.update({ task_id: 'task-1', ...body });
  });

  test('update refuses an unknown status before any request', async () => {
    await expect(tasks.update({ task_id: 't', status: 'InProgress' as never })).rejects.toThrow(/status must be one of/);
  });

  test('DELETE /agent-execution/{task_id} stops the task', async () => {
    api().delete('/agent-execution/task-456').reply(200, taskFixture({ id: 'task-456', status: 'stopped', is_manually_stopped: true }));
    const task = await tasks.stop('task-456');
    expect(task.status).toBe('stopped');
    expect(task.is_manually_stopped).toBe(true);
  });
});
