import nock from 'nock';
import {
  Configuration, isActivityAuth, isActivityMessage, isActivityReasoning, isActivitySubAgentTrigger, isActivityToolCall, Task,
} from '../src';
import { validateOperation, validateSchema } from './helpers/contract';
import { API_KEY, BASE, ORG, taskFixture } from './helpers/fixtures';
import { useNock } from './helpers/nock';

const configuration = new Configuration({ api_key: API_KEY, base_url: BASE, organization_id: ORG, maxRetries: 0 });
const api = () => nock(BASE, { reqheaders: { 'x-api-key': API_KEY } });
const at = '2026-11-22T10:00:00.000Z';

useNock();

describe('getActivityLog', () => {
  const thread = {
    id: 'task-1',
    created_at: at,
    user: { email: 'a@b.c' },
    messages: [
      { id: 'm1', created_at: at, role: 'user', content: { text: 'hi', files: [] } },
      { id: 'm2', created_at: at, tool_name: 'search', payload: { q: 1 }, is_error: false, result: 'r' },
      { id: 'm3', created_at: at, type: 'think', title: 'Plan', confidence: 0.9, thought: 't' },
      { id: 'm4', created_at: at, agent_id: 'sub', query: 'q', files: [], reasoning: { title: 'why' } },
      { id: 'm5', created_at: at, type: 'login_required', data: { url: 'https://login' } },
      { id: 'm6', created_at: at, something: 'new' },
      { id: 'm7', created_at: at, tool_name: 'no_payload_key' },
    ],
  };

  test('GET /activity/{agent_id}/{task_id}; the five kinds told apart, odd entries kept', async () => {
    validateOperation('getTaskActivityLog', 'response', thread);
    api().get('/activity/agent-1/task-1').reply(200, thread);
    const log = await new Task(taskFixture(), configuration).getActivityLog();
    const kinds = log.messages.map((m) =>
      isActivityMessage(m) ? 'message' : isActivityToolCall(m) ? 'tool' : isActivityReasoning(m) ? 'reasoning'
        : isActivitySubAgentTrigger(m) ? 'sub_agent' : isActivityAuth(m) ? 'auth' : 'unknown',
    );
    expect(kinds).toEqual(['message', 'tool', 'reasoning', 'sub_agent', 'auth', 'unknown', 'tool']);
    expect(log.messages[5]).toEqual({ id: 'm6', created_at: at, something: 'new' });
  });

  test('a missing log is a ModuleException 404, not a crash', async () => {
    api().get('/activity/agent-1/task-1').reply(404, { detail: 'Log not found' });
    await expect(new Task(taskFixture(), configuration).getActivityLog()).rejects.toMatchObject({
      status_code: 404, description: 'Log not found', kind: 'http',
    });
  });
});

describe('reportMetrics', () => {
  test('POST /agents-metrics/{agent_id}/execution with the real duration and tools, on the task configuration', async () => {
    const task = new Task(taskFixture({ status: 'completed', result: 'done', source: 'sdk', internal_status: 'ok' }), configuration);
    task.tokens = { completion_tokens: 10, prompt_tokens: 32 };
    task.used_tools = ['search', 'email'];
    task.duration = 4.7;
    const expected = {
      execution_id: 'task-1', source: 'sdk', sub_executions: [], memory_thread_id: 'task-1', task: 'Analyze the sales data',
      triggered_by: 'N/A', skills: [], status: 'completed', internal_status: 'ok', duration: 4.7, ai_model: 'xpander',
      worker: null, ai_employee_id: null, api_calls_made: ['search', 'email'], result: 'done',
      llm_tokens: {
        inner: { completion_tokens: 0, prompt_tokens: 0, total_tokens: 0 },
        worker: { completion_tokens: 10, prompt_tokens: 32, total_tokens: 42 },
      },
    };
    validateOperation('reportExecutionMetrics', 'request', expected);
    api()
      .post('/agents-metrics/agent-1/execution', (body) => {
        expect(body).toStrictEqual(expected);
        return true;
      })
      .reply(200, {});
    await task.reportMetrics();
  });

  test('a task without tokens is refused before any request', async () => {
    await expect(new Task(taskFixture(), configuration).reportMetrics()).rejects.toThrow(/needs task.tokens/);
  });
});

describe('Task.reportExternalTask', () => {
  test('POST /agent-execution/{agent_id}/report_task with every key, returning a Task', async () => {
    const expected = {
      id: 'ext-1', input: 'Summarize', llm_response: { choices: [] },
      tokens: { completion_tokens: 1, prompt_tokens: 2, total_tokens: 3 },
      is_success: false, result: 'failed politely', duration: 1.5, used_tools: ['a'],
    };
    validateOperation('reportExternalTask', 'request', expected);
    api()
      .post('/agent-execution/agent-9/report_task', (body) => {
        expect(body).toStrictEqual(expected);
        return true;
      })
      .reply(200, taskFixture({ id: 'ext-1', agent_id: 'agent-9', status: 'failed' }));
    const task = await Task.reportExternalTask(
      { agent_id: 'agent-9', id: 'ext-1', input: 'Summarize', llm_response: { choices: [] }, tokens: { completion_tokens: 1, prompt_tokens: 2 },
        is_success: false, result: 'failed politely', duration: 1.5, used_tools: ['a'] },
      configuration,
    );
    expect(task).toBeInstanceOf(Task);
    expect(task.configuration).toBe(configuration);
  });

  test('defaults fill every key', async () => {
    const expected = { id: null, input: null, llm_response: null, tokens: null, is_success: true, result: null, duration: 0, used_tools: [] };
    validateSchema('TaskReportRequest', expected);
    api().post('/agent-execution/agent-9/report_task', (b) => (expect(b).toStrictEqual(expected), true)).reply(200, taskFixture());
    await Task.reportExternalTask({ agent_id: 'agent-9' }, configuration);
  });

  test('without agent_id, a clear error before any request', async () => {
    await expect(Task.reportExternalTask({} as never, configuration)).rejects.toThrow(/agent_id must be a non-empty string/);
  });
});
