/** One line of the opt-in debug log. Never carries a header, a body or a secret. */
export type DebugRecord =
  | {
      /** One HTTP attempt. */
      kind: 'request';
      /** The HTTP method. */
      method: string;
      /** Path and query, without the host. */
      path: string;
      /** The HTTP status, or undefined when no response came back. */
      status?: number;
      /** 1 for the first attempt. */
      attempt: number;
      /** Milliseconds until the response headers (or the failure). */
      ms: number;
      /** What went wrong when no response came back. */
      error?: string;
    }
  | {
      /** An SSE event skipped because its data is not a JSON event. */
      kind: 'malformed_event';
      /** The task whose stream it came on. */
      task_id: string;
      /** Why it was skipped. */
      reason: string;
      /** The SSE `id:` of the event, when it had one. */
      id?: string;
    }
  | {
      /** The event stream is about to reconnect. */
      kind: 'reconnect';
      /** The task whose stream is resumed. */
      task_id: string;
      /** Reconnects in a row without a new event, this one included. */
      attempt: number;
      /** The wait before reconnecting, in milliseconds. */
      delay_ms: number;
      /** Why the connection was lost. */
      reason: string;
    }
  | {
      /** `wait()` could not follow the event stream and polls the task instead. */
      kind: 'wait_polling';
      /** The task waited for. */
      task_id: string;
      /** Why the stream could not be followed. */
      reason: string;
    };

/** Receives the debug records of {@link ConfigurationOptions.log}. */
export type DebugLogger = (record: DebugRecord) => void;

/** The logger of `XPANDER_DEBUG=1`: one readable line per record on stderr. */
export const consoleLogger: DebugLogger = (record) => {
  let line: string;
  if (record.kind === 'request') {
    const outcome = record.status === undefined ? `failed (${record.error ?? 'no response'})` : String(record.status);
    line = `${record.method} ${record.path} → ${outcome} (attempt ${record.attempt}, ${record.ms} ms)`;
  } else if (record.kind === 'reconnect') {
    line = `events ${record.task_id}: reconnect ${record.attempt} in ${record.delay_ms} ms (${record.reason})`;
  } else if (record.kind === 'wait_polling') {
    line = `wait ${record.task_id}: polling instead of the event stream (${record.reason})`;
  } else {
    line = `events ${record.task_id}: skipped a malformed event${record.id ? ` (id ${record.id})` : ''}: ${record.reason}`;
  }
  console.error(`[xpander-tasks] ${line}`);
};
