import type { ModuleException } from './errors.js';

/**
 * When a failed call is worth another try: the one classification behind REST retries and
 * event-stream reconnects.
 */

/** Statuses that say "try again later" rather than "this request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** A failure that another attempt may not meet: no answer at all, or a retryable status. */
export function isTransient(error: ModuleException): boolean {
  return error.kind === 'connection' || (error.kind === 'http' && isRetryableStatus(error.status_code));
}

/** Connection failures that happen before a byte of the request leaves: safe to retry for any call. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** Whether a fetch failure certainly happened before the request was sent (so it did nothing). */
export function certainlyNotSent(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT.has(code)) return true;
  }
  return false;
}

/** The longest server-asked wait the SDK sleeps through; a longer wish fails the call at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The server's wish from `retry-after-ms` or `Retry-After` (seconds or an HTTP date), in
 * milliseconds and uncapped; undefined when it expressed none.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.max(date - now, 0);
  return undefined;
}

/** Exponential backoff from 0.5 s, capped at 8 s, with up to 25% jitter taken off. */
export function backoffMs(retry: number, random = Math.random): number {
  const base = Math.min(500 * 2 ** retry, 8_000);
  return base * (1 - 0.25 * random());
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
