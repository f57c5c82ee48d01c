/** The reading loop of `task.events()`, loaded at its first `next()` (see stream.ts). */
import type { EventSourceMessage } from 'eventsource-parser';
import * as api from '../../generated/sdk.gen.js';
import { clientFor } from '../core/engine.js';
import { abortedError } from '../core/error-factory.js';
import { ModuleException } from '../core/errors.js';
import { isAbortSignal } from '../core/signal.js';
import { backoffMs, isTransient, MAX_RETRY_AFTER_MS, sleep } from '../core/retry.js';
import { nonNegative } from '../core/validate.js';
import type { Task as TaskData } from '../../generated/types.gen.js';
import { isTerminal } from '../wait/pause.js';
import type { StreamSource } from './stream.js';
import type { EventsOptions, MalformedEvent, TaskUpdateEvent } from './types.js';
import { LIFECYCLE_TYPES } from './known.js';
import { SseFeed } from './sse-feed.js';


class Idle extends Error {}

/** The events of each network read, in order; ends after `task_finished`. */
export async function* eventBatches(source: StreamSource, options: EventsOptions): AsyncGenerator<TaskUpdateEvent[]> {
  const { idleTimeout, maxReconnects, signal, onMalformed, maxEventSize, maxQuietTime, lastEventId: resumeAfter } = checkEventsOptions(options);
  if (!source.events_streaming) {
    throw ModuleException.invalidInput(
      `Task ${source.id} was not created with events_streaming: create it with { events_streaming: true } to follow its events`,
    );
  }
  const config = source.configuration;
  config.requireApiKey();
  const path = { organization_id: config.organization_id ?? source.organization_id, task_id: source.id };
  if (!path.organization_id) config.requireOrganizationId();
  // A throwing onMalformed is the caller's error, not a lost connection: the events read
  // with it are still handed out, then the loop ends with that error.
  let callbackError: { error: unknown } | undefined;
  const reportMalformed = (malformed: MalformedEvent) => {
    config.log?.({ kind: 'malformed_event', task_id: source.id, reason: malformed.reason, id: malformed.id });
    try {
      onMalformed?.(malformed);
    } catch (error) {
      callbackError ??= { error };
    }
  };

  const replays = new ReplayFilter();
  let lastEventId = resumeAfter;
  if (resumeAfter !== undefined) replays.startAfter(resumeAfter);
  let serverRetryMs: number | undefined;
  let failures = 0;
  // Heartbeats keep a connection alive but say nothing: maxQuietTime bounds a server that only
  // ever sends them. Counted across reconnects, from the last event handed out.
  let lastEventAt = Date.now();
  const checkQuiet = () => {
    if (maxQuietTime > 0 && Date.now() - lastEventAt > maxQuietTime) {
      throw new ModuleException(0, `The event stream of task ${source.id} sent no event for ${maxQuietTime} ms (maxQuietTime)`, 'timeout');
    }
  };

  for (;;) {
    if (signal?.aborted) throw aborted(source, signal);
    checkQuiet();
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    // One timer per connection, not one per event: reads stamp the time, and the timer, when
    // it fires, waits again for what is left of the idle window (all of it while the consumer
    // holds an event: a slow consumer is not a stalled server).
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastActivity = Date.now();
    let consumerHolds = false;
    const onIdleCheck = () => {
      const left = consumerHolds ? idleTimeout : lastActivity + idleTimeout - Date.now();
      if (left > 0) timer = setTimeout(onIdleCheck, left);
      else attempt.abort(new Idle(`no data for ${idleTimeout} ms`));
    };
    const armIdle = () => {
      lastActivity = Date.now();
      if (idleTimeout > 0) timer ??= setTimeout(onIdleCheck, idleTimeout);
    };
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let failure: unknown;
    try {
      armIdle();
      const { body } = await api.streamTaskEvents({
        client: clientFor(config),
        path,
        headers: lastEventId === undefined ? undefined : { 'Last-Event-ID': headerSafeId(lastEventId) },
        // No timeout and no retries of its own: this loop reconnects, under the idle clock.
        policy: { what: `The event stream of task ${source.id}`, idempotent: true, signal: attempt.signal, timeout: 0, maxRetries: 0 },
      });
      reader = body.getReader();
      const feed = new SseFeed(maxEventSize, (ms) => (serverRetryMs = Math.min(ms, MAX_RETRY_AFTER_MS)));
      const queue = feed.messages;
      for (;;) {
        armIdle(); // the wait for bytes starts now, however long the consumer held the last event
        const { done, value } = await reader.read();
        armIdle();
        checkQuiet();
        if (done) feed.end();
        else feed.push(value);
        if (feed.tooLarge) {
          // Reconnecting would only meet the same event again.
          throw new ModuleException(
            200,
            `The event stream of task ${source.id} sent an event or line longer than ${maxEventSize} characters (maxEventSize); not read further`,
            'invalid_response',
          );
        }
        const { batch, finished, lastId } = takeEvents(queue, replays, source, reportMalformed);
        queue.length = 0;
        lastEventId = lastId ?? lastEventId;
        if (finished) {
          // Nothing follows task_finished: the connection and the idle clock go now, not when
          // (or if) the consumer asks for the next event.
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          attempt.abort();
        }
        if (batch.length > 0) {
          failures = 0;
          lastEventAt = Date.now();
          consumerHolds = true;
          yield batch;
          consumerHolds = false;
        }
        if (callbackError) throw callbackError.error;
        if (finished) return;
        if (done) break;
      }
      // A clean close before task_finished: finished already, or worth resuming. Reading is
      // over, so the idle clock must not abort the reload.
      clearTimeout(timer);
      consumerHolds = true;
      const status = await source.currentStatus(attempt.signal);
      if (status && isTerminal(status)) return;
    } catch (error) {
      if (callbackError) throw callbackError.error;
      if (signal?.aborted) throw aborted(source, signal, error);
      const idle = attempt.signal.reason instanceof Idle ? attempt.signal.reason : undefined;
      if (!idle && error instanceof ModuleException && !isTransient(error)) throw error;
      failure = idle ?? error;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      attempt.abort();
      reader?.cancel().catch(() => undefined);
    }
    if (++failures > maxReconnects) {
      throw new ModuleException(
        failure instanceof ModuleException ? failure.status_code : 0,
        `The event stream of task ${source.id} was lost and ${maxReconnects} reconnects failed (${reason(failure)})`,
        'connection',
        { cause: failure },
      );
    }
    replays.resuming(lastEventId);
    const delay = serverRetryMs ?? backoffMs(failures - 1);
    config.log?.({ kind: 'reconnect', task_id: source.id, attempt: failures, delay_ms: Math.round(delay), reason: reason(failure) });
    await sleep(delay, signal).catch((error) => {
      throw aborted(source, signal!, error);
    });
  }
}

/**
 * The events of one network read, in order: replays dropped, each parsed and checked, none
 * after `task_finished`; and the id of the last message delivered. Per event, so kept small
 * and out of the reading loop, where the engine optimizes it on its own.
 */
function takeEvents(messages: EventSourceMessage[], replays: ReplayFilter, source: StreamSource, report: (event: MalformedEvent) => void) {
  const batch: TaskUpdateEvent[] = [];
  let finished = false;
  let lastId: string | undefined;
  for (let i = 0; i < messages.length && !finished; i++) {
    const message = messages[i];
    const id = message.id;
    if (id) {
      if (replays.isReplay(id)) continue;
      replays.delivered(id);
      lastId = id;
    }
    const event = parse(message, source, report);
    if (!event) continue;
    // A plain property: defineProperty (non-enumerable) cost ~20% of stream throughput.
    if (id) event.id = id;
    batch.push(event);
    finished = event.type === 'task_finished';
  }
  return { batch, finished, lastId };
}

/**
 * Drops what a resumed server replays, and nothing else. Within one connection every event is
 * delivered in the order it came, whatever its id (ids may go down, repeat or be opaque). After
 * a reconnect, the events the server sends again are skipped: those among the last
 * {@link WINDOW} delivered (increasing integer ids, what the API sends, kept as numbers: 2 KB
 * per stream), and integer ids older than those. Skipping ends at the first event not
 * delivered before, or right after the Last-Event-ID itself. With repeated or missing ids a
 * replay cannot be told apart: such events after a reconnect are delivered as the server
 * sends them (test/sse-resume-property.test.ts holds all of this for any drop).
 */
class ReplayFilter {
  #highest = -1;
  #increasing = true;
  /** While ids increase: the last {@link WINDOW} of them as numbers (2 KB), for the switch below. */
  readonly #ints = new Float64Array(WINDOW);
  #intCount = 0;
  /** Once they do not: the last {@link WINDOW} ids as they came. */
  #recent: string[] = [];
  /** An integer id handled by another process (`lastEventId`): ids up to it count as seen. */
  #handledUpTo = -1;
  #skipping = false;
  #resumeFrom: string | undefined;

  delivered(id: string): void {
    if (this.#increasing) {
      const n = integerId(id);
      if (n > this.#highest) {
        this.#highest = n;
        this.#ints[this.#intCount++ & (WINDOW - 1)] = n;
        return;
      }
      // Ids stopped increasing: the window takes over, starting with the increasing ones
      // delivered so far, so a replay of those is still recognised.
      this.#increasing = false;
      const kept = Math.min(this.#intCount, WINDOW);
      this.#recent = Array.from({ length: kept }, (_, i) => String(this.#ints[(this.#intCount - kept + i) & (WINDOW - 1)]));
    }
    const recent = this.#recent;
    recent.push(id);
    if (recent.length > WINDOW) recent.shift();
  }

  /** The first connection resumes after an id handled elsewhere: an integer one bounds the replays. */
  startAfter(lastEventId: string): void {
    this.#handledUpTo = integerId(lastEventId);
    this.resuming(lastEventId);
  }

  /** A reconnect is about to send `lastEventId`: what the server sends first may be replays. */
  resuming(lastEventId: string | undefined): void {
    this.#skipping = lastEventId !== undefined;
    this.#resumeFrom = lastEventId;
  }

  isReplay(id: string): boolean {
    if (!this.#skipping) return false;
    if (id === this.#resumeFrom) {
      this.#skipping = false;
      return true;
    }
    const n = integerId(id);
    const seen = this.#increasing ? n >= 0 && (n <= this.#handledUpTo || this.#deliveredInt(n)) : this.#recent.includes(id);
    if (!seen) this.#skipping = false;
    return seen;
  }

  /**
   * Whether an integer id was delivered (ids increasing so far): looked up among the last
   * {@link WINDOW}; one older than those and below the highest counts as delivered too, as a
   * replay from the start of a long run sends them. A lower id never delivered (a server whose
   * ids went down across the reconnect) is new.
   */
  #deliveredInt(n: number): boolean {
    if (n > this.#highest) return false;
    const kept = Math.min(this.#intCount, WINDOW);
    if (this.#intCount > WINDOW && n < this.#ints[this.#intCount & (WINDOW - 1)]) return true;
    for (let i = 0; i < kept; i++) if (this.#ints[i] === n) return true;
    return false;
  }
}

/** Ids remembered for replay detection; a power of two, so that `& (WINDOW - 1)` is its modulo. */
const WINDOW = 256;

/** The value of a canonical integer id (`0`, `17`, at most 15 digits), else -1. */
function integerId(id: string): number {
  const length = id.length;
  if (length === 0 || length > 15 || (length > 1 && id.charCodeAt(0) === 48)) return -1;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const digit = id.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function parse(message: EventSourceMessage, source: StreamSource, onMalformed: (event: MalformedEvent) => void) {
  // (the checks below report and skip; they never end the loop)
  if (message.data === '') return undefined;
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(message.data);
  } catch {
    return skip(message, onMalformed, 'data is not JSON');
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return skip(message, onMalformed, 'data is not a JSON object');
  if (typeof event.type !== 'string' || event.type === '') return skip(message, onMalformed, 'event has no type');
  if (typeof event.task_id === 'string' && event.task_id !== source.id) {
    return skip(message, onMalformed, `event of task ${event.task_id} on the stream of task ${source.id}`);
  }
  if (LIFECYCLE_TYPES.has(event.type)) {
    if (event.data === null || typeof event.data !== 'object') return skip(message, onMalformed, `${event.type} without a task in data`);
    event.data = source.hydrate(event.data as TaskData);
  }
  return event as TaskUpdateEvent;
}

/** Reports a message that is skipped (a function of its own: no closure per event on the hot path). */
function skip(message: EventSourceMessage, onMalformed: (event: MalformedEvent) => void, reason: string): undefined {
  onMalformed({ reason, data: message.data, id: message.id });
  return undefined;
}

function aborted(source: StreamSource, signal: AbortSignal, cause?: unknown): ModuleException {
  return abortedError(`The event stream of task ${source.id}`, cause ?? signal.reason);
}

function reason(error: unknown): string {
  if (error instanceof Idle) return error.message;
  if (error instanceof ModuleException) return error.description;
  if (error instanceof Error) return error.message;
  return 'closed before task_finished';
}

/** The default of {@link EventsOptions.maxEventSize}: 8 Mi characters; a relay's reader uses it too. */
export const DEFAULT_MAX_EVENT_SIZE = 8 * 1024 * 1024;

/** A duration for setTimeout: 0 (none) when 0 or past what a timer can hold. */
function timerMs(ms: number): number {
  return ms > 2 ** 31 - 1 ? 0 : ms;
}

function checkSignal(value: unknown): AbortSignal | undefined {
  if (value !== undefined && !isAbortSignal(value)) throw ModuleException.invalidInput('signal must be an AbortSignal');
  return value;
}

function checkLastEventId(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw ModuleException.invalidInput('lastEventId must be a non-empty string: the id of an event');
  if (/[\r\n\0]/.test(value)) throw ModuleException.invalidInput('lastEventId holds a line break or a NUL, which no SSE id can: pass the id as the event had it');
  try {
    headerSafeId(value);
  } catch {
    throw ModuleException.invalidInput('lastEventId is not well-formed text (a lone surrogate): pass the id as the event had it');
  }
  return value;
}

/**
 * An event id as an HTTP header can carry it: header values are Latin-1, so a character above
 * U+00FF (and a NUL, which no header may hold) is sent percent-encoded as UTF-8, as
 * `encodeURIComponent` writes it; every other character as it is.
 */
export function headerSafeId(id: string): string {
  return id.replace(/[^\u0001-\u00ff]+/gu, (run) => encodeURIComponent(run));
}

function checkEventsOptions(options: EventsOptions) {
  if (options === null || typeof options !== 'object') throw ModuleException.invalidInput('events options must be an object');
  return {
    // 0 means no limit, as for every duration option; beyond a timer's range too.
    idleTimeout: timerMs(nonNegative('idleTimeout', options.idleTimeout, 120_000)),
    maxReconnects: nonNegative('maxReconnects', options.maxReconnects, 5),
    maxEventSize: nonNegative('maxEventSize', options.maxEventSize, DEFAULT_MAX_EVENT_SIZE),
    maxQuietTime: nonNegative('maxQuietTime', options.maxQuietTime, 0),
    lastEventId: checkLastEventId(options.lastEventId),
    signal: checkSignal(options.signal),
    onMalformed: options.onMalformed,
  };
}
