import { ModuleException } from './errors.js';
import type { DebugLogger } from './log.js';
import { backoffMs, isRetryableStatus, retryAfterMs, sleep } from './retry.js';

export interface FetchPolicy {
  fetch: typeof fetch;
  /** Retries allowed after the first attempt (0 for calls that must not repeat). */
  maxRetries: number;
  signal: AbortSignal;
  log?: DebugLogger;
}

const MAX_REDIRECTS = 5;

/**
 * The `fetch` handed to the generated client: retries transient failures within the
 * policy and follows redirects only within the API's origin, so the API key (an
 * `x-api-key` header that fetch would carry along) never reaches another host.
 */
export function policyFetch(policy: FetchPolicy): typeof fetch {
  return async (input, init) => {
    // A URL string with a string body (send() and connect()) is used as it is; anything else is
    // normalised through a Request once, its body buffered so every retry and 307/308 redirect
    // can send the same bytes.
    const plain = typeof input === 'string' && (init?.body == null || typeof init.body === 'string');
    const first = plain ? undefined : input instanceof Request && init === undefined ? input : new Request(input, init);
    const body = first ? (first.body ? await first.arrayBuffer() : undefined) : ((init?.body as string | null | undefined) ?? undefined);
    const headers = first ? first.headers : init?.headers;
    let url = first ? first.url : (input as string);
    let method = first ? first.method : (init?.method ?? 'GET').toUpperCase();
    for (let retry = 0, redirects = 0, attempt = 1; ; attempt++) {
      const canRetry = retry < policy.maxRetries;
      const started = Date.now();
      let response: Response;
      try {
        // The signal goes in as an option, never inside a Request: undici follows a Request's
        // signal through a weak reference, so once that Request is collected an abort (timeout,
        // idle stream, caller) no longer reaches the body (nodejs/undici#3644).
        response = await policy.fetch(url, {
          method,
          headers,
          body: method === 'GET' || method === 'HEAD' ? undefined : body,
          signal: policy.signal,
          redirect: 'manual',
        });
      } catch (error) {
        policy.log?.({ kind: 'request', method, path: pathOf(url), attempt, ms: Date.now() - started, error: errorText(error) });
        if (!canRetry || policy.signal.aborted) throw error;
        await sleep(backoffMs(retry++), policy.signal);
        continue;
      }
      policy.log?.({ kind: 'request', method, path: pathOf(url), status: response.status, attempt, ms: Date.now() - started });
      const location = isRedirect(response.status) ? response.headers.get('location') : null;
      if (location !== null) {
        url = await sameOriginTarget(url, response, location, ++redirects);
        if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
          method = 'GET';
        }
        continue;
      }
      if (canRetry && isRetryableStatus(response.status)) {
        await response.body?.cancel().catch(() => undefined);
        await sleep(retryAfterMs(response.headers) ?? backoffMs(retry), policy.signal);
        retry++;
        continue;
      }
      return response;
    }
  };
}

function pathOf(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

async function sameOriginTarget(url: string, response: Response, location: string, count: number): Promise<string> {
  await response.body?.cancel().catch(() => undefined);
  const from = new URL(url);
  const to = new URL(location, from);
  if (to.origin !== from.origin) {
    throw new ModuleException(
      response.status,
      `The API redirected to another origin (${to.origin}); not followed, so the API key stays with ${from.origin}`,
    );
  }
  if (count > MAX_REDIRECTS) {
    throw new ModuleException(response.status, `More than ${MAX_REDIRECTS} redirects from ${from.pathname}`);
  }
  return to.href;
}
