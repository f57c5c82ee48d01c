import { redact } from '../core/secrets.js';
import type { TaskUpdateEvent } from '../events/types.js';
import type { RelayFilter } from './types.js';
import { LIFECYCLE_TYPES } from '../events/known.js';


/** The envelope a relay sends: secrets redacted, lifecycle data cut to `taskFields`; undefined when filtered out. */
export function relayedEnvelope(event: TaskUpdateEvent<unknown>, filter: RelayFilter): Record<string, unknown> | undefined {
  if (filter.types && !filter.types.includes(event.type)) return undefined;
  // A Task's toJSON redacts its secrets; redact() covers plain data and auth tokens alike.
  const data = event.data as { toJSON?: () => unknown } | null;
  const { id: _id, ...envelope } = redact({ ...event, data: typeof data?.toJSON === 'function' ? data.toJSON() : data }) as Record<string, unknown>;
  if (LIFECYCLE_TYPES.has(event.type) && filter.taskFields && envelope.data && typeof envelope.data === 'object') {
    const data = envelope.data as Record<string, unknown>;
    envelope.data = Object.fromEntries(filter.taskFields.filter((key) => key in data).map((key) => [key, data[key]]));
  }
  return envelope;
}

/** One SSE frame: the event's id (so a browser can resume), its JSON on one `data:` line. */
export function sseFrame(id: string | undefined, data: unknown, event?: string): string {
  // JSON.stringify escapes every line break, so one data line always holds the whole event.
  return `${id === undefined ? '' : `id: ${id}\n`}${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;
}
