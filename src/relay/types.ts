import type { Task as TaskData } from '../../generated/types.gen.js';
import type { TaskUpdateEvent } from '../events/types.js';

/**
 * Headers as `new Headers(…)` takes them. Spelled out: `HeadersInit` is a DOM type, absent from
 * a Node-only TypeScript project's globals.
 */
export type HeadersLike = Headers | Record<string, string> | Array<[string, string]>;

/** Where a relay's events come from: a stream, or a function that opens one from where the browser left off. */
export type RelaySource =
  | AsyncIterable<TaskUpdateEvent<unknown>>
  | ((resume: { lastEventId?: string; signal: AbortSignal }) => AsyncIterable<TaskUpdateEvent<unknown>>);

/** What a relay sends on: which events, and which Task fields of lifecycle events. Secrets are never sent. */
export interface RelayFilter {
  /** The event types sent (default: all). */
  types?: readonly string[];
  /** The Task fields lifecycle events carry (default: all, secrets redacted). */
  taskFields?: readonly string[];
}

/** Options of {@link toSSEStream}. */
export interface SSEStreamOptions extends RelayFilter {
  /** A comment line every this many milliseconds keeps proxies from closing a quiet stream (default 15 000; 0: none). */
  heartbeatMs?: number;
}

/** Options of {@link toSSEResponse}. */
export interface SSEResponseOptions extends SSEStreamOptions {
  /**
   * The browser's request: its `Last-Event-ID` header resumes after that event (a page reload
   * or an `RelaySource` reconnect), and its `signal` closes the upstream stream when the browser goes away.
   */
  request?: Request;
  /** Closes the upstream stream, as the request's signal does. */
  signal?: AbortSignal;
  /** Resumes after this event id when the request carries none. */
  lastEventId?: string;
  /** Extra response headers. */
  headers?: HeadersLike;
}

/** Options of {@link readTaskEvents}. */
export interface ReadOptions {
  /** Stops reading and cancels the body. */
  signal?: AbortSignal;
  /** The longest event read, in characters (default 8 Mi). */
  maxEventSize?: number;
}

/** Options of {@link followRelay}. */
export interface FollowRelayOptions extends ReadOptions {
  /** The `id` of the last event already handled: the relay resumes after it. */
  lastEventId?: string;
  /** Headers sent with each request (a session cookie travels by itself). */
  headers?: HeadersLike;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
  /** Reconnects in a row without a new event before giving up (default 5). */
  maxReconnects?: number;
}

/** A relayed event as a reader gets it back: lifecycle events carry the task's data. */
export type RelayedEvent = TaskUpdateEvent<TaskData>;
