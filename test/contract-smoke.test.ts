import { validateOperation, validateSchema } from './helpers/contract';

test('the contract helper rejects a Task without its required fields', () => {
  expect(() => validateSchema('Task', { id: 't' })).toThrow(/agent_id/);
  validateSchema('Task', { id: 't', agent_id: 'a', organization_id: 'o', input: {}, created_at: '2026-01-01T00:00:00Z' });
  expect(() => validateOperation('listTasks', 'response', [{ id: 1 }])).toThrow();
});
