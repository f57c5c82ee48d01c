/**
 * A task's events as the Vercel AI SDK's UI message stream (protocol v1, the one `useChat`
 * reads in `ai` 5 to 7), loaded at first use (see relay/index.ts).
 */
import type { McpoAuthGetTokenResponse, Task as TaskData, ToolCallRequest, ToolCallResult } from '../../generated/types.gen.js';
import { ModuleException } from '../core/errors.js';
import type { TaskUpdateEvent } from '../events/types.js';
import { pauseOf } from '../wait/pause.js';
import { relayedEnvelope } from './encode.js';
import type { UIMessageChunk, UIMessageStreamOptions } from './ui-types.js';
import { LIFECYCLE_TYPES } from '../events/known.js';

const REASONING = new Set(['think', 'analyze']);

/** The text of a think or analyze event, whose shape the API does not document. */
function reasoningText(data: unknown): string {
  if (typeof data === 'string') return data;
  const fields = data as Record<string, unknown> | null;
  for (const key of ['thought', 'text', 'content', 'analysis']) if (typeof fields?.[key] === 'string') return fields[key] as string;
  return JSON.stringify(data);
}

/** Turns events into UI message chunks, keeping what is open (a text part, tool calls seen). */
export class UIMessageTranslator {
  #textId: string | undefined;
  #parts = 0;
  readonly #tools = new Set<string>();
  #pause = 'null';

  constructor(private readonly options: UIMessageStreamOptions = {}) {}

  start(messageId?: string): UIMessageChunk[] {
    return [{ type: 'start', ...(messageId ? { messageId } : {}) }, { type: 'start-step' }];
  }

  translate(raw: TaskUpdateEvent<unknown>): UIMessageChunk[] {
    const envelope = relayedEnvelope(raw, this.options) as TaskUpdateEvent<TaskData> | undefined;
    if (!envelope) return [];
    const out: UIMessageChunk[] = [];
    if (envelope.type !== 'chunk') this.#closeText(out);
    switch (envelope.type) {
      case 'chunk': {
        if (typeof envelope.data !== 'string' || envelope.data === '') break;
        if (!this.#textId) out.push({ type: 'text-start', id: (this.#textId = this.#nextId('text')) });
        out.push({ type: 'text-delta', id: this.#textId, delta: envelope.data });
        break;
      }
      case 'tool_call_request':
        out.push(...this.#toolInput(envelope.data as ToolCallRequest));
        break;
      case 'tool_call_result': {
        const data = envelope.data as ToolCallResult;
        out.push(...this.#toolInput(data));
        const toolCallId = data.tool_call_id ?? data.request_id ?? '';
        out.push(data.is_error
          ? { type: 'tool-output-error', toolCallId, errorText: typeof data.result === 'string' ? data.result : JSON.stringify(data.result ?? null), dynamic: true }
          : { type: 'tool-output-available', toolCallId, output: data.result ?? null, dynamic: true });
        break;
      }
      case 'plan_updated':
        out.push({ type: 'data-xpander-plan', id: 'plan', data: envelope.data });
        break;
      case 'auth_event': {
        const auth = envelope.data as McpoAuthGetTokenResponse;
        if (auth.type === 'login_required' && auth.data?.url) {
          out.push(...this.#pauseChunk({ kind: 'auth', source: 'mcp_oauth', url: auth.data.url, name: auth.data.server_name }));
        } else if (auth.type === 'token_ready') out.push(...this.#pauseChunk(null));
        break;
      }
      default:
        if (REASONING.has(envelope.type)) {
          const id = this.#nextId('reasoning');
          out.push({ type: 'reasoning-start', id }, { type: 'reasoning-delta', id, delta: reasoningText(envelope.data) }, { type: 'reasoning-end', id });
        } else if (LIFECYCLE_TYPES.has(envelope.type)) out.push(...this.#lifecycle(envelope.type, envelope.data as TaskData));
    }
    return out;
  }

  /** The chunks of a failure of the stream itself. */
  failure(error: unknown): UIMessageChunk[] {
    const out: UIMessageChunk[] = [];
    this.#closeText(out);
    const errorText = error instanceof ModuleException ? error.message : 'The event stream failed';
    out.push({ type: 'error', errorText }, { type: 'finish-step' }, { type: 'finish', finishReason: 'error' });
    return out;
  }

  /** The last chunks when the stream ended without `task_finished` (the caller stopped reading). */
  end(): UIMessageChunk[] {
    const out: UIMessageChunk[] = [];
    this.#closeText(out);
    out.push({ type: 'finish-step' }, { type: 'finish', finishReason: 'other' });
    return out;
  }

  #lifecycle(type: string, task: TaskData): UIMessageChunk[] {
    const out: UIMessageChunk[] = [{ type: 'data-xpander-status', id: 'status', data: { task_id: task.id, status: task.status ?? null } }];
    if (type !== 'task_finished') {
      out.push(...this.#pauseChunk(pauseOf(task)));
      return out;
    }
    out.push(...this.#pauseChunk(null));
    const failed = task.status === 'failed' || task.status === 'error';
    if (failed) out.push({ type: 'error', errorText: `The task ${task.status === 'error' ? 'raised an error' : 'failed'}: ${task.result ?? 'no result'}` });
    out.push({ type: 'finish-step' }, { type: 'finish', finishReason: failed ? 'error' : task.status === 'completed' ? 'stop' : 'other' });
    return out;
  }

  /** A data part with the pause, sent only when it changes (same id: the page shows the latest). */
  #pauseChunk(pause: unknown): UIMessageChunk[] {
    const text = JSON.stringify(pause);
    if (text === this.#pause) return [];
    this.#pause = text;
    return [{ type: 'data-xpander-pause', id: 'pause', data: pause }];
  }

  #toolInput(call: ToolCallRequest): UIMessageChunk[] {
    const toolCallId = call.tool_call_id ?? call.request_id ?? '';
    if (this.#tools.has(toolCallId)) return [];
    this.#tools.add(toolCallId);
    return [{ type: 'tool-input-available', toolCallId, toolName: call.tool_name ?? call.operation_id ?? 'tool', input: call.payload ?? {}, dynamic: true }];
  }

  #closeText(out: UIMessageChunk[]): void {
    if (!this.#textId) return;
    out.push({ type: 'text-end', id: this.#textId });
    this.#textId = undefined;
  }

  #nextId(kind: string): string {
    return `${kind}-${++this.#parts}`;
  }
}

/** A stream of UI message chunks pulled from the events; cancelling it closes the upstream stream. */
export function uiMessageSource(events: AsyncIterable<TaskUpdateEvent<unknown>>, options: UIMessageStreamOptions, onCancel?: () => void): UnderlyingDefaultSource<UIMessageChunk> {
  const iterator = events[Symbol.asyncIterator]();
  const translator = new UIMessageTranslator(options);
  let started = false;
  return {
    async pull(controller) {
      const push = (chunks: UIMessageChunk[]) => chunks.forEach((chunk) => controller.enqueue(chunk));
      if (!started) {
        started = true;
        push(translator.start(options.messageId));
      }
      try {
        for (;;) {
          const { value, done } = await iterator.next();
          if (done) {
            push(translator.end());
            controller.close();
            return;
          }
          const chunks = translator.translate(value);
          push(chunks);
          if (value.type === 'task_finished') {
            controller.close();
            await iterator.return?.();
            return;
          }
          if (chunks.length) return;
        }
      } catch (error) {
        push(translator.failure(error));
        controller.close();
      }
    },
    async cancel() {
      onCancel?.();
      await iterator.return?.();
    },
  };
}
