import type {
  DeepPlanning,
  McpoAuthGetTokenResponse,
  TaskCompactizationEvent,
  ToolCallRequest,
  ToolCallResult,
} from '../../generated/types.gen.js';
import type { Task } from '../task.js';

/** The envelope every event shares, typed by its `type` and `data`. */
export interface TaskEventEnvelope<T extends string, D> {
  /** The event type. */
  type: T;
  /** The task the event belongs to. */
  task_id: string;
  /** The task's organization. */
  organization_id: string;
  /** An ISO timestamp, as on the wire. */
  time: string;
  /** The payload: a Task, a chunk of text, a tool call… depending on `type`. */
  data: D;
  /**
   * The event's SSE id (undefined when the server sent none): pass it as `lastEventId` to
   * resume from another process. The SDK adds it to the envelope as it came (which has no `id`
   * field of its own).
   */
  id?: string;
  [key: string]: unknown;
}

/**
 * One event of a task's stream, discriminated by `type`. Lifecycle events carry a
 * hydrated {@link Task}. An event type this SDK version does not know still arrives,
 * with its own `type` string and raw `data`: check {@link isKnownEventType} before
 * relying on the static type in an exhaustive `switch`. `T` is what lifecycle events carry:
 * a {@link Task} from the SDK's own stream, the plain task data from a relay's reader.
 */
export type TaskUpdateEvent<T = Task> =
  | TaskEventEnvelope<'task_created' | 'task_updated' | 'task_finished', T>
  | TaskEventEnvelope<'chunk', string>
  | TaskEventEnvelope<'tool_call_request', ToolCallRequest>
  | TaskEventEnvelope<'tool_call_result', ToolCallResult>
  | TaskEventEnvelope<'plan_updated', DeepPlanning>
  | TaskEventEnvelope<'auth_event', McpoAuthGetTokenResponse>
  | TaskEventEnvelope<'task_compactization', TaskCompactizationEvent>
  | TaskEventEnvelope<'think' | 'analyze' | 'sub_agent_trigger', unknown>;

/** What {@link EventsOptions.onMalformed} receives for an event that could not be read. */
export interface MalformedEvent {
  /** Why it was skipped. */
  reason: string;
  /** The raw `data:` text. */
  data: string;
  /** The SSE `id:`, when the server sent one. */
  id?: string;
}

/** Options of `task.events()`. */
export interface EventsOptions {
  /** Closes the stream at once. */
  signal?: AbortSignal;
  /**
   * Milliseconds without a byte (heartbeats included) after which the connection is resumed
   * (default 120 000). 0 means no limit, as for every duration option.
   */
  idleTimeout?: number;
  /**
   * Milliseconds without an event (heartbeat comments do not count) after which the loop ends
   * with a `timeout` error, reconnects included: a bound on a server that only ever sends
   * heartbeats. 0 (the default) means no limit. Checked whenever bytes arrive; a server that
   * sends nothing at all is caught by `idleTimeout`.
   */
  maxQuietTime?: number;
  /** Reconnects in a row without a new event before giving up (default 5). */
  maxReconnects?: number;
  /**
   * The `id` of the last event already handled (by this process or another): sent as
   * `Last-Event-ID` on the first connection, and events up to it are not delivered again.
   * Any id an event had: characters above U+00FF, which HTTP headers cannot carry, are sent
   * percent-encoded as UTF-8 (as `encodeURIComponent` writes them), here and on every reconnect.
   */
  lastEventId?: string;
  /**
   * The longest event or line read, in characters (default 8 Mi). A longer one ends the loop
   * with an `invalid_response` error: memory stays bounded whatever the server sends.
   */
  maxEventSize?: number;
  /**
   * Called for an event that is skipped: its data is not a JSON event, or it belongs to another
   * task. If it throws, the events already read are still handed out, then the loop ends with
   * that error (no reconnect).
   */
  onMalformed?: (event: MalformedEvent) => void;
}
