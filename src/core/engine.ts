import type {
  CallPolicy,
  Client,
  EventStreamResponse,
  RequestOptions,
  SseFn,
  Success,
} from '../../generated/client/index.js';
import type { Configuration } from '../configuration.js';
import { BodyTooLarge, readText } from './body.js';
import { type BuiltRequest, buildRequest } from './build.js';
import { type ErrorContext, failureError, invalidResponse, quote, responseError } from './error-factory.js';
import { ModuleException } from './errors.js';
import { parseJson } from './json.js';
import { MAX_REDIRECTS, redirectLocation } from './redirect.js';
import { backoffMs, certainlyNotSent, isRetryableStatus, MAX_RETRY_AFTER_MS, retryAfterMs, sleep } from './retry.js';
import { type Scrub, scrubberOf, secretValues } from './secrets.js';
import { CallSignal } from './signal.js';
import { nonNegative } from './validate.js';

/**
 * The request engine: the client every generated operation calls (REST and the event stream).
 * One call, top to bottom:
 * 1. {@link Engine.prepare}: the per-call policy checked, the API key required, the request
 *    built from the operation, one {@link CallSignal} for the caller's signal and the timeout,
 *    and the call's scrubber (API key and the secrets of the body).
 * 2. {@link Engine.exchange}: one plain `fetch` per hop, redirects followed only within the
 *    API's origin (the key never reaches another host), a debug record per attempt.
 * 3. REST: transient failures retried by one classification (retry.ts) within the deadline,
 *    the body read under a byte cap, parsed, checked against the route's promise. SSE: the
 *    stream is checked and handed over unread; its owner reconnects (events/stream.ts).
 * 4. Any failure leaves through the one error factory (error-factory.ts), scrubbed.
 */
class Engine implements Client {
  readonly #config: Configuration;
  #keyScrub: { key: string; scrub: Scrub } | undefined;

  constructor(config: Configuration) {
    this.#config = config;
  }

  get<TResponses = unknown>(options: RequestOptions) {
    return this.#rest<TResponses>('GET', options);
  }

  post<TResponses = unknown>(options: RequestOptions) {
    return this.#rest<TResponses>('POST', options);
  }

  patch<TResponses = unknown>(options: RequestOptions) {
    return this.#rest<TResponses>('PATCH', options);
  }

  delete<TResponses = unknown>(options: RequestOptions) {
    return this.#rest<TResponses>('DELETE', options);
  }

  readonly sse: { get: SseFn } = { get: (options) => this.#stream(options) };

  /**
   * Resolves with the success body typed as the route declares it. That type is the route's
   * promise, not a proof: `policy.expect` is where a caller checks the shape it relies on.
   */
  async #rest<TResponses>(method: string, options: RequestOptions): Promise<Success<TResponses>> {
    const { request, call, ctx, policy } = this.prepare(method, options, this.#config.getFullUrl());
    try {
      for (let retry = 0; ; retry++) {
        const canRetry = retry < policy.maxRetries;
        let response: Response;
        try {
          response = await this.exchange(request, call, retry + 1, ctx);
        } catch (error) {
          if (!canRetry || call.signal.aborted || error instanceof ModuleException) throw error;
          if (!policy.idempotent && !certainlyNotSent(error)) throw error;
          await sleep(backoffMs(retry), call.signal);
          continue;
        }
        if (!response.ok) {
          // A request that is not idempotent is repeated only after a 429: the server refused it.
          const retryable = canRetry && (policy.idempotent ? isRetryableStatus(response.status) : response.status === 429);
          const wait = retryable ? waitBeforeRetry(response, retry, call) : undefined;
          if (wait === undefined) throw responseError(response, await errorText(response), ctx);
          await response.body?.cancel().catch(() => undefined);
          await sleep(wait, call.signal);
          continue;
        }
        let text: string;
        try {
          text = await readText(response, this.#config.maxResponseBytes);
        } catch (error) {
          // A body cut off mid-way is a lost connection: retried when repeating is harmless.
          if (!canRetry || !policy.idempotent || call.signal.aborted || error instanceof BodyTooLarge) throw error;
          await sleep(backoffMs(retry), call.signal);
          continue;
        }
        return answerOf(text, response, policy, ctx) as Success<TResponses>;
      }
    } catch (error) {
      throw failureError(error, call, ctx);
    } finally {
      call.dispose();
    }
  }

  async #stream(options: RequestOptions): Promise<EventStreamResponse> {
    const headers = { accept: 'text/event-stream', 'cache-control': 'no-store' };
    const { request, call, ctx } = this.prepare('GET', options, this.#config.getEventsBaseUrl(), headers);
    // Not disposed on success: the body goes on reading under this signal, and the stream's
    // owner ends it through its own (per-connection) signal.
    try {
      const response = await this.exchange(request, call, 1, ctx);
      if (!response.ok) throw responseError(response, await errorText(response), ctx);
      const type = response.headers.get('content-type') ?? '';
      if (!type.includes('text/event-stream') || !response.body) {
        await response.body?.cancel().catch(() => undefined);
        throw invalidResponse(response, `expected the task event stream (text/event-stream), got ${type || 'no content type'}`, ctx);
      }
      return { response, body: response.body };
    } catch (error) {
      call.dispose();
      throw failureError(error, call, ctx);
    }
  }

  /** Step 1: everything that can be known before a request, checked before one is sent. */
  private prepare(method: string, options: RequestOptions, baseUrl: string, extraHeaders?: Record<string, string>) {
    const policy = checkPolicy(options.policy, this.#config);
    const apiKey = this.#config.requireApiKey();
    const request = buildRequest(method, options, baseUrl, apiKey, extraHeaders);
    const ctx: ErrorContext = { what: policy.what, scrub: this.#scrubber(apiKey, options.body), mayHaveActed: !policy.idempotent };
    return { request, ctx, policy, call: new CallSignal(policy.timeout, policy.signal) };
  }

  /** Step 2: one attempt, following same-origin redirects. */
  private async exchange(request: BuiltRequest, call: CallSignal, attempt: number, ctx: ErrorContext): Promise<Response> {
    let { url, method, body } = request;
    for (let redirects = 0; ; redirects++) {
      // Looked up at each call and called as a plain function: browsers and workerd refuse a
      // fetch called as a method of another object ("Illegal invocation").
      const fetchFn = this.#config.fetch ?? globalThis.fetch;
      const started = Date.now();
      const log = this.#config.log;
      let response: Response;
      try {
        // The signal goes in as an option, never inside a Request: undici follows a Request's
        // signal through a weak reference, so once that Request is collected an abort no
        // longer reaches the body (nodejs/undici#3644).
        response = await fetchFn(url, { method, headers: request.headers, body, signal: call.signal, redirect: 'manual' });
      } catch (error) {
        log?.({ kind: 'request', method, path: ctx.scrub(pathOf(url)), attempt, ms: Date.now() - started, error: ctx.scrub(String((error as Error)?.message ?? error)) });
        throw error;
      }
      log?.({ kind: 'request', method, path: ctx.scrub(pathOf(url)), status: response.status, attempt, ms: Date.now() - started });
      if (response.type === 'opaqueredirect') {
        throw new ModuleException(0, `${ctx.what}: the API answered with a redirect, which this browser does not let the SDK follow or read; point base_url at the final address`);
      }
      const location = redirectLocation(response);
      if (location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      url = sameOriginTarget(url, location, response.status, redirects + 1, ctx);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  /** The API key's scrubber, made once per key; a call whose body holds secrets gets its own. */
  #scrubber(apiKey: string, body: unknown): Scrub {
    const secrets = body === undefined ? [] : secretValues(body);
    if (secrets.length > 0) return scrubberOf([apiKey, ...secrets]);
    if (this.#keyScrub?.key !== apiKey) this.#keyScrub = { key: apiKey, scrub: scrubberOf([apiKey]) };
    return this.#keyScrub.scrub;
  }
}

const engines = new WeakMap<Configuration, Engine>();

/** The engine of a configuration: what the facade passes as `client` to generated operations. */
export function clientFor(config: Configuration): Client {
  let engine = engines.get(config);
  if (!engine) engines.set(config, (engine = new Engine(config)));
  return engine;
}

type CheckedPolicy = CallPolicy & { timeout: number; maxRetries: number };

function checkPolicy(policy: CallPolicy | undefined, config: Configuration): CheckedPolicy {
  const given = policy ?? { what: 'Request failed', idempotent: false };
  const signal = given.signal;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw ModuleException.invalidInput('signal must be an AbortSignal');
  }
  return {
    ...given,
    timeout: nonNegative('timeout', given.timeout, config.timeout),
    maxRetries: nonNegative('maxRetries', given.maxRetries, config.maxRetries),
  };
}

/**
 * How long to wait before retrying a retryable answer, or undefined to fail with it at once:
 * when the server asks for more than {@link MAX_RETRY_AFTER_MS}, or for more than what is
 * left of the call's deadline, sleeping would only end in a timeout that hides its answer.
 */
function waitBeforeRetry(response: Response, retry: number, call: CallSignal): number | undefined {
  const asked = retryAfterMs(response.headers);
  if (asked !== undefined && asked > MAX_RETRY_AFTER_MS) return undefined;
  const wait = asked ?? backoffMs(retry);
  return wait >= call.remainingMs() ? undefined : wait;
}

/** Error bodies are quoted, never carried whole: 64 KiB is read at most. */
const ERROR_BODY_MAX = 64 * 1024;

function errorText(response: Response): Promise<string> {
  return readText(response, ERROR_BODY_MAX, true);
}

/** Step 3 of REST: the body parsed (empty: undefined) and checked against the route's promise. */
function answerOf(text: string, response: Response, policy: CallPolicy, ctx: ErrorContext): unknown {
  let data: unknown;
  if (text !== '') {
    try {
      data = parseJson(text);
    } catch (cause) {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw invalidResponse(response, `expected JSON, got ${type} (${text.length} bytes): ${quote(ctx.scrub(text))}`, ctx, cause);
    }
  }
  const problem = policy.expect?.(data);
  if (problem) throw invalidResponse(response, problem, ctx);
  return data;
}


function sameOriginTarget(url: string, location: string, status: number, count: number, ctx: ErrorContext): string {
  const from = new URL(url);
  const to = new URL(location, from);
  if (to.origin !== from.origin) {
    throw new ModuleException(
      status,
      `${ctx.what}: the API redirected to another origin (${to.origin}); not followed, so the API key stays with ${from.origin}`,
    );
  }
  if (count > MAX_REDIRECTS) throw new ModuleException(status, ctx.scrub(`${ctx.what}: more than ${MAX_REDIRECTS} redirects from ${from.pathname}`));
  return to.href;
}

function pathOf(url: string): string {
  const { pathname, search } = new URL(url);
  return pathname + search;
}
