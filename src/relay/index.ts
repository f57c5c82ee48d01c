/**
 * Relaying a task to a browser: its events as web streams, as a ready SSE `Response` that a
 * route handler returns as it is (resuming from the browser's `Last-Event-ID`), read back into
 * typed events, and as the Vercel AI SDK's UI message stream. Runs on any runtime with fetch
 * and web streams; the work is loaded at first use (sse-stream.ts, reader.ts, ui-message.ts).
 */
import { anySignal } from '../core/signal.js';
import type { TaskUpdateEvent } from '../events/types.js';
import type { HeadersLike, RelaySource, FollowRelayOptions, ReadOptions, RelayedEvent, SSEResponseOptions, SSEStreamOptions } from './types.js';
import type { UIMessageChunk, UIMessageStreamOptions } from './ui-types.js';

/** Events of a task, as the SDK's own stream (or a relay's reader) hands them out. */
export type Events = AsyncIterable<TaskUpdateEvent<unknown>>;

/** The relay's implementation, loaded at first use with the event loop (streaming.ts says why). */
const streaming = () => import('../streaming.js');

/** A stream source whose implementation is imported when the stream starts. */
function lazySource<T>(load: () => Promise<UnderlyingDefaultSource<T>>): UnderlyingDefaultSource<T> {
  let source: UnderlyingDefaultSource<T> | undefined;
  let cancelled = false;
  return {
    async start(controller) {
      source = await load();
      if (!cancelled) await source.start?.(controller);
    },
    pull: (controller) => source?.pull?.(controller),
    cancel: (reason) => {
      cancelled = true;
      return source?.cancel?.(reason);
    },
  };
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', 'x-accel-buffering': 'no' };

/** The events opened from where the browser left off, and what closes them. */
function opened(source: RelaySource, options: Pick<SSEResponseOptions, 'request' | 'signal' | 'lastEventId'>): { events: Events; close: () => void } {
  const own = new AbortController();
  const signals = [own.signal, options.request?.signal, options.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = anySignal(signals);
  const lastEventId = options.request?.headers.get('last-event-id') ?? options.lastEventId ?? undefined;
  const events = typeof source === 'function' ? source({ lastEventId, signal }) : source;
  // Given an open stream, the browser leaving can only end it between two events.
  if (typeof source !== 'function') signal.addEventListener('abort', () => void events[Symbol.asyncIterator]().return?.(), { once: true });
  return { events, close: () => own.abort() };
}

/**
 * A task's events as a web stream of events: `for await`-free consumers, `pipeThrough`, tee.
 * Cancelling it closes the event stream.
 */
export function toEventStream(events: Events): ReadableStream<TaskUpdateEvent<unknown>> {
  const iterator = events[Symbol.asyncIterator]();
  return new ReadableStream({
    async pull(controller) {
      const { value, done } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/**
 * A task's events as SSE bytes: each event on one `data:` line with its `id:`, secrets
 * redacted, filtered by `types` and `taskFields`; heartbeat comments in between.
 */
export function toSSEStream(events: Events, options: SSEStreamOptions = {}): ReadableStream<Uint8Array> {
  return new ReadableStream(lazySource(async () => (await streaming()).sseSource(events, options)));
}

/**
 * A `Response` a route handler returns as it is (Next.js, Hono, a Cloudflare worker, Node):
 * the task's events as SSE, resumed after the browser's `Last-Event-ID`, the upstream stream
 * closed as soon as the browser goes away (the request's signal).
 *
 * @example
 * ```ts
 * // app/api/tasks/[id]/events/route.ts
 * export function GET(request: Request, { params }: { params: { id: string } }) {
 *   return toSSEResponse((resume) => tasks.events(params.id, resume), { request });
 * }
 * ```
 */
export function toSSEResponse(source: RelaySource, options: SSEResponseOptions = {}): Response {
  const { events, close } = opened(source, options);
  const body = new ReadableStream(lazySource(async () => (await streaming()).sseSource(events, options, close)));
  return new Response(body, { headers: withHeaders(SSE_HEADERS, options.headers) });
}

/**
 * The events of a relay's SSE body (a `Response` or its stream), typed again, each with its
 * `id`; ends after `task_finished`.
 */
export async function* readTaskEvents(source: Response | ReadableStream<Uint8Array>, options: ReadOptions = {}): AsyncGenerator<RelayedEvent> {
  const body = source instanceof ReadableStream ? source : source.body;
  if (!body) throw new TypeError('readTaskEvents needs a response with a body');
  yield* (await streaming()).readEvents(body, options);
}

/**
 * Follows a relay URL from a page: reads its events and, when the connection drops, resumes
 * with `Last-Event-ID`, so no event is lost or seen twice.
 *
 * @example
 * ```ts
 * for await (const event of followRelay(`/api/tasks/${id}/events`)) render(event);
 * ```
 */
export async function* followRelay(url: string | URL, options: FollowRelayOptions = {}): AsyncGenerator<RelayedEvent> {
  yield* (await streaming()).followRelayEvents(url, options);
}

/**
 * The task's events as the AI SDK's UI message stream chunks (protocol v1, `ai` 5 to 7):
 * `chunk` → text, `think`/`analyze` → reasoning, tool calls → dynamic tool parts, pauses, the
 * plan and the status → `data-xpander-*` parts, a failed task → an error, `task_finished` → finish.
 */
export function toUIMessageStream(events: Events, options: UIMessageStreamOptions = {}): ReadableStream<UIMessageChunk> {
  return new ReadableStream(lazySource(async () => (await streaming()).uiMessageSource(events, options)));
}

/**
 * A `Response` with the UI message stream and the headers its protocol requires, for a route
 * that `useChat` reads.
 */
export function toUIMessageStreamResponse(source: RelaySource, options: UIMessageStreamOptions & Omit<SSEResponseOptions, keyof SSEStreamOptions> = {}): Response {
  const { events, close } = opened(source, options);
  const encoder = new TextEncoder();
  const chunks = new ReadableStream(lazySource(async () => (await streaming()).uiMessageSource(events, options, close)));
  const body = chunks.pipeThrough(
    new TransformStream<UIMessageChunk, Uint8Array>({
      transform: (chunk, controller) => controller.enqueue(encoder.encode(`data: ${JSON.stringify(chunk)}\n\n`)),
      flush: (controller) => controller.enqueue(encoder.encode('data: [DONE]\n\n')),
    }),
  );
  return new Response(body, { headers: withHeaders({ ...SSE_HEADERS, 'x-vercel-ai-ui-message-stream': 'v1' }, options.headers) });
}

function withHeaders(base: Record<string, string>, extra: HeadersLike | undefined): Headers {
  const headers = new Headers(base);
  new Headers(extra).forEach((value, name) => headers.set(name, value));
  return headers;
}

export type { HeadersLike, RelaySource, FollowRelayOptions, ReadOptions, RelayedEvent, RelayFilter, SSEResponseOptions, SSEStreamOptions } from './types.js';
export type { UIMessageChunk, UIMessageStreamOptions } from './ui-types.js';
