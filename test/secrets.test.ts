// Secrets are scrubbed from every error, whichever path made it: REST calls and the event
// stream, error bodies, header values, quoted snippets, causes, debug-log lines, 422 echoes.
import { inspect } from 'node:util';
import { Configuration, ModuleException, Tasks, type DebugRecord } from '../src';
import { BOTH_PATHS, configurationFor, failureOf } from './helpers/both-paths';
import { API_KEY } from './helpers/fixtures';
import { httpServer, type HttpServer } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Everything a user could print of an error: message, JSON, inspect (cause chain and headers included). */
function everythingShown(error: unknown): string {
  const e = error as ModuleException;
  return [String(e), e.message, e.description, JSON.stringify(e), inspect(e, { depth: 10 }), inspect(e.headers), JSON.stringify(e.issues)].join('\n');
}

describe.each(BOTH_PATHS)('over %s', (_name, call) => {
  test('a server echoing the API key in its error body and a header: the key is [REDACTED]', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'x-echo': `key=${API_KEY}` });
      res.end(JSON.stringify({ detail: `bad key ${API_KEY}` }));
    });
    const error = await failureOf(call(configurationFor(server.url)));
    expect(error).toBeInstanceOf(ModuleException);
    expect(error).toMatchObject({ status_code: 401, description: 'bad key [REDACTED]' });
    expect(error.headers?.get('x-echo')).toBe('key=[REDACTED]');
    expect(everythingShown(error)).not.toContain(API_KEY);
  });

  test('a 2xx answer that quotes the key where JSON or SSE was due: scrubbed from the snippet and the cause', async () => {
    server = await httpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>your key is ${API_KEY}</html>`);
    });
    const error = await failureOf(call(configurationFor(server.url)));
    expect(error).toMatchObject({ kind: 'invalid_response', status_code: 200 });
    expect(everythingShown(error)).not.toContain(API_KEY);
  });

  test('debug-log lines never carry the key, even in a path the server redirected to', async () => {
    server = await httpServer((req, res, n) => {
      if (n === 0) {
        res.writeHead(307, { location: `/moved/${API_KEY}${req.url}` });
        res.end();
        return;
      }
      res.writeHead(500);
      res.end(`trace: ${API_KEY}`);
    });
    const records: DebugRecord[] = [];
    const error = await failureOf(call(configurationFor(server.url, { log: (r) => records.push(r) })));
    expect(error).toBeInstanceOf(ModuleException);
    expect(records.map((r) => r.kind === 'request' && r.path)).toEqual([expect.any(String), expect.stringContaining('/moved/[REDACTED]/')]);
    expect(JSON.stringify(records)).not.toContain(API_KEY);
    expect(everythingShown(error)).not.toContain(API_KEY);
  });

  test.each([
    ['a line feed', `${API_KEY}\nx-admin: 1`],
    ['a carriage return', `${API_KEY}\rx`],
    ['a NUL', `${API_KEY}\0`],
  ])('an API key with %s is refused before any request, without quoting it', async (_what, key) => {
    server = await httpServer((_req, res) => res.end());
    const error = await failureOf(call(configurationFor(server.url, { api_key: key })));
    expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringMatching(/API key contains a line break/) });
    expect(everythingShown(error)).not.toContain(API_KEY);
    expect(server.requests).toHaveLength(0);
  });
});

describe('the secrets of a request body', () => {
  const secrets = {
    user_oidc_token: 'oidc-token-7f3a9',
    mcp_api_key: 'mcp-key-91bd2',
    mcp_client_secret: 'client-secret-44e1',
    mcp_header: 'Bearer header-token-0c7d',
    mcp_env: 'env-secret-5a6b',
    user_token: 'user-token-"quoted"-e2',
  };
  const params = {
    agent_id: 'agent-1',
    prompt: 'hi',
    user_oidc_token: secrets.user_oidc_token,
    mcp_servers: [
      {
        name: 'crm',
        api_key: secrets.mcp_api_key,
        client_secret: secrets.mcp_client_secret,
        headers: { Authorization: secrets.mcp_header },
        env_vars: { TOKEN: secrets.mcp_env },
      },
    ],
    user_tokens: { 'graph-item-1': secrets.user_token },
  };

  test("FastAPI's 422 echoing the whole create body: readable lines, the issues kept, no secret anywhere", async () => {
    server = await httpServer((_req, res) => {
      const input = JSON.parse(server!.requests[0].body);
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          detail: [
            { loc: ['body', 'input', 'text'], msg: 'Field required', type: 'missing', input },
            { loc: ['body', 'think_mode'], msg: `Input should be 'default' or 'harder', not ${JSON.stringify(input)}`, type: 'enum', input },
          ],
        }),
      );
    });
    const tasks = new Tasks(configurationFor(server.url));
    const error = await tasks.create(params).catch((e) => e);
    expect(error).toBeInstanceOf(ModuleException);
    expect(error.status_code).toBe(422);
    expect(error.description).toMatch(/^body\.input\.text: Field required; body\.think_mode: Input should be/);
    expect(error.issues).toEqual([
      { loc: ['body', 'input', 'text'], msg: 'Field required', type: 'missing' },
      { loc: ['body', 'think_mode'], msg: expect.stringContaining('[REDACTED]'), type: 'enum' },
    ]);
    const shown = everythingShown(error);
    for (const secret of Object.values(secrets)) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(JSON.stringify(secret).slice(1, -1)); // as quoted inside a JSON string
    }
    // The secrets did reach the server: the test would pass vacuously otherwise.
    for (const secret of [secrets.user_oidc_token, secrets.mcp_api_key, secrets.mcp_env]) expect(server.requests[0].body).toContain(secret);
  });

  test('an agent_version with a line break is refused before any request', async () => {
    server = await httpServer((_req, res) => res.end());
    const tasks = new Tasks(configurationFor(server.url));
    await expect(tasks.create({ agent_id: 'agent-1', agent_version: '3\r\nx-admin: 1' })).rejects.toMatchObject({
      kind: 'invalid_input',
      message: expect.stringContaining('x-agent-version header contains a line break'),
    });
    expect(server.requests).toHaveLength(0);
  });

  test('the configuration never shows the key', () => {
    const configuration = new Configuration({ api_key: API_KEY });
    expect(JSON.stringify(configuration) + inspect(configuration)).not.toContain(API_KEY);
  });
});
