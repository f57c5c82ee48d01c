import type {
  DeepPlanning,
  McpoAuthGetTokenResponse,
  TaskCompactizationEvent,
  ToolCallRequest,
  ToolCallResult,
} from '../../generated/types.gen.js';
import type { Task } from '../task.js';

/** The envelope every event shares, as on the wire. */
interface Envelope<T extends string, D> {
  type: T;
  task_id: string;
  organization_id: string;
  /** An ISO timestamp, as on the wire. */
  time: string;
  data: D;
  [key: string]: unknown;
}

/**
 * One event of a task's stream, discriminated by `type`. Lifecycle events carry a
 * hydrated {@link Task}. An event type this SDK version does not know still arrives,
 * with its own `type` string and raw `data`: check {@link isKnownEventType} before
 * relying on the static type in an exhaustive `switch`.
 */
export type TaskUpdateEvent =
  | Envelope<'task_created' | 'task_updated' | 'task_finished', Task>
  | Envelope<'chunk', string>
  | Envelope<'tool_call_request', ToolCallRequest>
  | Envelope<'tool_call_result', ToolCallResult>
  | Envelope<'plan_updated', DeepPlanning>
  | Envelope<'auth_event', McpoAuthGetTokenResponse>
  | Envelope<'task_compactization', TaskCompactizationEvent>
  | Envelope<'think' | 'analyze' | 'sub_agent_trigger', unknown>;

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
  /** Milliseconds without a byte (heartbeats included) after which the connection is resumed (default 120 000). */
  idleTimeout?: number;
  /** Reconnects in a row without a new event before giving up (default 5). */
  maxReconnects?: number;
  /** Called for an event that is skipped because its data is not a JSON event. */
  onMalformed?: (event: MalformedEvent) => void;
}
