/**
 * A deliberately small SSE reader for the emulator tests: it accumulates text, splits it on
 * blank lines and reads the fields, so the tests check the wire bytes themselves rather than
 * what a full client library would make of them. It is also the lenient reader many languages
 * ship: it makes a message of every blank-line-terminated block, so a block without data (a
 * lone `retry:`, a heartbeat with a blank line of its own) shows up as a message with no data.
 */
export interface SseMessage {
  id?: string;
  data?: string;
  retry?: string;
  comments: string[];
}

export class SseReader {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #buffer = '';
  #done = false;

  constructor(readonly response: Response) {
    if (!response.body) throw new Error('The response has no body');
    this.#reader = response.body.getReader();
  }

  /** The next message, or undefined once the server has ended the response cleanly. */
  async next(): Promise<SseMessage | undefined> {
    for (;;) {
      const end = this.#buffer.search(/\r?\n\r?\n/);
      if (end >= 0) {
        const block = this.#buffer.slice(0, end);
        this.#buffer = this.#buffer.slice(end).replace(/^\r?\n\r?\n/, '');
        return parse(block);
      }
      if (this.#done) {
        if (this.#buffer.trim() !== '') throw new Error(`Stream ended inside a message: ${JSON.stringify(this.#buffer)}`);
        return undefined;
      }
      const { value, done } = await this.#reader.read();
      if (done) this.#done = true;
      else this.#buffer += this.#decoder.decode(value, { stream: true });
    }
  }

  /** Resolves once the text received but not yet made into a message matches `pattern`. */
  async waitForPending(pattern: RegExp): Promise<string> {
    while (!pattern.test(this.#buffer)) {
      const { value, done } = await this.#reader.read();
      if (done) throw new Error(`Stream ended before ${pattern}: ${JSON.stringify(this.#buffer)}`);
      this.#buffer += this.#decoder.decode(value, { stream: true });
    }
    return this.#buffer;
  }

  /** Every message up to the clean end of the response. */
  async all(): Promise<SseMessage[]> {
    const out: SseMessage[] = [];
    for (let message = await this.next(); message; message = await this.next()) out.push(message);
    return out;
  }

  /** The next message, or 'timeout' when none arrives within `ms`. */
  async nextWithin(ms: number): Promise<SseMessage | undefined | 'timeout'> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
    try {
      return await Promise.race([this.next(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async cancel(): Promise<void> {
    await this.#reader.cancel().catch(() => undefined);
  }
}

function parse(block: string): SseMessage {
  const message: SseMessage = { comments: [] };
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) {
      message.comments.push(line.slice(1).trim());
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') message.id = value;
    else if (field === 'retry') message.retry = value;
    else if (field === 'data') message.data = message.data === undefined ? value : `${message.data}\n${value}`;
  }
  return message;
}
