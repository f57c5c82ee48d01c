import { ModuleException } from './errors.js';

/**
 * One signal that aborts when the caller's signal does or when `timeoutMs` passes,
 * and tells afterwards which of the two it was. `dispose()` removes every listener,
 * so a long-lived caller signal reused across many calls collects none.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #parent: AbortSignal | undefined;
  readonly #timeoutMs: number;
  #timedOut = false;
  readonly #onParentAbort = () => this.#controller.abort(this.#parent!.reason);

  constructor(timeoutMs: number, parent?: AbortSignal) {
    this.#timeoutMs = timeoutMs;
    this.#parent = parent;
    if (parent?.aborted) this.#controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.#onParentAbort, { once: true });
    if (timeoutMs > 0 && !this.#controller.signal.aborted) {
      this.#timer = setTimeout(() => {
        this.#timedOut = true;
        this.#controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
      }, timeoutMs);
    }
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The error to raise for a failure that happened while this deadline was running. */
  errorFor(cause: unknown, what: string): ModuleException {
    if (this.#timedOut) {
      return new ModuleException(0, `${what}: timed out after ${this.#timeoutMs} ms`, 'timeout', { cause });
    }
    if (this.#controller.signal.aborted) {
      return new ModuleException(0, `${what}: aborted`, 'aborted', { cause });
    }
    if (cause instanceof ModuleException) return cause;
    const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
    return new ModuleException(0, `${what}: connection failed (${reason})`, 'connection', { cause });
  }

  dispose(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#parent?.removeEventListener('abort', this.#onParentAbort);
  }
}
