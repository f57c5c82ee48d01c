import type { TaskUpdateEvent } from '../events/types.js';
import type { RequestOptions } from '../core/request.js';
import type { Task } from '../task.js';

/** How long `wait()` waits by default: one hour. 0 means no limit. */
export const DEFAULT_WAIT_TIMEOUT_MS = 3_600_000;
/** The first interval between two polls, by default. */
export const DEFAULT_POLL_INTERVAL_MS = 1_000;
/** The interval between polls grows by half each time, up to this (or `pollInterval`, if longer). */
export const MAX_POLL_INTERVAL_MS = 10_000;

/** Options of {@link Task.wait}. */
export interface WaitOptions {
  /** Ends the wait at once (the task goes on running on the platform). */
  signal?: AbortSignal;
  /**
   * Milliseconds for the whole wait (default one hour; 0: no limit). When it passes, the wait
   * fails with a `timeout` error that gives the task's last status; the task goes on running.
   */
  timeout?: number;
  /**
   * The first interval between two reads of the task when polling, in milliseconds (default
   * 1000). Each interval is half again as long as the one before, up to 10 s (or this
   * interval, if longer). A rate-limited read (429) waits at least its `Retry-After`.
   */
  pollInterval?: number;
  /**
   * `'settled'` (the default): until the task has finished or waits for a person (see
   * {@link Task.pause}). `'terminal'`: until it has finished, through any pause.
   */
  until?: 'settled' | 'terminal';
  /**
   * `'auto'` (the default) follows the event stream when the task has `events_streaming`, and
   * polls when it has not or when the stream cannot be had. `false` always polls.
   */
  stream?: 'auto' | false;
  /** Each event of the stream, while following it. A throw ends the wait with that error. */
  onEvent?: (event: TaskUpdateEvent) => void;
  /** The task, each time its status (or pause) is seen to change. A throw ends the wait with that error. */
  onStatus?: (task: Task) => void;
}

/** Options of `stop()`: those of any call, and whether to wait until the stop has landed. */
export interface StopOptions extends RequestOptions {
  /**
   * Resolves only once the platform reports the task finished (`stopped`, or another terminal
   * status if it finished first). `timeout` then bounds the stop and the wait together
   * (default: one hour, as for {@link Task.wait}).
   */
  wait?: boolean;
  /** With `wait`: the first interval between two reads of the task (see {@link WaitOptions.pollInterval}). */
  pollInterval?: number;
}

/** Options of `tasks.run()`: those of {@link Task.wait}, the create call included in `timeout` and `signal`. */
export type RunOptions = WaitOptions;
