/** `task.wait()`, which `tasks.run()` and `stop({ wait })` use; loaded at first use (see `waiting()` in task.ts). */
import { abortedError } from '../core/error-factory.js';
import { ModuleException } from '../core/errors.js';
import { retryAfterMs, sleep } from '../core/retry.js';
import { CallSignal, isAbortSignal } from '../core/signal.js';
import { checkObject, nonNegative } from '../core/validate.js';
import type { McpoAuthGetTokenResponse } from '../../generated/types.gen.js';
import type { Task } from '../task.js';
import { isTerminal, noteAuthEvent, pauseOf } from './pause.js';
import { DEFAULT_POLL_INTERVAL_MS, DEFAULT_WAIT_TIMEOUT_MS, MAX_POLL_INTERVAL_MS, type WaitOptions } from './types.js';
import { LIFECYCLE_TYPES } from '../events/known.js';

type Checked = ReturnType<typeof checkWaitOptions>;

/**
 * Waits until the task is settled (or terminal), refreshing `task` in place; see
 * {@link Task.wait}. Whatever way it ends, no request, stream, timer or listener is left.
 */
export async function waitFor(task: Task, options: WaitOptions = {}): Promise<Task> {
  const checked = checkWaitOptions(options);
  const call = new CallSignal(checked.timeout, checked.signal);
  const tracker = statusTracker(task, checked);
  // A new wait goes on past an MCP login the last one stopped at.
  noteAuthEvent(task, undefined);
  try {
    if (checked.stream === 'auto' && task.events_streaming) {
      if (await followStream(task, checked, call, tracker)) return task;
    }
    return await poll(task, checked, call, tracker);
  } catch (error) {
    // A callback's own error reaches the caller as it was thrown.
    if (error instanceof CallbackFailure) throw error.error;
    throw waitError(task, error, call, checked);
  } finally {
    call.dispose();
  }
}

/**
 * Follows the stream until an event settles the task, then reads the task once for its final
 * state. True when that state is settled; false when the stream could not be followed (or
 * ended early) and polling must take over.
 */
async function followStream(task: Task, options: Checked, call: CallSignal, tracker: Tracker): Promise<boolean> {
  try {
    for await (const event of task.events({ signal: call.signal })) {
      callback(options.onEvent, event);
      let settles = false;
      if (event.type === 'auth_event') {
        noteAuthEvent(task, event.data as McpoAuthGetTokenResponse);
        settles = options.until === 'settled' && (event.data as McpoAuthGetTokenResponse).type === 'login_required';
      } else if (LIFECYCLE_TYPES.has(event.type)) {
        const seen = event.data as Task;
        tracker.saw(seen);
        settles = isSettled(seen, options);
      }
      if (settles) break;
    }
  } catch (error) {
    if (call.signal.aborted || !(error instanceof ModuleException) || error.kind === 'invalid_input') throw error;
    task.configuration.log?.({ kind: 'wait_polling', task_id: task.id, reason: error.message });
    return false;
  }
  await task.reload({ signal: call.signal });
  tracker.saw(task);
  return isSettled(task, options);
}

/** Reads the task until it is settled, each interval half again as long as the one before. */
async function poll(task: Task, options: Checked, call: CallSignal, tracker: Tracker): Promise<Task> {
  const ceiling = Math.max(options.pollInterval, MAX_POLL_INTERVAL_MS);
  let interval = options.pollInterval;
  for (;;) {
    let delay = interval;
    try {
      await task.reload({ signal: call.signal });
      tracker.saw(task);
      if (isSettled(task, options)) return task;
    } catch (error) {
      // Polling too fast is the wait's own doing: slow down as asked rather than fail.
      if (!(error instanceof ModuleException) || error.status_code !== 429 || call.signal.aborted) throw error;
      delay = Math.max(interval * 2, (error.headers && retryAfterMs(error.headers)) ?? 0);
    }
    await sleep(delay, call.signal);
    interval = Math.min(interval * 1.5, ceiling);
  }
}

const isSettled = (task: Task, options: Checked) => isTerminal(task.status) || (options.until === 'settled' && pauseOf(task) !== null);

interface Tracker {
  saw(seen: Task): void;
}

/** Calls `onStatus` with the task each time its status or pause differs from the last seen. */
function statusTracker(task: Task, options: Checked): Tracker {
  let last = stateOf(task);
  return {
    saw(seen) {
      const state = stateOf(seen);
      if (state === last) return;
      last = state;
      callback(options.onStatus, seen);
    },
  };
}

const stateOf = (task: Task) => `${task.status}\u0000${pauseOf(task)?.kind ?? ''}`;

/** The error a wait ends with: its own timeout and abort said plainly, anything else as it came. */
function waitError(task: Task, error: unknown, call: CallSignal, options: Checked): unknown {
  const what = `Waiting for task ${task.id}`;
  if (call.timedOut) {
    return new ModuleException(
      0,
      `${what}: timed out after ${options.timeout} ms; it is still ${task.status ?? 'in an unknown status'} and goes on running on the platform (raise timeout, or 0 for no limit)`,
      'timeout',
      { cause: error },
    );
  }
  if (call.abortedByCaller) return abortedError(what, error);
  return error;
}

/** A callback's error on its way out, so that no catch on the way mistakes it for the SDK's. */
class CallbackFailure {
  constructor(readonly error: unknown) {}
}

function callback<T>(fn: ((value: T) => void) | undefined, value: T): void {
  try {
    fn?.(value);
  } catch (error) {
    throw new CallbackFailure(error);
  }
}

function checkWaitOptions(options: WaitOptions) {
  checkObject('wait options', options);
  const { until = 'settled', stream = 'auto' } = options;
  if (until !== 'settled' && until !== 'terminal') throw ModuleException.invalidInput(`until must be 'settled' or 'terminal', got ${String(until)}`);
  if (stream !== 'auto' && stream !== false) throw ModuleException.invalidInput(`stream must be 'auto' or false, got ${String(stream)}`);
  for (const name of ['onEvent', 'onStatus'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') throw ModuleException.invalidInput(`${name} must be a function`);
  }
  if (options.signal !== undefined && !isAbortSignal(options.signal)) throw ModuleException.invalidInput('signal must be an AbortSignal');
  const pollInterval = nonNegative('pollInterval', options.pollInterval, DEFAULT_POLL_INTERVAL_MS);
  if (pollInterval === 0) throw ModuleException.invalidInput('pollInterval must be positive: a wait without pauses would flood the API');
  return {
    until,
    stream,
    pollInterval,
    timeout: nonNegative('timeout', options.timeout, DEFAULT_WAIT_TIMEOUT_MS),
    signal: options.signal,
    onEvent: options.onEvent,
    onStatus: options.onStatus,
  };
}
