/** The relay's reading side, loaded at first use (see relay/index.ts). */
import type { EventSourceMessage } from 'eventsource-parser';
import { ModuleException } from '../core/errors.js';
import { backoffMs, sleep } from '../core/retry.js';
import { nonNegative } from '../core/validate.js';
import { DEFAULT_MAX_EVENT_SIZE } from '../events/follow.js';
import { SseFeed } from '../events/sse-feed.js';
import type { FollowRelayOptions, ReadOptions, RelayedEvent } from './types.js';


/**
 * The events of one SSE body, in order, each with its id; ends after `task_finished` or when
 * the body ends. A relay's `error` event becomes a ModuleException.
 */
export async function* readEvents(body: ReadableStream<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<RelayedEvent> {
  const maxEventSize = nonNegative('maxEventSize', options.maxEventSize, DEFAULT_MAX_EVENT_SIZE);
  const reader = body.getReader();
  const onAbort = () => void reader.cancel(options.signal?.reason).catch(() => undefined);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const feed = new SseFeed(maxEventSize);
  try {
    for (;;) {
      if (options.signal?.aborted) throw new ModuleException(0, 'Reading the relayed events: aborted', 'aborted', { cause: options.signal.reason });
      const { value, done } = await reader.read();
      if (done) feed.end(true);
      else feed.push(value);
      if (feed.tooLarge) throw new ModuleException(200, `The relay sent an event longer than ${maxEventSize} characters (maxEventSize)`, 'invalid_response');
      for (const message of feed.messages.splice(0)) {
        if (message.event === 'error') throw new ModuleException(0, relayError(message.data), 'connection');
        const event = parseEvent(message);
        yield event;
        if (event.type === 'task_finished') return;
      }
      if (done) return;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await reader.cancel().catch(() => undefined);
  }
}

function parseEvent(message: EventSourceMessage): RelayedEvent {
  let event: RelayedEvent;
  try {
    event = JSON.parse(message.data) as RelayedEvent;
  } catch (error) {
    throw new ModuleException(200, `The relay sent an event that is not JSON: ${JSON.stringify(message.data.slice(0, 120))}`, 'invalid_response', { cause: error });
  }
  if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
    throw new ModuleException(200, `The relay sent an event without a type: ${JSON.stringify(message.data.slice(0, 120))}`, 'invalid_response');
  }
  if (message.id) event.id = message.id;
  return event;
}

function relayError(data: string): string {
  try {
    const { message } = JSON.parse(data) as { message?: unknown };
    if (typeof message === 'string') return `The relay's upstream failed: ${message}`;
  } catch {
    // not JSON: said below
  }
  return 'The relay reported an error';
}

/**
 * Follows a relay URL: reads its events and, when the connection drops before
 * `task_finished`, reconnects with `Last-Event-ID` so no event is lost or seen twice.
 */
export async function* followRelayEvents(url: string | URL, options: FollowRelayOptions = {}): AsyncGenerator<RelayedEvent> {
  const doFetch = options.fetch ?? globalThis.fetch;
  const maxReconnects = nonNegative('maxReconnects', options.maxReconnects, 5);
  let lastEventId = options.lastEventId;
  const seen = new Set<string>();
  for (let failures = 0; ; ) {
    let failure: unknown;
    try {
      const headers = new Headers(options.headers);
      headers.set('accept', 'text/event-stream');
      if (lastEventId !== undefined) headers.set('last-event-id', lastEventId);
      // A plain call: fetch as a method of another object is refused in browsers and workers.
      const response = await doFetch(url, { headers, signal: options.signal });
      if (!response.ok || !response.body) {
        const error = new ModuleException(response.status, `The relay answered ${response.status}`, 'http', { headers: response.headers });
        if (response.status < 500 && response.status !== 429) throw error;
        throw Object.assign(error, { retryable: true });
      }
      for await (const event of readEvents(response.body, options)) {
        if (event.id !== undefined) {
          if (seen.has(event.id)) continue;
          seen.add(event.id);
          if (seen.size > 4096) seen.delete(seen.values().next().value!);
          lastEventId = event.id;
        }
        failures = 0;
        yield event;
        if (event.type === 'task_finished') return;
      }
    } catch (error) {
      if (options.signal?.aborted) throw error instanceof ModuleException ? error : new ModuleException(0, 'Following the relay: aborted', 'aborted', { cause: error });
      if (error instanceof ModuleException && !(error as { retryable?: boolean }).retryable && error.kind !== 'connection') throw error;
      failure = error;
    }
    if (failures++ >= maxReconnects) {
      throw failure instanceof ModuleException ? failure : new ModuleException(0, `Following the relay: the connection kept dropping (${String(failure ?? 'closed before task_finished')})`, 'connection', { cause: failure });
    }
    await sleep(backoffMs(failures - 1), options.signal);
  }
}
