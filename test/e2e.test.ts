import {
  AgentExecutionStatus, Configuration, isActivityMessage, isActivityToolCall, Task, Tasks, type TaskUpdateEvent,
} from '../src';
import { type Emulator, startEmulator } from '../src/emulator';
import { validateOperation } from './helpers/contract';
import { httpServer, type HttpServer } from './helpers/http-server';

let emulator: Emulator;
let configuration: Configuration;
let tasks: Tasks;

beforeAll(async () => {
  emulator = await startEmulator({ stepMs: 5, agents: ['agent-crud', 'agent-e2e', 'agent-ext', 'agent-files'] });
  configuration = new Configuration({
    base_url: emulator.url,
    api_key: emulator.api_key,
    organization_id: emulator.organization_id,
    // The attachment server of these tests is on loopback, which downloads refuse by default.
    attachments: { allowedHosts: ['127.0.0.1'] },
  });
  tasks = new Tasks(configuration);
});
afterAll(() => emulator.close());

async function run(prompt: string, file_urls: string[] = []): Promise<{ task: Task; events: TaskUpdateEvent[] }> {
  const task = await tasks.create({ agent_id: 'agent-e2e', prompt, file_urls, events_streaming: true });
  const events: TaskUpdateEvent[] = [];
  for await (const event of task.events()) events.push(event);
  return { task, events };
}

test('create → follow every event → reload: completed with the streamed result', async () => {
  const { task, events } = await run('Analyze the sales data', ['https://example.com/sales.csv']);
  const types = events.map((e) => e.type);
  expect(types[0]).toBe('task_created');
  expect(types.slice(-1)).toEqual(['task_finished']);
  for (const t of ['task_updated', 'think', 'tool_call_request', 'tool_call_result']) expect(types).toContain(t);
  expect(types.filter((t) => t === 'chunk').length).toBeGreaterThanOrEqual(4);
  await task.reload();
  expect(task.status).toBe('completed');
  expect(events.filter((e) => e.type === 'chunk').map((e) => e.data).join('')).toBe(task.result);
  validateOperation('getTask', 'response', JSON.parse(JSON.stringify(task)));
});

test('list filters, update, save, setStatus and stop round-trip through the emulator', async () => {
  const created = await tasks.create({ agent_id: 'agent-crud', prompt: 'long job', user_details: { id: 'u-7', email: 'u@x.io' } });
  const stopped = await tasks.stop(created.id);
  expect(stopped.status).toBe('stopped');
  const byUser = await tasks.list('agent-crud', { user_id: 'u-7' });
  expect(byUser.map((i) => i.id)).toContain(created.id);
  expect(await tasks.list('agent-crud', { status: AgentExecutionStatus.Executing })).toEqual([]);

  const task = await byUser[0].load();
  task.internal_status = 'validated 25 orders';
  await task.save();
  await task.setStatus(AgentExecutionStatus.Paused);
  expect(task).toMatchObject({ status: 'paused', internal_status: 'validated 25 orders' });
  const updated = await tasks.update({ task_id: task.id, status: AgentExecutionStatus.Completed, result: 'ok' });
  expect(updated).toMatchObject({ status: 'completed', result: 'ok' });
  const patches = emulator.requests.filter((r) => r.method === 'PATCH' && r.path === `/agent-execution/${task.id}/update`);
  expect(patches.map((r) => r.body)).toEqual([
    { internal_status: 'validated 25 orders' },
    { status: 'paused' },
    { status: 'completed', result: 'ok' },
  ]);
  expect((await tasks.listUserTasks('u-7', { internal_status: 'validated 25 orders' })).map((i) => i.id)).toEqual([task.id]);
});

test('activity log, metrics and external report', async () => {
  const { task } = await run('Summarize the report');
  const log = await task.getActivityLog();
  expect(log.messages.some(isActivityMessage)).toBe(true);
  expect(log.messages.some(isActivityToolCall)).toBe(true);

  await task.reload();
  task.tokens = { completion_tokens: 3, prompt_tokens: 4 };
  task.duration = 1.25;
  await task.reportMetrics();
  expect(emulator.metrics.at(-1)).toMatchObject({ execution_id: task.id, duration: 1.25, llm_tokens: { worker: { total_tokens: 7 } } });

  const external = await Task.reportExternalTask({ agent_id: 'agent-ext', input: 'ran elsewhere', result: 'fine' }, configuration);
  expect(external).toMatchObject({ agent_id: 'agent-ext', status: 'completed', result: 'fine' });
});

describe('attachments from another origin', () => {
  let files: HttpServer;
  beforeAll(async () => {
    files = await httpServer((req, res) => {
      if (req.url === '/data.csv') return res.end('region,total\nnorth,"é"');
      if (req.url === '/report.pdf') return res.end(Buffer.from('%PDF-1.4 binary \x00\xff'));
      res.statusCode = 404;
      res.end('missing');
    });
  });
  afterAll(() => files.close());

  test('the helpers fetch them without the API key and format them as the Python SDK does', async () => {
    const origin = files.url;
    const urls = [`${origin}/data.csv`, `${origin}/report.pdf`, `${origin}/chart.PNG`, `${origin}/gone.txt`];
    const task = await tasks.create({ agent_id: 'agent-files', prompt: 'Summarize', file_urls: urls });
    expect(await task.toMessage()).toBe(
      `Summarize\nFiles: ${urls.join(', ')}\nFiles contents:\n` +
        `{"url": "${urls[0]}", "content": "region,total\\nnorth,\\"\\u00e9\\""}\n` +
        `{"url": "${urls[3]}", "content": "Error: the server answered HTTP 404 Not Found"}`,
    );
    const [pdf] = await task.getFiles();
    expect(pdf).toMatchObject({ filename: 'report.pdf', mime_type: 'application/pdf' });
    expect(Buffer.from(pdf.content!, 'base64')).toEqual(Buffer.from('%PDF-1.4 binary \x00\xff'));
    expect(await task.getImages()).toEqual([{ url: urls[2], mime_type: 'image/png' }]);
    const parts = await task.toContentParts();
    expect(parts.map((p) => p.type)).toEqual(['text', 'text', 'file', 'image', 'text']);
    expect(files.requests.length).toBeGreaterThanOrEqual(5);
    for (const { headers } of files.requests) {
      expect(headers['x-api-key']).toBeUndefined();
      expect(headers.authorization).toBeUndefined();
      expect(JSON.stringify(headers)).not.toContain(emulator.api_key);
    }
  });
});

// Last in the file: it reads what every test above sent.
test('the strict emulator refused none of the requests the SDK sent above: no 422, every request held to openapi/', () => {
  expect(emulator.requests.length).toBeGreaterThan(10);
  expect(emulator.requests.filter((r) => r.status === 422 || r.status === undefined)).toEqual([]);
});
