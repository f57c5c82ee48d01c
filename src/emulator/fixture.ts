import type { Task } from '../../generated/types.gen.js';
import type { Known } from '../core/types.js';
import fresh from './fresh-task.json';

/**
 * A task as the platform answers for one just created: every field openapi/ names on Task,
 * with its fresh value. The one fixture of the project (fresh-task.json, JSON so that the
 * benchmarks' plain JavaScript reads it too): the emulator starts every task from it, and the
 * tests and benchmarks build theirs on it. The compiler checks it stays whole (`satisfies
 * Required<…>` fails when openapi/ gains a field it lacks).
 */
const FRESH = fresh satisfies Required<Omit<Known<Task>, LocalMetrics>>;

/** On Task in openapi/ for the Python SDK's sake, but measured locally: never in a server's answer. */
type LocalMetrics = 'tokens' | 'used_tools' | 'duration';

/**
 * A whole Task body, fresh (`pending`, nothing run yet), with `overrides` on top: for tests of
 * code that reads tasks, without a server.
 *
 * @example
 * ```ts
 * const task = new Task(exampleTask({ status: 'completed', result: 'Done' }), configuration);
 * ```
 */
export function exampleTask(overrides: Partial<Task> & Record<string, unknown> = {}): Task {
  return { ...structuredClone(FRESH), ...overrides };
}
