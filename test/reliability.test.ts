import nock from 'nock';
import { Configuration, type DebugRecord, ModuleException, Tasks } from '../src';
import { API_KEY, BASE, taskFixture } from './helpers/fixtures';
import { useNock } from './helpers/nock';

const make = (options: Partial<ConstructorParameters<typeof Configuration>[0]> = {}) =>
  new Tasks(new Configuration({ api_key: API_KEY, base_url: BASE, ...options }));
const fast = { 'retry-after-ms': '5' };

useNock();

describe('retries', () => {
  test.each([408, 409, 429, 500, 502, 503, 504])('a GET answered %i is retried', async (status) => {
    nock(BASE).get('/agent-execution/t/status').reply(status, { detail: 'x' }, fast);
    nock(BASE).get('/agent-execution/t/status').reply(200, taskFixture({ id: 't' }));
    expect((await make().get('t')).id).toBe('t');
  });

  test('2 retries by default, then the last error', async () => {
    nock(BASE).get('/agent-execution/t/status').times(3).reply(503, { detail: 'still down' }, fast);
    await expect(make().get('t')).rejects.toMatchObject({ status_code: 503, description: 'still down' });
  });

  test('maxRetries per client and per call', async () => {
    nock(BASE).get('/agent-execution/t/status').times(5).reply(503, {}, fast);
    nock(BASE).get('/agent-execution/t/status').reply(200, taskFixture({ id: 't' }));
    await make({ maxRetries: 5 }).get('t');
    nock(BASE).get('/agent-execution/t/status').reply(503, {}, fast);
    await expect(make({ maxRetries: 5 }).get('t', { maxRetries: 0 })).rejects.toMatchObject({ status_code: 503 });
  });

  test('PATCH and DELETE are retried; a 4xx other than 408/409/429 is not', async () => {
    nock(BASE).patch('/agent-execution/t/update').reply(502, {}, fast).patch('/agent-execution/t/update').reply(200, taskFixture());
    await make().update({ task_id: 't', result: 'r' });
    nock(BASE).delete('/agent-execution/t').reply(500, {}, fast).delete('/agent-execution/t').reply(200, taskFixture());
    await make().stop('t');
    nock(BASE).get('/agent-execution/t/status').reply(400, { detail: 'bad' });
    await expect(make().get('t')).rejects.toMatchObject({ status_code: 400 });
  });

  test('POSTs (create, reports) are never retried', async () => {
    nock(BASE).post('/agent-execution/a').reply(503, {}, fast);
    await expect(make({ maxRetries: 5 }).create({ agent_id: 'a' })).rejects.toMatchObject({ status_code: 503 });
  });

  test('connection errors are retried, then a connection error', async () => {
    nock(BASE).get('/agent-execution/t/status').replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    nock(BASE).get('/agent-execution/t/status').reply(200, taskFixture({ id: 't' }));
    expect((await make().get('t')).id).toBe('t');
    nock(BASE).get('/agent-execution/t/status').replyWithError({ code: 'ECONNREFUSED', message: 'refused' });
    const error = await make({ maxRetries: 0 }).get('t').catch((e) => e);
    expect(error).toMatchObject({ kind: 'connection', status_code: 0 });
    expect(error.message).toMatch(/Failed to get task: connection failed/);
  });

  test('Retry-After in seconds is honoured', async () => {
    nock(BASE).get('/agent-execution/t/status').reply(429, {}, { 'retry-after': '1' });
    nock(BASE).get('/agent-execution/t/status').reply(200, taskFixture({ id: 't' }));
    const started = Date.now();
    await make().get('t');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('timeouts and aborts', () => {
  test('a slow answer is a timeout error, told apart from the rest', async () => {
    nock(BASE).get('/agent-execution/t/status').delay(300).reply(200, taskFixture());
    const error = await make({ maxRetries: 0 }).get('t', { timeout: 50 }).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ kind: 'timeout', status_code: 0, name: 'ModuleException' });
    expect(error.message).toMatch(/timed out after 50 ms/);
  });

  test('the timeout covers the body too', async () => {
    nock(BASE).get('/agent-execution/t/status').delayBody(300).reply(200, taskFixture());
    await expect(make({ maxRetries: 0, timeout: 50 }).get('t')).rejects.toMatchObject({ kind: 'timeout' });
  });

  test('a caller signal aborts with kind aborted and name AbortError', async () => {
    nock(BASE).get('/agent-execution/t/status').delay(300).reply(200, taskFixture());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 20);
    const error = await make().get('t', { signal: controller.signal }).catch((e) => e);
    expect(error).toMatchObject({ kind: 'aborted', name: 'AbortError' });
  });

  test('bad per-call options are refused before any request', async () => {
    await expect(make().get('t', { timeout: -5 })).rejects.toThrow(/timeout must be a non-negative number/);
  });
});

describe('redirects', () => {
  test('a same-origin redirect is followed with the key', async () => {
    nock(BASE).get('/agent-execution/t/status').reply(307, '', { location: '/v2/agent-execution/t/status' });
    nock(BASE, { reqheaders: { 'x-api-key': API_KEY } }).get('/v2/agent-execution/t/status').reply(200, taskFixture({ id: 't' }));
    expect((await make().get('t')).id).toBe('t');
  });

  test('a redirect to another origin is not followed: the key never leaves', async () => {
    nock(BASE).get('/agent-execution/t/status').reply(302, '', { location: 'https://evil.example/steal' });
    const evil = nock('https://evil.example').get('/steal').reply(200, {});
    const error = await make().get('t').catch((e) => e);
    expect(error).toMatchObject({ status_code: 302, kind: 'http' });
    expect(error.message).toMatch(/another origin \(https:\/\/evil.example\)/);
    expect(evil.isDone()).toBe(false);
    nock.cleanAll();
  });
});

describe('bodies that lie', () => {
  test.each([
    ['truncated JSON', '{"id": "t", "agent', 'application/json'],
    ['an HTML page', '<html><body>Bad gateway</body></html>', 'text/html'],
  ])('%s on a 200 is an invalid_response quoting status and a snippet', async (_name, body, type) => {
    nock(BASE).get('/agent-execution/t/status').reply(200, body, { 'content-type': type });
    const error = await make().get('t').catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error.kind).toBe('invalid_response');
    expect(error.status_code).toBe(200);
    expect(error.message).toContain(type);
    expect(error.message).toContain(JSON.stringify(body.slice(0, 20)).slice(1, -1));
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  test('an empty 200 body is an invalid_response, not a crash', async () => {
    nock(BASE).get('/agent-execution/t/status').reply(200, '');
    await expect(make().get('t')).rejects.toMatchObject({ kind: 'invalid_response', message: expect.stringMatching(/empty body/) });
  });

  test('an HTML error page is quoted, capped, as the description', async () => {
    nock(BASE).get('/agent-execution/t/status').reply(404, `<html>${'x'.repeat(5000)}</html>`, { 'content-type': 'text/html' });
    const error = await make().get('t').catch((e) => e);
    expect(error.status_code).toBe(404);
    expect(error.description.length).toBeLessThanOrEqual(1001);
    expect(error.description.startsWith('<html>')).toBe(true);
  });

  test('the API key echoed in an error body is scrubbed', async () => {
    nock(BASE).get('/agent-execution/t/status').reply(401, { detail: `key ${API_KEY} is not valid` });
    const error = await make().get('t').catch((e) => e);
    expect(error.message).not.toContain(API_KEY);
    expect(error.description).toBe('key [REDACTED] is not valid');
  });
});

describe('debug log', () => {
  test('one record per attempt: method, path, status, attempt, timing; no key', async () => {
    const records: DebugRecord[] = [];
    nock(BASE).get('/agent-execution/t/status').reply(503, {}, fast).get('/agent-execution/t/status').reply(200, taskFixture());
    await make({ log: (r) => records.push(r) }).get('t');
    expect(records).toEqual([
      { kind: 'request', method: 'GET', path: '/agent-execution/t/status', status: 503, attempt: 1, ms: expect.any(Number) },
      { kind: 'request', method: 'GET', path: '/agent-execution/t/status', status: 200, attempt: 2, ms: expect.any(Number) },
    ]);
    expect(JSON.stringify(records)).not.toContain(API_KEY);
  });

  test('XPANDER_DEBUG=1 writes redacted lines to stderr', async () => {
    const lines: unknown[][] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args) => void lines.push(args));
    process.env.XPANDER_DEBUG = '1';
    try {
      nock(BASE).get('/agent-execution/t/status').reply(200, taskFixture());
      await make().get('t');
    } finally {
      delete process.env.XPANDER_DEBUG;
      spy.mockRestore();
    }
    expect(lines).toEqual([[expect.stringMatching(/^\[xpander-tasks\] GET \/agent-execution\/t\/status → 200 \(attempt 1, \d+ ms\)$/)]]);
    expect(JSON.stringify(lines)).not.toContain(API_KEY);
  });
});
