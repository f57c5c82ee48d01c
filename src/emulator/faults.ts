/** Which requests a fault applies to; a missing field matches anything. */
export interface RequestMatch {
  /** HTTP method, any case. */
  method?: string;
  /** Tested against the path without its query string. */
  path?: RegExp;
}

/** Failure injection for reliability tests. Every fault is used up as it fires. */
export interface Faults {
  /** The next `times` event streams lose their socket abruptly after `n` events. */
  dropStreamAfter(n: number, times?: number): void;
  /** The next `times` event streams go silent (no events, no heartbeats) after `n` events, socket left open. */
  stallStreamAfter(n: number, times?: number): void;
  /** The next `times` matching requests answer `status` with `{"detail":"Injected <status>"}`, unexecuted. */
  failNext(status: number, times?: number, match?: RequestMatch): void;
  /** The next `times` matching requests answer 429 with `Retry-After: retryAfterSeconds`, unexecuted. */
  rateLimitNext(times: number, retryAfterSeconds: number, match?: RequestMatch): void;
  /** The next `times` matching requests are executed, then wait `ms` before their status line. */
  delayHeaders(ms: number, times?: number, match?: RequestMatch): void;
  /** The next `times` matching JSON 200 answers carry only the first half of their body. */
  truncateNextBody(times?: number, match?: RequestMatch): void;
  /** Disarms every fault. */
  clear(): void;
}

export interface StreamFault {
  kind: 'drop' | 'stall';
  after: number;
}

export interface InjectedResponse {
  status: number;
  retryAfterSeconds?: number;
}

interface Armed<T> {
  left: number;
  match: RequestMatch | undefined;
  value: T;
}

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function matches(match: RequestMatch | undefined, method: string, path: string): boolean {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.path) {
    // A /g or /y RegExp keeps its position between tests; every request starts afresh.
    match.path.lastIndex = 0;
    if (!match.path.test(path)) return false;
  }
  return true;
}

function take<T>(queue: Armed<T>[], method = '', path = ''): T | undefined {
  const index = queue.findIndex((armed) => matches(armed.match, method, path));
  if (index < 0) return undefined;
  const armed = queue[index];
  if (--armed.left === 0) queue.splice(index, 1);
  return armed.value;
}

/** The armed faults; the server takes them as requests arrive. */
export class FaultQueue implements Faults {
  readonly #streams: Armed<StreamFault>[] = [];
  readonly #responses: Armed<InjectedResponse>[] = [];
  readonly #delays: Armed<number>[] = [];
  readonly #truncations: Armed<true>[] = [];

  dropStreamAfter(n: number, times = 1): void {
    this.#streams.push({ left: count('times', times, 1), match: undefined, value: { kind: 'drop', after: count('n', n, 0) } });
  }

  stallStreamAfter(n: number, times = 1): void {
    this.#streams.push({ left: count('times', times, 1), match: undefined, value: { kind: 'stall', after: count('n', n, 0) } });
  }

  failNext(status: number, times = 1, match?: RequestMatch): void {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new RangeError(`status must be an HTTP status, got ${status}`);
    this.#responses.push({ left: count('times', times, 1), match, value: { status } });
  }

  rateLimitNext(times: number, retryAfterSeconds: number, match?: RequestMatch): void {
    const retryAfter = count('retryAfterSeconds', retryAfterSeconds, 0);
    this.#responses.push({ left: count('times', times, 1), match, value: { status: 429, retryAfterSeconds: retryAfter } });
  }

  delayHeaders(ms: number, times = 1, match?: RequestMatch): void {
    this.#delays.push({ left: count('times', times, 1), match, value: count('ms', ms, 0) });
  }

  truncateNextBody(times = 1, match?: RequestMatch): void {
    this.#truncations.push({ left: count('times', times, 1), match, value: true });
  }

  clear(): void {
    for (const queue of [this.#streams, this.#responses, this.#delays, this.#truncations]) queue.length = 0;
  }

  takeStream(): StreamFault | undefined {
    return take(this.#streams);
  }

  takeResponse(method: string, path: string): InjectedResponse | undefined {
    return take(this.#responses, method, path);
  }

  takeDelay(method: string, path: string): number {
    return take(this.#delays, method, path) ?? 0;
  }

  takeTruncation(method: string, path: string): boolean {
    return take(this.#truncations, method, path) ?? false;
  }
}
