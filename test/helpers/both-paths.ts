import { Configuration, ModuleException, Task, type ConfigurationOptions } from '../../src';
import { API_KEY, taskFixture } from './fixtures';

/** Runs one call of a path and resolves when it has ended; a failure rejects. */
export type PathCall = (configuration: Configuration) => Promise<unknown>;

/**
 * The two ways a request leaves the SDK, so a promise of the engine (scrubbing, errors, plain
 * fetch, caps) is tested once over each: a REST call, and the event stream (no reconnects, so
 * its first failure is the caller's error).
 */
export const BOTH_PATHS: Array<[string, PathCall]> = [
  ['a REST call (Task.load)', (configuration) => Task.load('task-1', configuration)],
  [
    'the event stream (task.events())',
    async (configuration) => {
      const task = new Task(taskFixture({ events_streaming: true }), configuration);
      for await (const _event of task.events({ maxReconnects: 0 })) {
        // drained
      }
    },
  ],
];

/** A configuration for a local test server: the test key, no retries unless asked. */
export function configurationFor(url: string, options: ConfigurationOptions = {}): Configuration {
  return new Configuration({ api_key: API_KEY, base_url: url, organization_id: 'org-1', maxRetries: 0, ...options });
}

/** The error a call failed with, checked to be a ModuleException (the one error type the SDK raises). */
export async function failureOf(promise: Promise<unknown>): Promise<ModuleException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModuleException);
  return error as ModuleException;
}
