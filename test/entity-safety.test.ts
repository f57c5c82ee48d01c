// Task and TasksListItem: no server answer can break them, no local edit is lost, and no common
// way of copying one shows a secret.
import { inspect } from 'node:util';
import { Task, Tasks, TasksListItem } from '../src';
import { configurationFor } from './helpers/both-paths';
import { listItemFixture, taskFixture } from './helpers/fixtures';
import { frame, httpServer, type HttpServer, sseHead } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** An answer as JSON text with extra raw members (JSON.parse makes `__proto__` an own key). */
const withRaw = (body: object, raw: string) => JSON.stringify(body).replace(/}$/, `,${raw}}`);

function serve(handler: (method: string, n: number, body: string) => { status?: number; body: string; delayMs?: number }) {
  return httpServer((req, res, n) => {
    const answer = handler(req.method ?? '', n, server?.requests[n]?.body ?? '');
    setTimeout(() => {
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.body);
    }, answer.delayMs ?? 0);
  });
}

describe('server keys named like the object model never replace a prototype or a method', () => {
  test.each([
    ['"__proto__": {"polluted": true}', { __proto__: { polluted: true } }],
    ['"__proto__": null', { __proto__: null }],
    ['"__proto__": "x"', { __proto__: 'x' }],
    ['"constructor": "x", "prototype": 1', { constructor: 'x', prototype: 1 }],
    ['"save": 1, "reload": "r", "events": null, "configuration": "c"', { save: 1, reload: 'r', events: null, configuration: 'c' }],
    ['"toString": "t", "valueOf": 2, "hasOwnProperty": false', { toString: 't', valueOf: 2, hasOwnProperty: false }],
  ])('a task answer with %s', async (raw, expected) => {
    const token = 'oidc-secret-123456';
    server = await serve((method) => ({ body: method === 'GET' ? withRaw(taskFixture(), raw) : JSON.stringify(taskFixture({ result: 'saved' })) }));
    const task = await Task.load('task-1', configurationFor(server.url));
    expect(task).toBeInstanceOf(Task);
    expect(Object.getPrototypeOf(task)).toBe(Task.prototype);
    expect(typeof task.save).toBe('function');
    expect(typeof task.reload).toBe('function');
    expect(`${task}`).toBe('[object Object]');
    expect(task.hasOwnProperty('id')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Kept, read-only, in one documented place.
    expect({ ...task.reservedFields }).toEqual(expect.objectContaining(Object.fromEntries(Object.entries(Object.getOwnPropertyDescriptors(expected)).map(([k, d]) => [k, d.value]))));
    expect(Object.isFrozen(task.reservedFields)).toBe(true);
    // save() sends only what the caller changed: never a reserved field, the caller's token as given.
    task.user_oidc_token = token;
    task.result = 'r';
    await task.save();
    expect(JSON.parse(server.requests[1].body)).toEqual({ user_oidc_token: token, result: 'r' });
  });

  test('a list item with `configuration`, `load` or `__proto__` keys: list() works, the items keep their methods', async () => {
    server = await serve(() => ({ body: `[${withRaw(listItemFixture(), '"configuration": "x", "load": 1, "__proto__": {"a": 1}')}]` }));
    const configuration = configurationFor(server.url);
    const [item] = await new Tasks(configuration).list('agent-1');
    expect(item).toBeInstanceOf(TasksListItem);
    expect(item.configuration).toBe(configuration);
    expect(typeof item.load).toBe('function');
    expect(item.reservedFields).toEqual(expect.objectContaining({ configuration: 'x', load: 1 }));
    expect(Object.getOwnPropertyDescriptor(item.reservedFields, '__proto__')?.value).toEqual({ a: 1 });
  });

  test("a caller's object with symbol keys: none lands on a Task or a list item; the Task still inspects redacted", () => {
    const token = 'oidc-secret-123456';
    const symbols = { [inspect.custom]: () => `shown: ${token}`, [Symbol('mine')]: 1 };
    const task = new Task({ ...taskFixture({ user_oidc_token: token }), ...symbols });
    const item = new TasksListItem({ ...listItemFixture(), ...symbols });
    expect(Object.getOwnPropertySymbols(task)).toEqual([]);
    expect(Object.getOwnPropertySymbols(item)).toEqual([]);
    expect(inspect(task)).not.toContain(token);
    expect(inspect(task)).toContain('[REDACTED]');
  });

  test("a task_finished event's data with `__proto__` hydrates into a whole Task", async () => {
    server = await httpServer((_req, res) => {
      sseHead(res);
      const data = JSON.parse(withRaw(taskFixture({ status: 'completed' }), '"__proto__": null, "events": 5'));
      res.end(frame(1, 'task_finished', data).replace('"data":{', '"data":{"__proto__":null,'));
    });
    const task = new Task(taskFixture(), configurationFor(server.url));
    const events = [];
    for await (const event of task.events({ maxReconnects: 0 })) events.push(event);
    const finished = events[0].data as Task;
    expect(finished).toBeInstanceOf(Task);
    expect(typeof finished.events).toBe('function');
    expect(finished.reservedFields).toEqual(expect.objectContaining({ events: 5 }));
  });
});

describe('no local edit is lost', () => {
  test('an edit made while save() awaits its answer is kept and sent by the next save()', async () => {
    server = await serve((_m, n) => ({ body: JSON.stringify(taskFixture({ result: n === 1 ? 'first' : 'second' })), delayMs: n === 1 ? 100 : 0 }));
    const task = await Task.load('task-1', configurationFor(server.url));
    task.result = 'first';
    const saving = task.save();
    task.internal_status = 'edited in flight';
    await saving;
    expect(task.internal_status).toBe('edited in flight');
    await task.save();
    expect(JSON.parse(server.requests[2].body)).toEqual({ internal_status: 'edited in flight' });
  });

  test('two saves whose answers would cross: they run in order, the instance ends with the last answer', async () => {
    // The first answer is slow: had both been sent at once, it would arrive last.
    server = await serve((_m, n, body) => ({ body: JSON.stringify(taskFixture({ result: JSON.parse(body || '{}').result ?? null })), delayMs: n === 1 ? 150 : 0 }));
    const task = await Task.load('task-1', configurationFor(server.url));
    task.result = 'A';
    const first = task.save();
    task.result = 'B';
    const second = task.save();
    await Promise.all([first, second]);
    expect(server.requests.slice(1).map((r) => JSON.parse(r.body))).toEqual([{ result: 'A' }, { result: 'B' }]);
    expect(task.result).toBe('B');
    await task.save();
    expect(JSON.parse(server.requests[3].body)).toEqual({});
  });

  test('reload() keeps an edit made while it is in flight', async () => {
    server = await serve((_m, n) => ({ body: JSON.stringify(taskFixture({ result: 'server' })), delayMs: n === 1 ? 100 : 0 }));
    const task = await Task.load('task-1', configurationFor(server.url));
    const reloading = task.reload();
    task.result = 'mine';
    await reloading;
    expect(task.result).toBe('mine');
  });

  test("the stream's status check after a clean close reads a fresh task: the caller's unsaved edits stay", async () => {
    server = await httpServer((req, res) => {
      if (req.url?.endsWith('/events')) {
        sseHead(res);
        return res.end(frame(1, 'chunk', 'partial')); // closes without task_finished
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(taskFixture({ status: 'completed', result: 'server' })));
    });
    const task = new Task(taskFixture(), configurationFor(server.url));
    task.result = 'mine (unsaved)';
    for await (const _event of task.events({ maxReconnects: 0 })) {
      // drained
    }
    expect(task.result).toBe('mine (unsaved)');
    expect(server.requests.map((r) => r.url)).toEqual(['/org-1/agent-execution/task-1/events', '/agent-execution/task-1/status']);
  });
});

describe('no common way of copying a Task shows a secret; saving still sends it', () => {
  const secrets = { oidc: 'oidc-token-abcdef', mcp: 'mcp-key-abcdef', user: 'user-token-abcdef' };
  const secretTask = () =>
    new Task(
      taskFixture({
        user_oidc_token: secrets.oidc,
        user_tokens: { graph: secrets.user },
        mcp_servers: [{ name: 'crm', api_key: secrets.mcp }],
      } as never),
    );

  test.each([
    ['spread', (t: Task) => JSON.stringify({ ...t })],
    ['Object.entries', (t: Task) => JSON.stringify(Object.entries(t))],
    ['Object.keys + values', (t: Task) => JSON.stringify(Object.keys(t).map((k) => (t as never)[k]))],
    ['for…in', (t: Task) => { const out: unknown[] = []; for (const k in t) out.push((t as never)[k]); return JSON.stringify(out); }],
    ['structuredClone', (t: Task) => JSON.stringify(structuredClone(t))],
    ['JSON.stringify', (t: Task) => JSON.stringify(t)],
    ['util.inspect', (t: Task) => inspect(t, { depth: 10 })],
    ['Object.assign({}, …)', (t: Task) => JSON.stringify(Object.assign({}, t))],
  ])('%s', (_way, show) => {
    const shown = show(secretTask());
    for (const secret of Object.values(secrets)) expect(shown).not.toContain(secret);
  });

  test('the fields still read and write normally, and an assigned secret is sent by save()', async () => {
    const task = secretTask();
    expect(task.user_oidc_token).toBe(secrets.oidc);
    expect(task.mcp_servers?.[0]).toMatchObject({ api_key: secrets.mcp });
    server = await serve(() => ({ body: JSON.stringify(taskFixture()) }));
    const fresh = await Task.load('task-1', configurationFor(server.url));
    fresh.user_oidc_token = 'new-token-123456';
    expect(JSON.stringify({ ...fresh })).not.toContain('new-token-123456');
    await fresh.save();
    expect(JSON.parse(server.requests[1].body)).toEqual({ user_oidc_token: 'new-token-123456' });
  });
});
