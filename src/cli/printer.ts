import type { TaskUpdateEvent } from '../index.js';

/**
 * Prints task events readably. On a TTY: a spinner while waiting, and the answer growing in
 * place as chunks arrive. Otherwise (logs, CI): one plain line per event.
 */
export class EventPrinter {
  readonly #out: NodeJS.WriteStream;
  readonly #tty: boolean;
  #answer = '';
  #spinner: ReturnType<typeof setInterval> | undefined;
  #frame = 0;

  constructor(out: NodeJS.WriteStream) {
    this.#out = out;
    this.#tty = Boolean(out.isTTY);
    if (this.#tty) this.#spinner = setInterval(() => this.#spin(), 80);
  }

  print(event: TaskUpdateEvent): void {
    if (event.type === 'chunk') {
      this.#answer += event.data;
      if (this.#tty) this.#out.write(`\r\x1b[K  answer: ${this.#answer.slice(-((this.#out.columns ?? 120) - 12))}`);
      else this.#out.write(`  chunk: ${JSON.stringify(event.data)}\n`);
      return;
    }
    this.note(`${event.time}  ${event.type.padEnd(18)} ${summary(event)}`);
  }

  /** A line of its own; ends an answer being streamed on a TTY. */
  note(text: string): void {
    if (this.#tty) {
      this.#out.write(this.#answer ? '\n' : '\r\x1b[K');
      this.#answer = '';
    }
    this.#out.write(`${text}\n`);
  }

  end(): void {
    clearInterval(this.#spinner);
    if (this.#tty) this.#out.write(this.#answer ? '\n' : '\r\x1b[K');
  }

  #spin(): void {
    if (this.#answer) return;
    const frames = '⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏';
    this.#out.write(`\r\x1b[K${frames[this.#frame++ % frames.length]} waiting for the agent…`);
  }
}

function summary(event: TaskUpdateEvent): string {
  switch (event.type) {
    case 'task_created':
    case 'task_updated':
    case 'task_finished':
      return `status=${event.data.status}${event.data.result ? ` result=${JSON.stringify(event.data.result)}` : ''}`;
    case 'tool_call_request':
      return `${event.data.tool_name ?? event.data.operation_id} ${JSON.stringify(event.data.payload ?? {})}`;
    case 'tool_call_result':
      return `${event.data.tool_name ?? event.data.operation_id} → ${JSON.stringify(event.data.result)}`;
    default:
      return typeof event.data === 'string' ? event.data : JSON.stringify(event.data);
  }
}
