// Retries: what is retried, what is not, and what a server's Retry-After may ask.
import { ModuleException, Task, Tasks } from '../src';
import { configurationFor } from './helpers/both-paths';
import { taskFixture } from './helpers/fixtures';
import { frame, httpServer, type HttpServer, sseHead } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const TASK = JSON.stringify(taskFixture());

describe("a Retry-After the call cannot honour fails at once with the server's own answer", () => {
  test('longer than the 60 s cap', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(503, { 'retry-after': '120' });
      res.end('maintenance until noon');
    });
    const error = await new Tasks(configurationFor(server.url, { maxRetries: 3 })).get('task-1').catch((e) => e);
    expect(error).toMatchObject({ kind: 'http', status_code: 503, description: 'maintenance until noon' });
    expect(server.requests).toHaveLength(1);
  });

  test("longer than what is left of the call's deadline", async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(429, { 'retry-after': '5' });
      res.end('slow down');
    });
    const error = await new Tasks(configurationFor(server.url, { maxRetries: 3 })).get('task-1', { timeout: 1_000 }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'http', status_code: 429, description: 'slow down' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('a body that breaks off mid-way', () => {
  const cutThenWhole = (_req: unknown, res: import('node:http').ServerResponse, n: number) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(TASK)) });
    if (n === 0) {
      res.write(TASK.slice(0, 20));
      setTimeout(() => res.socket?.destroy(), 20);
    } else res.end(TASK);
  };

  test('is retried on an idempotent call like a lost connection', async () => {
    server = await httpServer(cutThenWhole);
    const task = await new Tasks(configurationFor(server.url, { maxRetries: 1 })).get('task-1');
    expect(task.id).toBe('task-1');
    expect(server.requests).toHaveLength(2);
  });

  test('is a connection error once no retry is left', async () => {
    server = await httpServer(cutThenWhole);
    const error = await new Tasks(configurationFor(server.url)).get('task-1').catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error.kind).toBe('connection');
    expect(server.requests).toHaveLength(1);
  });

  test('is not retried on create, and the error says the task may exist', async () => {
    server = await httpServer(cutThenWhole);
    const error = await new Tasks(configurationFor(server.url, { maxRetries: 2 })).create({ agent_id: 'agent-1' }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'connection', message: expect.stringMatching(/may have taken effect/) });
    expect(server.requests).toHaveLength(1);
  });
});

describe('create is retried only where the server certainly did not act', () => {
  test('a 429 is retried', async () => {
    server = await httpServer((_req, res, n) => {
      res.writeHead(n === 0 ? 429 : 200, { 'content-type': 'application/json', 'retry-after': '0' });
      res.end(n === 0 ? 'busy' : TASK);
    });
    const task = await new Tasks(configurationFor(server.url, { maxRetries: 1 })).create({ agent_id: 'agent-1' });
    expect(task.id).toBe('task-1');
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  test('a connection refused before any byte was sent is retried', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(TASK);
    });
    let calls = 0;
    const refusedOnce: typeof fetch = (input, init) => {
      if (calls++ === 0) return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }));
      return fetch(input, init);
    };
    const task = await new Tasks(configurationFor(server.url, { maxRetries: 1, fetch: refusedOnce })).create({ agent_id: 'agent-1' });
    expect(task.id).toBe('task-1');
    expect(server.requests).toHaveLength(1);
  });

  test('a connection reset after sending is not', async () => {
    server = await httpServer((req) => req.socket.destroy());
    const error = await new Tasks(configurationFor(server.url, { maxRetries: 2 })).create({ agent_id: 'agent-1' }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'connection', message: expect.stringMatching(/may have taken effect/) });
    expect(server.requests).toHaveLength(1);
  });
});

describe('the event stream reconnects by the same classification', () => {
  test('a 429 on connect is reconnected', async () => {
    server = await httpServer((_req, res, n) => {
      if (n === 0) {
        res.writeHead(429, { 'retry-after': '0' });
        res.end('busy');
        return;
      }
      sseHead(res);
      res.end(frame(1, 'task_finished', taskFixture({ status: 'completed' })));
    });
    const task = new Task(taskFixture({ events_streaming: true }), configurationFor(server.url));
    const types: string[] = [];
    for await (const event of task.events({ maxReconnects: 1 })) types.push(event.type);
    expect(types).toEqual(['task_finished']);
    expect(server.requests).toHaveLength(2);
  });

  test('a 404 ends the stream with that error at once', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(404);
      res.end('Task not found');
    });
    const task = new Task(taskFixture({ events_streaming: true }), configurationFor(server.url));
    const error = await task.events({ maxReconnects: 3 }).next().catch((e) => e);
    expect(error).toMatchObject({ status_code: 404, description: 'Task not found' });
    expect(server.requests).toHaveLength(1);
  });
});
