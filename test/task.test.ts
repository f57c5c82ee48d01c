import nock from 'nock';
import { inspect } from 'node:util';
import { AgentExecutionStatus, Configuration, Task } from '../src';
import { validateOperation } from './helpers/contract';
import { API_KEY, BASE, ORG, taskFixture } from './helpers/fixtures';
import { useNock } from './helpers/nock';

const configuration = new Configuration({ api_key: API_KEY, base_url: BASE, organization_id: ORG, maxRetries: 0 });
const api = () => nock(BASE, { reqheaders: { 'x-api-key': API_KEY } });

function expectPatch(taskId: string, expected: Record<string, unknown>, reply: Record<string, unknown>) {
  api()
    .patch(`/agent-execution/${taskId}/update`, (body) => {
      expect(body).toStrictEqual(expected);
      validateOperation('updateTask', 'request', body);
      return true;
    })
    .reply(200, reply);
}

useNock();

async function loaded(overrides: Record<string, unknown> = {}): Promise<Task> {
  api().get('/agent-execution/task-1/status').reply(200, taskFixture(overrides));
  return Task.load('task-1', configuration);
}

describe('Task.load / reload', () => {
  test('load reads GET /agent-execution/{id}/status and keeps the configuration', async () => {
    const task = await loaded();
    expect(task.id).toBe('task-1');
    expect(task.configuration).toBe(configuration);
  });

  test('reload refreshes the same instance', async () => {
    const task = await loaded();
    api().get('/agent-execution/task-1/status').reply(200, taskFixture({ status: 'completed', result: 'done' }));
    const same = await task.reload();
    expect(same).toBe(task);
    expect(task).toMatchObject({ status: 'completed', result: 'done' });
  });
});

describe('Task.save', () => {
  test('sends only the fields the caller changed, then refreshes from the answer', async () => {
    const task = await loaded({ user_oidc_token: 'oidc-secret', mcp_servers: [{ url: 'https://m', api_key: 'k' }] });
    task.result = 'Processing completed successfully';
    task.internal_status = 'Data validation completed';
    expectPatch(
      'task-1',
      { result: 'Processing completed successfully', internal_status: 'Data validation completed' },
      taskFixture({ result: 'Processing completed successfully', internal_status: 'Data validation completed', title: 'from server' }),
    );
    expect(await task.save()).toBe(task);
    expect(task.title).toBe('from server');
  });

  test('after a save, only newer changes are sent; unknown fields the caller set are sent', async () => {
    const task = await loaded({ future_field: 1 });
    task.result = 'one';
    expectPatch('task-1', { result: 'one' }, taskFixture({ result: 'one', future_field: 1 }));
    await task.save();
    task.future_field = 2;
    expectPatch('task-1', { future_field: 2 }, taskFixture({ result: 'one', future_field: 2 }));
    await task.save();
    expect(task.future_field).toBe(2);
  });

  test('a change inside a nested object is sent; an untouched one is not', async () => {
    const task = await loaded({ payload_extension: { tenant: 't1' } });
    task.input.text = 'Analyze the Q4 sales data';
    expectPatch('task-1', { input: { ...task.input } }, taskFixture({ input: task.input, payload_extension: { tenant: 't1' } }));
    await task.save();
    (task.payload_extension as Record<string, unknown>).tenant = 't2';
    expectPatch('task-1', { payload_extension: { tenant: 't2' } }, taskFixture({ payload_extension: { tenant: 't2' } }));
    await task.save();
  });

  test('a secret is sent only when the caller sets it', async () => {
    const task = await loaded({ user_tokens: { a: 'old' } });
    task.user_tokens = { a: 'new' };
    expectPatch('task-1', { user_tokens: { a: 'new' } }, taskFixture({ user_tokens: { a: 'new' } }));
    await task.save();
  });

  test('deep_planning only with with_deep_plan_update; local metrics never, and they survive the answer', async () => {
    const task = await loaded();
    task.deep_planning = { enabled: true, started: true, question_raised: false, tasks: [{ id: '1', title: 'a' }] };
    task.tokens = { completion_tokens: 5, prompt_tokens: 7 };
    task.used_tools = ['search'];
    task.duration = 4.7;
    expectPatch('task-1', {}, taskFixture());
    await task.save();
    expect(task.tokens).toEqual({ completion_tokens: 5, prompt_tokens: 7 });
    expect(task.used_tools).toEqual(['search']);
    expect(task.duration).toBe(4.7);
    expectPatch('task-1', { deep_planning: task.deep_planning }, taskFixture());
    await task.save({ with_deep_plan_update: true });
  });

  test('an internal_status over 255 characters is refused before any request', async () => {
    const task = await loaded();
    task.internal_status = 'x'.repeat(256);
    await expect(task.save()).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(task.save()).rejects.toThrow(/at most 255 characters; got 256/);
    task.internal_status = 'x'.repeat(255);
    expectPatch('task-1', { internal_status: 'x'.repeat(255) }, taskFixture({ internal_status: 'x'.repeat(255) }));
    await task.save();
  });

  test('an invalid status set by the caller is refused before any request', async () => {
    const task = await loaded();
    task.status = 'InProgress';
    await expect(task.save()).rejects.toThrow(/status must be one of pending, executing/);
  });
});

describe('Task.setStatus / stop', () => {
  test('setStatus without a result keeps the result', async () => {
    const task = await loaded({ status: 'executing', result: 'partial' });
    expectPatch('task-1', { status: 'completed' }, taskFixture({ status: 'completed', result: 'partial' }));
    await task.setStatus(AgentExecutionStatus.Completed);
    expect(task.result).toBe('partial');
  });

  test('setStatus with a result sends both', async () => {
    const task = await loaded({ status: 'executing' });
    expectPatch('task-1', { status: 'failed', result: 'boom' }, taskFixture({ status: 'failed', result: 'boom' }));
    await task.setStatus(AgentExecutionStatus.Failed, 'boom');
    expect(task.status).toBe('failed');
  });

  test('setStatus refuses an unknown status before any request', async () => {
    const task = await loaded();
    await expect(task.setStatus('InProgress' as never)).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  test('stop sends DELETE /agent-execution/{id} and the instance becomes stopped', async () => {
    const task = await loaded({ status: 'executing' });
    api().delete('/agent-execution/task-1').reply(200, taskFixture({ status: 'stopped', is_manually_stopped: true }));
    expect(await task.stop()).toBe(task);
    expect(task.status).toBe('stopped');
  });
});

describe('secrets stay out of printing', () => {
  test('JSON.stringify and util.inspect of a Task redact every secret', async () => {
    const task = await loaded({
      user_oidc_token: 'oidc-SECRET',
      user_tokens: { mcp: 'tok-SECRET', oidc_tokens: { aud: 'aud-SECRET' } },
      mcp_servers: [{ url: 'https://m', api_key: 'mcp-SECRET', client_secret: 'cs-SECRET', headers: { Authorization: 'Bearer hdr-SECRET' } }],
    });
    for (const text of [JSON.stringify(task), inspect(task, { depth: 10 }), String(inspect(task.configuration))]) {
      expect(text).not.toMatch(/SECRET/);
      expect(text).not.toContain(API_KEY);
    }
    expect(JSON.stringify(task)).toContain('https://m');
    // The values themselves stay usable.
    expect(task.user_oidc_token).toBe('oidc-SECRET');
  });
});
