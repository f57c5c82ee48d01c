/** setTimeout fires at once for delays past 2^31-1 ms; longer limits mean "none". */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The one abort-and-timeout primitive: a signal that aborts when the caller's signal does,
 * when `timeoutMs` passes (0 or beyond a timer's range: never), or when {@link abort} is
 * called, and that tells afterwards which it was. `dispose()` removes every listener and
 * timer, so a long-lived caller signal reused across many calls collects none.
 */
export class CallSignal {
  readonly #controller = new AbortController();
  readonly #parent: AbortSignal | undefined;
  readonly #deadline: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timedOut = false;
  readonly #onParentAbort = () => this.#controller.abort(this.#parent!.reason);

  constructor(
    readonly timeoutMs: number,
    parent?: AbortSignal,
  ) {
    this.#parent = parent;
    const limited = timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS;
    this.#deadline = limited ? Date.now() + timeoutMs : Infinity;
    if (parent?.aborted) this.#controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.#onParentAbort, { once: true });
    if (limited && !this.#controller.signal.aborted) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.#controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
    }
  }

  /** The signal to hand to fetch, readers and sleeps. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the time limit, rather than the caller or {@link abort}, ended it. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** Whether the caller's own signal ended it. */
  get abortedByCaller(): boolean {
    return Boolean(this.#parent?.aborted) && !this.#timedOut;
  }

  /** Milliseconds left before the time limit; Infinity without one. */
  remainingMs(): number {
    return Math.max(0, this.#deadline - Date.now());
  }

  /** Ends it for a reason of the owner's (an idle stream, a size cap). */
  abort(reason?: unknown): void {
    this.#controller.abort(reason);
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }
}

/**
 * A signal that aborts with the first of `signals`: AbortSignal.any where the runtime has it
 * (edge-runtime has not) and the signals are its own.
 */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  try {
    if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  } catch {
    // A signal of another realm (jsdom's, say): followed by hand below.
  }
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) controller.abort(signal.reason);
    else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}


/**
 * Whether `value` is an AbortSignal, this realm's or another's (jsdom, a vm): by shape, since
 * `instanceof` fails across realms.
 */
export function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof (value as AbortSignal | null)?.addEventListener === 'function' && 'aborted' in (value as object);
}
