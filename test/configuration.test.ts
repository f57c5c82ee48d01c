import nock from 'nock';
import { inspect } from 'node:util';
import { Configuration, Tasks } from '../src';

const ENV = ['XPANDER_API_KEY', 'XPANDER_BASE_URL', 'XPANDER_ORGANIZATION_ID', 'IS_STG'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
beforeEach(() => ENV.forEach((k) => delete process.env[k]));
afterAll(() => ENV.forEach((k) => (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]))));

test('defaults to production inbound, staging only for IS_STG=true exactly', () => {
  expect(new Configuration().base_url).toBe('https://inbound.xpander.ai');
  process.env.IS_STG = 'True';
  expect(new Configuration().base_url).toBe('https://inbound.xpander.ai');
  process.env.IS_STG = 'true';
  expect(new Configuration().base_url).toBe('https://inbound.stg.xpander.ai');
});

test('reads the environment when built, options win', () => {
  process.env.XPANDER_API_KEY = 'env-key';
  process.env.XPANDER_BASE_URL = 'api.example.com/';
  process.env.XPANDER_ORGANIZATION_ID = 'env-org';
  const fromEnv = new Configuration();
  expect(fromEnv).toMatchObject({ api_key: 'env-key', base_url: 'https://api.example.com', organization_id: 'env-org' });
  const given = new Configuration({ api_key: 'k', base_url: 'http://localhost:8080', organization_id: 'o' });
  expect(given).toMatchObject({ api_key: 'k', base_url: 'http://localhost:8080', organization_id: 'o' });
});

test.each([
  ['https://inbound.xpander.ai', 'https://inbound.xpander.ai', 'https://agent-controller.xpander.ai'],
  ['inbound.xpander.ai', 'https://inbound.xpander.ai', 'https://agent-controller.xpander.ai'],
  ['https://inbound.stg.xpander.ai', 'https://inbound.stg.xpander.ai', 'https://agent-controller.stg.xpander.ai'],
  ['https://agent-controller.xpander.ai', 'https://agent-controller.xpander.ai/ORG', 'https://agent-controller.xpander.ai'],
  ['https://agent-controller.stg.xpander.ai/', 'https://agent-controller.stg.xpander.ai/ORG', 'https://agent-controller.stg.xpander.ai'],
  ['http://localhost:9016', 'http://localhost:9016/ORG', 'http://localhost:9016'],
  ['http://localhost:8085', 'http://localhost:8085', 'http://localhost:8085'],
  ['https://api.xpander.ai', 'https://api.xpander.ai', 'https://api.xpander.ai'],
  ['https://agent-controller.acme.internal', 'https://agent-controller.acme.internal/ORG', 'https://agent-controller.acme.internal'],
])('base %s: REST %s, events host %s', (base_url, rest, events) => {
  const configuration = new Configuration({ base_url, organization_id: 'ORG', api_key: 'k' });
  expect(configuration.getFullUrl()).toBe(rest);
  expect(configuration.getEventsBaseUrl()).toBe(events);
});

test('events_base_url overrides the derivation', () => {
  const configuration = new Configuration({ base_url: 'http://localhost:8085', events_base_url: 'http://localhost:9016/' });
  expect(configuration.getEventsBaseUrl()).toBe('http://localhost:9016');
});

test('an agent controller without an organization id is a clear error, not /None', () => {
  const configuration = new Configuration({ base_url: 'https://agent-controller.xpander.ai', api_key: 'k' });
  expect(() => configuration.getFullUrl()).toThrow(/XPANDER_ORGANIZATION_ID/);
});

test('a missing API key is a clear error naming XPANDER_API_KEY, before any request', async () => {
  nock.disableNetConnect();
  const scope = nock('https://inbound.xpander.ai').get(/.*/).reply(200, {});
  const error = await new Tasks(new Configuration()).get('task-1').catch((e) => e);
  expect(error).toMatchObject({ kind: 'invalid_input', status_code: 0 });
  expect(error.message).toMatch(/XPANDER_API_KEY/);
  expect(scope.isDone()).toBe(false);
  nock.cleanAll();
  nock.enableNetConnect();
});

test('bad timeout and maxRetries are refused when the configuration is built', () => {
  expect(() => new Configuration({ timeout: -1 })).toThrow(/timeout must be a non-negative number/);
  expect(() => new Configuration({ maxRetries: Number.NaN })).toThrow(/maxRetries/);
});

test('the API key never shows in JSON.stringify or util.inspect', () => {
  const configuration = new Configuration({ api_key: 'sk-very-secret' });
  expect(JSON.stringify(configuration)).not.toContain('sk-very-secret');
  expect(inspect(configuration, { depth: 5, showHidden: true })).not.toContain('sk-very-secret');
  expect(JSON.stringify(configuration)).toContain('[REDACTED]');
});

describe('an API key in a browser page', () => {
  const globals = ['window', 'document', 'navigator'] as const;
  let saved: Array<PropertyDescriptor | undefined>;
  beforeEach(() => {
    saved = globals.map((name) => Object.getOwnPropertyDescriptor(globalThis, name));
    for (const name of globals) Object.defineProperty(globalThis, name, { value: {}, configurable: true, writable: true });
  });
  afterEach(() => {
    globals.forEach((name, i) => {
      const descriptor = saved[i];
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    });
  });

  test('is refused with an error that names the opt-in, and never quotes the key', () => {
    let error: unknown;
    try {
      new Configuration({ api_key: 'browser-key-123456' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ kind: 'invalid_input', message: expect.stringContaining('dangerouslyAllowBrowser: true') });
    expect(String((error as Error).message)).not.toContain('browser-key-123456');
  });

  test('is allowed with dangerouslyAllowBrowser, and a configuration without a key needs no opt-in', () => {
    expect(new Configuration({ api_key: 'k', dangerouslyAllowBrowser: true }).hasApiKey).toBe(true);
    expect(new Configuration({ base_url: 'https://relay.example' }).hasApiKey).toBe(false);
  });
});
