import type { ValidationIssue as WireIssue } from '../../generated/types.gen.js';

/** What kind of failure a {@link ModuleException} reports. */
export type ErrorKind =
  | 'http'
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'invalid_input';

/**
 * One entry of a validation error's list (FastAPI's `detail`, openapi/'s ValidationIssue),
 * without the echoed input, which may hold a secret. `type` is optional: not every server sends it.
 */
export type ValidationIssue = Pick<WireIssue, 'loc' | 'msg'> & Partial<Pick<WireIssue, 'type'>>;

/** What a {@link ModuleException} may carry besides its status and description. */
export interface ModuleExceptionOptions {
  /** The error behind this one. */
  cause?: unknown;
  /** The response headers, when a response came back (rate-limit and request-id headers). */
  headers?: Headers;
  /** The validation problems of a 422, one per field. */
  issues?: ValidationIssue[];
}

/**
 * Every error the SDK raises, so one `catch` serves. Mirrors the Python SDK's
 * `ModuleException(status_code, description)`; `kind` says what went wrong. No secret the
 * caller handed to the SDK appears in its message, description, headers, issues or cause.
 *
 * @example
 * ```ts
 * try {
 *   await Task.load('non-existent-task');
 * } catch (e) {
 *   if (e instanceof ModuleException && e.status_code === 404) console.log('Task not found');
 * }
 * ```
 */
export class ModuleException extends Error {
  /** The HTTP status, or 0 when no response came back. */
  readonly status_code: number;
  /** The server's message, or what went wrong. */
  readonly description: string;
  /** What kind of failure this is. */
  readonly kind: ErrorKind;
  /** The response headers, when the error comes from a response. */
  readonly headers: Headers | undefined;
  /** The server's request id (`x-request-id`, `request-id` or `x-amzn-requestid`), when it sent one. */
  readonly request_id: string | undefined;
  /** The validation problems of a 422 (FastAPI's `detail` list), when there were any. */
  readonly issues: ValidationIssue[] | undefined;

  constructor(status_code: number, description: string, kind: ErrorKind = 'http', options?: ModuleExceptionOptions) {
    super(`[${status_code}] ${description}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.status_code = status_code;
    this.description = description;
    this.kind = kind;
    this.headers = options?.headers;
    this.request_id = options?.headers ? requestIdOf(options.headers) : undefined;
    this.issues = options?.issues;
    // The web platform's convention, so `err.name === 'AbortError'` checks keep working.
    this.name = kind === 'aborted' ? 'AbortError' : 'ModuleException';
  }

  /** Bad input caught before any request was sent. */
  static invalidInput(description: string): ModuleException {
    return new ModuleException(0, description, 'invalid_input');
  }
}

function requestIdOf(headers: Headers): string | undefined {
  return headers.get('x-request-id') ?? headers.get('request-id') ?? headers.get('x-amzn-requestid') ?? undefined;
}
