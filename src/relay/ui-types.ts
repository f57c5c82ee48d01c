import type { RelayFilter } from './types.js';

/**
 * The chunks of the AI SDK's UI message stream (protocol v1) that the SDK sends: a structural
 * copy of the `ai` package's `UIMessageChunk` members it uses, so that no dependency on `ai` is needed.
 */
export type UIMessageChunk =
  | {
      /** The chunk's kind. */
      type: 'start';
      /** The assistant message's id, when given. */
      messageId?: string;
    }
  | {
      /** The chunk's kind. */
      type: 'start-step' | 'finish-step';
    }
  | {
      /** The chunk's kind. */
      type: 'finish';
      /** Why it ended: `stop` (completed), `error` (failed), `other`. */
      finishReason?: 'stop' | 'error' | 'other';
    }
  | {
      /** The chunk's kind. */
      type: 'error';
      /** What went wrong, free of secrets. */
      errorText: string;
    }
  | {
      /** The chunk's kind. */
      type: 'text-start' | 'text-end' | 'reasoning-start' | 'reasoning-end';
      /** The part it belongs to. */
      id: string;
    }
  | {
      /** The chunk's kind. */
      type: 'text-delta' | 'reasoning-delta';
      /** The part it belongs to. */
      id: string;
      /** The text added. */
      delta: string;
    }
  | {
      /** The chunk's kind. */ type: 'tool-input-available';
      /** The call's id, shared by its output. */ toolCallId: string;
      /** The tool's name. */ toolName: string;
      /** The call's arguments. */ input: unknown;
      /** Tools the page does not declare: a `dynamic-tool` part. */ dynamic: true;
    }
  | {
      /** The chunk's kind. */ type: 'tool-output-available';
      /** The call's id. */ toolCallId: string;
      /** What the tool returned. */ output: unknown;
      /** Tools the page does not declare: a `dynamic-tool` part. */ dynamic: true;
    }
  | {
      /** The chunk's kind. */ type: 'tool-output-error';
      /** The call's id. */ toolCallId: string;
      /** What the tool reported. */ errorText: string;
      /** Tools the page does not declare: a `dynamic-tool` part. */ dynamic: true;
    }
  | {
      /** `data-xpander-status` (`{ task_id, status }`), `data-xpander-pause` (a TaskPause or null), `data-xpander-plan` (DeepPlanning). */
      type: `data-xpander-${'status' | 'pause' | 'plan'}`;
      /** One id per kind: each new value replaces the last on the page. */ id: string;
      /** The value. */ data: unknown;
    };

/** Options of {@link toUIMessageStream}. */
export interface UIMessageStreamOptions extends RelayFilter {
  /** The id of the assistant message (default: none, the client picks one). */
  messageId?: string;
}
