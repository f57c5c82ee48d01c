import type { ServerResponse } from 'node:http';
import type { StreamFault } from './faults.js';
import type { TaskRecord } from './store.js';
import { type EventIds, eventIdText } from './event-ids.js';

export interface StreamOptions {
  /** Id of the last event the client already has; the stream starts after it. */
  after: number;
  /** How ids are written. */
  ids: EventIds;
  heartbeatMs: number;
  fault?: StreamFault;
}

/**
 * One subscriber to a task's event log: replays what it missed, then follows live.
 *
 * Framed for every reader, not only standard ones: many SSE clients dispatch an event at each
 * blank line and fail on one without data. So no block is sent without an event in it: the
 * `retry:` hint travels in the first event's block, and a heartbeat is a comment line with no
 * blank line of its own (it joins the next event's block, where every reader ignores it).
 */
export class EventStream {
  #cursor: number;
  #written = 0;
  #retrySent = false;
  #heartbeat: NodeJS.Timeout | undefined;
  #detached = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly record: TaskRecord,
    private readonly options: StreamOptions,
  ) {
    // An id beyond the log cannot have been seen; resuming from the end loses nothing new.
    this.#cursor = Math.min(options.after, record.log.length);
  }

  start(): void {
    const { res, record, options } = this;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.on('close', () => this.#detach());
    record.listeners.add(this.#pump);
    this.#heartbeat = setInterval(() => res.write(': heartbeat\n'), options.heartbeatMs);
    // A fault armed for after 0 events cuts (or silences) the stream before the first one.
    if (options.fault?.after === 0 && this.#write('')) return;
    this.#pump();
    // The run is over and the client has all of it: nothing more will ever come.
    if (!this.#detached && record.finishedId !== null && this.#cursor >= record.finishedId) this.end();
  }

  /** Ends the response cleanly. */
  end(): void {
    this.#detach();
    if (!this.res.writableEnded) this.res.end();
  }

  readonly #pump = () => {
    const { log } = this.record;
    while (!this.#detached && this.#cursor < log.length) {
      const { id, event } = log[this.#cursor++];
      this.#written++;
      const retry = this.#retrySent ? '' : 'retry: 1000\n';
      this.#retrySent = true;
      if (this.#write(`${retry}id: ${eventIdText(this.options.ids, this.record.task.id, id)}\ndata: ${JSON.stringify(event)}\n\n`)) return;
      if (event.type === 'task_finished') this.end();
    }
  };

  /** Writes `text`, then applies the armed fault if it is due after this many events; true once cut off. */
  #write(text: string): boolean {
    const { fault } = this.options;
    if (!fault || this.#written !== fault.after) {
      this.res.write(text);
      return false;
    }
    this.#detach();
    if (fault.kind === 'stall') this.res.write(text);
    // Only after the bytes are flushed, so the client gets exactly `after` events before the cut.
    else this.res.write(text, () => this.res.socket?.destroy());
    return true;
  }

  #detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    clearInterval(this.#heartbeat);
    this.record.listeners.delete(this.#pump);
  }
}
