/** One line of the opt-in debug log. Never carries a header, a body or a secret. */
export type DebugRecord =
  | {
      kind: 'request';
      method: string;
      /** Path and query, without the host. */
      path: string;
      /** The HTTP status, or undefined when no response came back. */
      status?: number;
      /** 1 for the first attempt. */
      attempt: number;
      ms: number;
      error?: string;
    }
  | { kind: 'malformed_event'; task_id: string; reason: string; id?: string }
  | { kind: 'reconnect'; task_id: string; attempt: number; delay_ms: number; reason: string };

export type DebugLogger = (record: DebugRecord) => void;

/** The logger of `XPANDER_DEBUG=1`: one readable line per record on stderr. */
export const consoleLogger: DebugLogger = (record) => {
  let line: string;
  if (record.kind === 'request') {
    const outcome = record.status === undefined ? `failed (${record.error ?? 'no response'})` : String(record.status);
    line = `${record.method} ${record.path} → ${outcome} (attempt ${record.attempt}, ${record.ms} ms)`;
  } else if (record.kind === 'reconnect') {
    line = `events ${record.task_id}: reconnect ${record.attempt} in ${record.delay_ms} ms (${record.reason})`;
  } else {
    line = `events ${record.task_id}: skipped a malformed event${record.id ? ` (id ${record.id})` : ''}: ${record.reason}`;
  }
  console.error(`[xpander-tasks] ${line}`);
};
