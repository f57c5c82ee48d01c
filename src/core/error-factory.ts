import { BodyTooLarge } from './body.js';
import { type ErrorKind, ModuleException, type ValidationIssue } from './errors.js';
import type { Scrub } from './secrets.js';
import { certainlyNotSent } from './retry.js';
import type { CallSignal } from './signal.js';

/**
 * The one place a failed call becomes a {@link ModuleException}, for REST calls and event
 * streams alike. Every text that goes into an error (the server's words, snippets of bodies,
 * causes, header values) passes through the call's scrubber first.
 */
export interface ErrorContext {
  /** How the message begins, e.g. `Failed to get task`. */
  what: string;
  scrub: Scrub;
  /** Set when the request may have taken effect although the call failed (a create that was sent). */
  mayHaveActed?: boolean;
}

/** An HTML error page or a stack trace is quoted, not carried whole. */
const DESCRIPTION_MAX = 1000;
const SNIPPET_MAX = 120;
const MAY_HAVE_ACTED = ' (the request was sent, so it may have taken effect: check before sending it again)';

/** The error for a non-2xx answer: the server's own words, its headers, its validation issues. */
export function responseError(response: Response, text: string, ctx: ErrorContext): ModuleException {
  const body = parseLoosely(text);
  const issues = validationIssues(body, ctx.scrub);
  let description = issues ? issues.map(issueLine).join('; ') : describe(body);
  description = snippet(ctx.scrub(description), DESCRIPTION_MAX);
  if (ctx.mayHaveActed && (response.status >= 500 || response.status === 408)) description += MAY_HAVE_ACTED;
  return new ModuleException(response.status, description, 'http', { headers: scrubHeaders(response.headers, ctx.scrub), issues });
}

/** The error for a 2xx answer that is not what the route promises. */
export function invalidResponse(response: Response, problem: string, ctx: ErrorContext, cause?: unknown): ModuleException {
  return new ModuleException(response.status, ctx.scrub(`${ctx.what}: ${problem}`), 'invalid_response', {
    cause: safeCause(cause, ctx.scrub),
    headers: scrubHeaders(response.headers, ctx.scrub),
  });
}

/** A quote of a body for an `invalid_response` message: JSON-escaped and short. */
export function quote(text: string): string {
  return JSON.stringify(snippet(text, SNIPPET_MAX));
}

/** The error for a failure with no usable answer: timed out, aborted, a lost connection or an oversized body. */
export function failureError(cause: unknown, call: CallSignal, ctx: ErrorContext): ModuleException {
  if (cause instanceof ModuleException) return cause;
  const acted = ctx.mayHaveActed && !certainlyNotSent(cause) ? MAY_HAVE_ACTED : '';
  if (call.timedOut) return failure(0, `${ctx.what}: timed out after ${call.timeoutMs} ms${acted}`, 'timeout', cause, ctx);
  if (call.abortedByCaller) return abortedError(ctx.what, cause, ctx.scrub);
  if (cause instanceof BodyTooLarge) {
    return failure(0, `${ctx.what}: ${cause.message} (raise maxResponseBytes to accept it)`, 'invalid_response', cause, ctx);
  }
  return failure(0, `${ctx.what}: connection failed (${reasonOf(cause)})${acted}`, 'connection', cause, ctx);
}

/** The error of a call the caller aborted. */
export function abortedError(what: string, cause?: unknown, scrub?: Scrub): ModuleException {
  return new ModuleException(0, `${what}: aborted`, 'aborted', { cause: scrub ? safeCause(cause, scrub) : cause });
}

function failure(status: number, description: string, kind: ErrorKind, cause: unknown, ctx: ErrorContext) {
  return new ModuleException(status, ctx.scrub(description), kind, { cause: safeCause(cause, ctx.scrub) });
}

/** What went wrong, from an error of any realm (undici says "fetch failed"; its cause says why). */
export function reasonOf(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  const cause = messageOf((error as { cause?: unknown } | null)?.cause);
  return cause ? `${message}: ${cause}` : message;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('message' in value)) return undefined;
  return String((value as { message: unknown }).message);
}

/**
 * The cause as it is when no secret is in its messages, else a copy whose messages are
 * scrubbed (a SyntaxError quotes the body it failed on; a fetch error may quote a URL).
 */
function safeCause(cause: unknown, scrub: Scrub, depth = 0): unknown {
  const message = messageOf(cause);
  if (message === undefined || depth > 3) return cause;
  const inner = (cause as { cause?: unknown }).cause;
  const safeInner = inner === undefined ? undefined : safeCause(inner, scrub, depth + 1);
  const safeMessage = scrub(message);
  if (safeMessage === message && safeInner === inner) return cause;
  const copy = new Error(safeMessage, safeInner === undefined ? undefined : { cause: safeInner });
  copy.name = String((cause as { name?: unknown }).name ?? 'Error');
  return copy;
}

function scrubHeaders(headers: Headers, scrub: Scrub): Headers {
  const safe = new Headers();
  headers.forEach((value, name) => safe.append(name, scrub(value)));
  return safe;
}

function parseLoosely(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The server's own words from an error body, as the Python SDK reports `response.text`. */
function describe(body: unknown): string {
  if (typeof body === 'string') return body.trim() || 'no description';
  if (body && typeof body === 'object') {
    const { detail, message, error } = body as Record<string, unknown>;
    for (const candidate of [detail, message, error]) {
      if (typeof candidate === 'string' && candidate) return candidate;
    }
    return JSON.stringify(body);
  }
  return body === undefined || body === null ? 'no description' : String(body);
}

/** FastAPI's validation list (`detail: [{ loc, msg, type, input }]`), without the echoed input. */
function validationIssues(body: unknown, scrub: Scrub): ValidationIssue[] | undefined {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (!Array.isArray(detail) || detail.length === 0) return undefined;
  const issues: ValidationIssue[] = [];
  for (const entry of detail) {
    const { loc, msg, type } = (entry ?? {}) as Record<string, unknown>;
    if (typeof msg !== 'string') return undefined;
    issues.push({
      loc: Array.isArray(loc) ? loc.map((part) => (typeof part === 'number' ? part : scrub(String(part)))) : [],
      msg: scrub(msg),
      ...(typeof type === 'string' ? { type } : {}),
    });
  }
  return issues;
}

function issueLine(issue: ValidationIssue): string {
  return issue.loc.length ? `${issue.loc.join('.')}: ${issue.msg}` : issue.msg;
}

function snippet(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
