import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Task as TaskData } from '../../generated/types.gen.js';
import type { Configuration } from '../configuration.js';
import { ModuleException } from '../core/errors.js';
import { backoffMs, sleep } from '../core/retry.js';
import { connect } from './connect.js';
import type { EventsOptions, MalformedEvent, TaskUpdateEvent } from './types.js';

const LIFECYCLE = new Set(['task_created', 'task_updated', 'task_finished']);
const TERMINAL = new Set(['completed', 'failed', 'error', 'stopped']);

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

class Idle extends Error {}

/**
 * Follows a task's SSE stream: reads only as the loop asks (pull-based), resumes dropped or
 * stalled connections with `Last-Event-ID`, yields each event once and in order, and ends
 * after `task_finished`. Leaving the loop or aborting the signal closes the connection.
 */
export async function* followTaskEvents(source: StreamSource, options: EventsOptions = {}): AsyncGenerator<TaskUpdateEvent> {
  const { idleTimeout, maxReconnects, signal, onMalformed } = checkEventsOptions(options);
  if (!source.events_streaming) {
    throw ModuleException.invalidInput(
      `Task ${source.id} was not created with events_streaming: create it with { events_streaming: true } to follow its events`,
    );
  }
  const config = source.configuration;
  config.requireApiKey();
  const path = { organization_id: config.organization_id ?? source.organization_id, task_id: source.id };
  if (!path.organization_id) config.requireOrganizationId();

  const seen = new Set<string>();
  let lastEventId: string | undefined;
  let serverRetryMs: number | undefined;
  let failures = 0;

  for (;;) {
    if (signal?.aborted) throw aborted(signal);
    const attempt = new AbortController();
    const onAbort = () => attempt.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const armIdle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => attempt.abort(new Idle(`no data for ${idleTimeout} ms`)), idleTimeout);
    };
    let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
    let failure: unknown;
    try {
      armIdle();
      const { body } = await connect(config, path, lastEventId, attempt.signal);
      reader = body.getReader();
      const queue: EventSourceMessage[] = [];
      const parser = createParser({
        onEvent: (message) => queue.push(message),
        onRetry: (ms) => (serverRetryMs = ms),
      });
      const decoder = new TextDecoder();
      let endsWithCR = false;
      for (;;) {
        const { done, value } = await reader.read();
        if (!done) {
          armIdle();
          const text = decoder.decode(value, { stream: true });
          if (text) endsWithCR = text.endsWith('\r');
          parser.feed(text);
        } else if (endsWithCR) {
          // A lone CR at the very end stays pending while an LF could follow; at EOF none will.
          parser.feed('\n');
        }
        while (queue.length > 0) {
          const message = queue.shift()!;
          if (message.id !== undefined) {
            if (seen.has(message.id)) continue;
            seen.add(message.id);
            lastEventId = message.id;
          }
          const event = parse(message, source, (malformed) => {
            config.log?.({ kind: 'malformed_event', task_id: source.id, reason: malformed.reason, id: malformed.id });
            onMalformed?.(malformed);
          });
          if (!event) continue;
          failures = 0;
          // A slow consumer is not a stalled server: the idle clock runs only while we wait for bytes.
          clearTimeout(timer);
          yield event;
          if (event.type === 'task_finished') return;
          armIdle();
        }
        if (done) break;
      }
      // A clean close before task_finished: finished already, or worth resuming.
      const status = await source.currentStatus(attempt.signal);
      if (status && TERMINAL.has(status)) return;
    } catch (error) {
      if (signal?.aborted) throw aborted(signal, error);
      if (error instanceof ModuleException && !retryable(error)) throw error;
      failure = error;
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
    const delay = serverRetryMs ?? backoffMs(failures - 1);
    config.log?.({ kind: 'reconnect', task_id: source.id, attempt: failures, delay_ms: Math.round(delay), reason: reason(failure) });
    await sleep(delay, signal).catch((error) => {
      throw aborted(signal!, error);
    });
  }
}

function parse(message: EventSourceMessage, source: StreamSource, onMalformed: (event: MalformedEvent) => void) {
  const report = (reason: string) => onMalformed({ reason, data: message.data, id: message.id });
  if (message.data === '') return undefined;
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(message.data);
  } catch {
    return void report('data is not JSON');
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return void report('data is not a JSON object');
  if (typeof event.type !== 'string' || event.type === '') return void report('event has no type');
  if (LIFECYCLE.has(event.type)) {
    if (event.data === null || typeof event.data !== 'object') return void report(`${event.type} without a task in data`);
    event.data = source.hydrate(event.data as TaskData);
  }
  return event as TaskUpdateEvent;
}

function retryable(error: ModuleException): boolean {
  return error.kind === 'connection' || error.kind === 'timeout' || (error.kind === 'http' && error.status_code >= 500);
}

function aborted(signal: AbortSignal, cause?: unknown): ModuleException {
  return new ModuleException(0, 'The event stream was aborted', 'aborted', { cause: cause ?? signal.reason });
}

function reason(error: unknown): string {
  if (error instanceof Idle) return error.message;
  if (error instanceof ModuleException) return error.description;
  if (error instanceof Error) return error.message;
  return 'closed before task_finished';
}

function checkEventsOptions(options: EventsOptions) {
  if (options === null || typeof options !== 'object') throw ModuleException.invalidInput('events options must be an object');
  const idleTimeout = options.idleTimeout ?? 120_000;
  const maxReconnects = options.maxReconnects ?? 5;
  for (const [name, value] of [['idleTimeout', idleTimeout], ['maxReconnects', maxReconnects]] as const) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw ModuleException.invalidInput(`${name} must be a non-negative number, got ${String(value)}`);
    }
  }
  return { idleTimeout, maxReconnects, signal: options.signal, onMalformed: options.onMalformed };
}
