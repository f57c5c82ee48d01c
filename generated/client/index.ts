/**
 * The client the generated operations call: a hey-api custom client, its contract only.
 *
 * `npm run generate` copies this folder into `generated/client/`, where `generated/sdk.gen.ts`
 * imports it; `src/core/engine.ts` implements it. Each operation hands its route, parameters,
 * body and security to one of the methods below; the implementation performs the request and
 * resolves with the route's success body, or rejects (it never resolves with an error).
 */

/** How an operation's security is applied (the shape hey-api's generated operations pass). */
export interface Auth {
  /** `apiKey` for the `x-api-key` header. */
  type: 'apiKey' | 'http';
  /** Where an `apiKey` goes; `header` when absent. */
  in?: 'header' | 'query' | 'cookie';
  /** The header (or parameter) name. */
  name?: string;
  /** For `http` schemes. */
  scheme?: 'basic' | 'bearer';
}

/** Per-call policy the SDK adds to an operation's options; the engine reads nothing else of it. */
export interface CallPolicy {
  /** How every error of this call begins, e.g. `Failed to get task`. */
  what: string;
  /**
   * Whether sending the request twice is harmless. Calls that are not are retried only where
   * the server certainly did not act on them (a 429, or a connection refused before any byte).
   */
  idempotent: boolean;
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Milliseconds for the whole call, retries and body included; 0 for none. */
  timeout?: number;
  /** Retries allowed after the first attempt. */
  maxRetries?: number;
  /** What is wrong with a success body (undefined when nothing is): the route's promise, checked. */
  expect?: (data: unknown) => string | undefined;
}

/** What a generated operation passes to a client method. */
export interface RequestOptions {
  /** The route template, e.g. `/agent-execution/{task_id}/status`. */
  url: string;
  /** Values of the route's `{placeholders}`. */
  path?: Record<string, unknown>;
  /** Query parameters; absent and null values are left out. */
  query?: Record<string, unknown>;
  /** The JSON body. */
  body?: unknown;
  /** Header parameters of the operation, and `Content-Type` for bodies. */
  headers?: Record<string, unknown>;
  /** Where the operation's security schemes put the credentials. */
  security?: ReadonlyArray<Auth>;
  /** The SDK's per-call policy. */
  policy?: CallPolicy;
}

/** The shape of an operation's generated `…Data` type. */
export interface TDataShape {
  body?: unknown;
  headers?: unknown;
  path?: unknown;
  query?: unknown;
  url: string;
}

/**
 * What the caller of a generated operation passes besides `client`: its data less the route,
 * extra headers (the generated code spreads `options.headers` for every operation with a
 * body), and the SDK's policy.
 */
export type Options<
  TData extends TDataShape = TDataShape,
  _ThrowOnError extends boolean = boolean,
  _TResponse = unknown,
> = Omit<TData, 'url'> & { headers?: Record<string, unknown>; policy?: CallPolicy };

/** The body of any of the route's success statuses, as the generated `…Responses` type lists them. */
export type Success<TResponses> = TResponses extends Record<number, unknown> ? TResponses[keyof TResponses] : unknown;

/**
 * A REST method: resolves with the parsed success body (undefined for an empty one) once the
 * call succeeded, rejects otherwise. `TErrors` and `ThrowOnError` are accepted for the
 * generated code's sake; this client always rejects on failure.
 */
export type MethodFn = <TResponses = unknown, _TErrors = unknown, _ThrowOnError extends boolean = boolean>(
  options: RequestOptions,
) => Promise<Success<TResponses>>;

/** An open Server-Sent Events response: its status and headers were checked, its body is unread. */
export interface EventStreamResponse {
  /** The response; its body has not been read. */
  response: Response;
  /** The SSE bytes. */
  body: ReadableStream<Uint8Array>;
}

/** An SSE method: resolves once the stream is open, rejects otherwise. Never reconnects by itself. */
export type SseFn = <_TResponses = unknown, _TErrors = unknown, _ThrowOnError extends boolean = boolean>(
  options: RequestOptions & { lastEventId?: string },
) => Promise<EventStreamResponse>;

/** The methods the generated operations call. */
export interface Client {
  get: MethodFn;
  post: MethodFn;
  patch: MethodFn;
  delete: MethodFn;
  sse: { get: SseFn };
}
