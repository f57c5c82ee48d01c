import { type Emulator, startEmulator } from '../src/emulator';
import { Configuration, Tasks } from '../src';
import { openapi, validateOperation } from './helpers/contract';
import { createBody } from './helpers/fixtures';

/**
 * The emulator's request validation is its own small JSON Schema reader over openapi/ (the
 * package cannot ship ajv). These tests hold it to ajv on the same document: for each field of
 * a request body, a spread of values, the emulator refuses exactly what ajv refuses.
 */
let strict: Emulator;
let lenient: Emulator;

beforeAll(async () => {
  // Slow agents: the tasks created here only need to exist.
  [strict, lenient] = await Promise.all([
    startEmulator({ stepMs: 60_000, agents: 'any' }),
    startEmulator({ stepMs: 60_000, agents: 'any', validation: 'lenient' }),
  ]);
});
afterAll(() => Promise.all([strict.close(), lenient.close()]));

async function send(emulator: Emulator, method: string, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'x-api-key': emulator.api_key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

const VALUES: unknown[] = [null, 'text', '', 0, 1.5, -3, true, [], ['a'], [null], {}, { text: 'x' }, 'markdown', 'html', '2026-01-01T10:00:00Z', 'x'.repeat(300)];

const ajvAccepts = (operationId: string, body: unknown) => {
  try {
    validateOperation(operationId, 'request', body);
    return true;
  } catch {
    return false;
  }
};

test('create: for every field and value, the emulator refuses (422) exactly what ajv refuses', async () => {
  const schema = openapi.components.schemas.CreateTaskRequest;
  const disagreements: string[] = [];
  for (const field of [...Object.keys(schema.properties).filter((k) => k !== 'id'), 'not_a_field']) {
    for (const value of VALUES) {
      const body = { ...createBody(), [field]: value };
      const { status } = await send(strict, 'POST', '/agent-execution/agent-x', body);
      const expected = ajvAccepts('createTask', body) ? 200 : 422;
      if (status !== expected) disagreements.push(`${field}=${JSON.stringify(value)}: emulator ${status}, ajv ${expected}`);
    }
  }
  expect(disagreements).toEqual([]);
});

test('update: for every declared field and value, likewise', async () => {
  const { json: task } = await send(strict, 'POST', '/agent-execution/agent-x', createBody());
  const schema = openapi.components.schemas.UpdateTaskRequest;
  const disagreements: string[] = [];
  for (const field of Object.keys(schema.properties)) {
    for (const value of VALUES) {
      const body = { [field]: value };
      const { status } = await send(strict, 'PATCH', `/agent-execution/${task.id}/update`, body);
      const expected = ajvAccepts('updateTask', body) ? 200 : 422;
      if (status !== expected) disagreements.push(`${field}=${JSON.stringify(value)}: emulator ${status}, ajv ${expected}`);
    }
  }
  expect(disagreements).toEqual([]);
});

test('lenient: extra keys, unknown enum values and missing keys pass (extra keys not stored); wrong types do not', async () => {
  const loose = await send(lenient, 'POST', '/agent-execution/agent-x', { input: { text: 'hi' }, output_format: 'html', surprise: 1 });
  expect(loose.status).toBe(200);
  expect(loose.json).toMatchObject({ output_format: 'html', input: { text: 'hi' } });
  expect(loose.json).not.toHaveProperty('surprise');
  const patched = await send(lenient, 'PATCH', `/agent-execution/${loose.json.id}/update`, { result: 'r', custom_flag: true });
  expect([patched.status, patched.json.result, 'custom_flag' in patched.json]).toEqual([200, 'r', false]);
  const listed = await fetch(`${lenient.url}/agent-execution/executions/history/agent-x?state=any`, { headers: { 'x-api-key': lenient.api_key } });
  expect(listed.status).toBe(200);
  const wrong = await send(lenient, 'POST', '/agent-execution/agent-x', { input: { text: 'hi' }, events_streaming: 'yes' });
  expect([wrong.status, wrong.json.detail]).toEqual([422, [{ type: 'bool_type', loc: ['body', 'events_streaming'], msg: 'Input should be a valid boolean', input: 'yes' }]]);
  const noInput = await send(lenient, 'POST', '/agent-execution/agent-x', { title: 't' });
  expect([noInput.status, noInput.json.detail[0].loc]).toEqual([422, ['body', 'input']]);
  await expect(startEmulator({ validation: 'loose' as never })).rejects.toThrow(/validation must be 'strict' or 'lenient'/);
});

test('a 422 reaches SDK callers as a ModuleException with one issue per problem, the echoed input left out', async () => {
  const tasks = new Tasks(new Configuration({ base_url: strict.url, api_key: strict.api_key, organization_id: strict.organization_id }));
  const error = await tasks.list('agent-x', { status: 'running' as never }).catch((e: unknown) => e);
  // Refused locally first: the SDK checks enums before sending.
  expect(error).toMatchObject({ kind: 'invalid_input' });
  const task = await tasks.create({ agent_id: 'agent-x', prompt: 'p' });
  task.paused_at = 'not a date';
  const saveError = await task.save().catch((e: unknown) => e);
  expect(saveError).toMatchObject({ status_code: 422, issues: [{ loc: ['body', 'paused_at'], msg: 'Input should be a valid datetime or date', type: 'datetime_from_date_parsing' }] });
  expect((saveError as { issues: object[] }).issues[0]).not.toHaveProperty('input');
});
