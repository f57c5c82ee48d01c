/** Statuses worth another try for an idempotent call. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

const MAX_RETRY_AFTER_MS = 60_000;

/**
 * The server's wish from `retry-after-ms` or `Retry-After` (seconds or an HTTP date),
 * capped at 60 s; undefined when it expressed none.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_RETRY_AFTER_MS);
  const value = headers.get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_RETRY_AFTER_MS);
  const date = Date.parse(value);
  if (Number.isFinite(date)) return Math.min(Math.max(date - now, 0), MAX_RETRY_AFTER_MS);
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
