// Errors people can act on: the server's status and words, its headers and request id, the
// validation list, and answers that break the route's promise, over REST and the stream.
import { ModuleException, Tasks } from '../src';
import { BOTH_PATHS, configurationFor, failureOf } from './helpers/both-paths';
import { taskFixture } from './helpers/fixtures';
import { httpServer, type HttpServer } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe.each(BOTH_PATHS)('over %s', (_name, call) => {
  test('a refusal carries the status, the description, the response headers and the request id', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json', 'x-request-id': 'req-42', 'x-ratelimit-remaining': '7' });
      res.end(JSON.stringify({ detail: 'Not your organization' }));
    });
    const error = await failureOf(call(configurationFor(server.url)));
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ status_code: 403, kind: 'http', description: 'Not your organization', request_id: 'req-42' });
    expect(error.headers?.get('x-ratelimit-remaining')).toBe('7');
  });

  test('a FastAPI validation list becomes one readable line per field, the list kept on the error', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: [{ loc: ['path', 'task_id'], msg: 'String too long', type: 'string_too_long', input: 'x' }] }));
    });
    const error = await failureOf(call(configurationFor(server.url)));
    expect(error).toMatchObject({ status_code: 422, description: 'path.task_id: String too long' });
    expect(error.issues).toEqual([{ loc: ['path', 'task_id'], msg: 'String too long', type: 'string_too_long' }]);
  });
});

describe('answers that break the route promise are invalid_response with the status as it came', () => {
  test.each([
    ['an array where a task is due', 200, '[]', /expected a JSON object/],
    ['a task without an id', 200, JSON.stringify({ status: 'completed' }), /expected a task with an id/],
    ['an empty 204', 204, '', /empty body/],
    ['a 201 string', 201, '"ok"', /expected a JSON object/],
  ])('%s', async (_what, status, body, message) => {
    server = await httpServer((_req, res) => {
      res.writeHead(status, status === 204 ? {} : { 'content-type': 'application/json' });
      res.end(body);
    });
    const error = await new Tasks(configurationFor(server.url)).get('task-1').catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'invalid_response', status_code: status, message: expect.stringMatching(message) });
  });

  test('a list with an item that is not a task', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([taskFixture(), 7]));
    });
    await expect(new Tasks(configurationFor(server.url)).list('agent-1')).rejects.toMatchObject({
      kind: 'invalid_response',
      message: expect.stringContaining('item 1: expected a JSON object'),
    });
  });
});

describe('a create that failed after it was sent', () => {
  test('a 503 is not retried, and the error says the task may have been created', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(503);
      res.end('upstream timeout');
    });
    const error = await new Tasks(configurationFor(server.url, { maxRetries: 2 })).create({ agent_id: 'agent-1' }).catch((e) => e);
    expect(error).toMatchObject({ status_code: 503, message: expect.stringMatching(/upstream timeout.*may have taken effect/) });
    expect(server.requests).toHaveLength(1);
  });

  test('a 404 is reported without that warning: the server refused it', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(404);
      res.end('Agent not found');
    });
    const error = await new Tasks(configurationFor(server.url)).create({ agent_id: 'agent-1' }).catch((e) => e);
    expect(error).toMatchObject({ status_code: 404, description: 'Agent not found' });
  });
});

test("a browser's opaque redirect is a ModuleException that says the browser would not follow it", async () => {
  // What a browser's fetch gives for redirect: 'manual': status 0, no readable Location.
  const opaque = async () => Object.defineProperties(new Response(null), { type: { value: 'opaqueredirect' }, status: { value: 0 }, ok: { value: false } });
  const configuration = configurationFor('https://api.example', { fetch: opaque as typeof fetch });
  await expect(new Tasks(configuration).get('task-1')).rejects.toMatchObject({
    name: 'ModuleException',
    message: expect.stringMatching(/redirect, which this browser does not let the SDK follow/),
  });
});
