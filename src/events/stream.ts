import type { Task as TaskData } from '../../generated/types.gen.js';
import type { Configuration } from '../configuration.js';
import type { EventsOptions, TaskUpdateEvent } from './types.js';
import { anySignal, isAbortSignal } from '../core/signal.js';
import { toEventStream, toSSEStream } from '../relay/index.js';
import type { SSEStreamOptions } from '../relay/types.js';

/** What the stream needs from the task it follows, without importing Task (which imports this). */
export interface StreamSource {
  id: string;
  organization_id: string;
  events_streaming?: boolean | null;
  configuration: Configuration;
  hydrate(data: TaskData): unknown;
  /** The task's status as the server has it now; used after a clean close. */
  currentStatus(signal: AbortSignal): Promise<string | null | undefined>;
}

/**
 * Follows a task's SSE stream: reads only as the loop asks (pull-based), resumes dropped or
 * stalled connections with `Last-Event-ID`, yields each event once and in order, and ends
 * after `task_finished`. Leaving the loop or aborting the signal closes the connection.
 */
export function followTaskEvents(source: StreamSource, options: EventsOptions = {}): TaskEventStream {
  // return() closes the connection at once through this, even while a next() waits on it.
  const closer = new AbortController();
  const given = options !== null && typeof options === 'object' ? ({ ...options, signal: withCloser(options.signal, closer.signal) } as EventsOptions) : options;
  return new TaskEventStream(loadedBatches(source, given), closer);
}

/** The caller's signal joined with the stream's own closer; anything else is left for the checks to refuse. */
function withCloser(signal: unknown, closer: AbortSignal): unknown {
  if (signal === undefined) return closer;
  return isAbortSignal(signal) ? anySignal([signal, closer]) : signal;
}

/**
 * The reading loop is loaded at the first `next()` (follow.ts, with eventsource-parser): a
 * bundler keeps it out of an app's first load, and it costs one delegation per network read.
 */
async function* loadedBatches(source: StreamSource, options: EventsOptions): AsyncGenerator<TaskUpdateEvent[]> {
  const { eventBatches } = await import('../streaming.js');
  yield* eventBatches(source, options);
}

/**
 * The iterator `task.events()` returns. Events are handed out from the batch one network
 * read produced, so a `for await` step costs a resolved promise rather than a trip through
 * an async generator; the network is read again only when the batch is used up.
 */
export class TaskEventStream implements AsyncIterableIterator<TaskUpdateEvent> {
  readonly #batches: AsyncGenerator<TaskUpdateEvent[]>;
  #batch: TaskUpdateEvent[] = [];
  #index = 0;
  /** Calls of next() waiting for an earlier one, and the last of them. */
  #waiting = 0;
  #last: Promise<unknown> = Promise.resolve();
  readonly #closer: AbortController | undefined;
  #closed = false;

  constructor(batches: AsyncGenerator<TaskUpdateEvent[]>, closer?: AbortController) {
    this.#batches = batches;
    this.#closer = closer;
  }

  /**
   * The next event; `done` after `task_finished`. Calls made before the previous one settled
   * (the async-iterator protocol allows it) resolve in order, with consecutive events.
   */
  next(): Promise<IteratorResult<TaskUpdateEvent>> {
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    if (this.#waiting === 0 && this.#index < this.#batch.length) {
      return Promise.resolve({ value: this.#batch[this.#index++], done: false });
    }
    this.#waiting++;
    const result = this.#last.then(() => this.#take());
    this.#last = result.then(
      () => this.#waiting--,
      () => this.#waiting--,
    );
    return result;
  }

  #take(): Promise<IteratorResult<TaskUpdateEvent>> {
    if (this.#closed) return Promise.resolve({ value: undefined, done: true });
    if (this.#index < this.#batch.length) return Promise.resolve({ value: this.#batch[this.#index++], done: false });
    return this.#pull();
  }

  /**
   * Closes the connection at once; what `break` in a `for await` loop calls. `next()` calls
   * still waiting resolve as done.
   */
  async return(_value?: unknown): Promise<IteratorResult<TaskUpdateEvent>> {
    this.#closed = true;
    this.#batch = [];
    this.#closer?.abort();
    await this.#batches.return(undefined);
    return { value: undefined, done: true };
  }

  /** These events as a web `ReadableStream` (cancelling it closes the connection). */
  toReadableStream(): ReadableStream<TaskUpdateEvent> {
    return toEventStream(this) as ReadableStream<TaskUpdateEvent>;
  }

  /** These events as SSE bytes, each with its id, secrets redacted (see {@link toSSEStream}). */
  toSSEStream(options?: SSEStreamOptions): ReadableStream<Uint8Array> {
    return toSSEStream(this, options);
  }

  /** The stream itself: `for await (const event of task.events())`. */
  [Symbol.asyncIterator](): this {
    return this;
  }

  async #pull(): Promise<IteratorResult<TaskUpdateEvent>> {
    for (;;) {
      let read: IteratorResult<TaskUpdateEvent[]>;
      try {
        read = await this.#batches.next();
      } catch (error) {
        // The read return() cut short ends as done, not as the abort it caused.
        if (this.#closed) return { value: undefined, done: true };
        throw error;
      }
      if (this.#closed) return { value: undefined, done: true };
      const { value, done } = read;
      if (done) return { value: undefined, done: true };
      if (value.length > 0) {
        this.#batch = value;
        this.#index = 1;
        return { value: value[0], done: false };
      }
    }
  }
}

