/**
 * What `Task` loads the first time it waits or parses a result (see `waiting()` in task.ts): a
 * chunk of its own, out of an app's first load.
 */
export { waitFor } from './wait.js';
export { parseResult } from './result.js';
