import { abortedError } from '../core/error-factory.js';
import { ModuleException } from '../core/errors.js';
import { nonNegative } from '../core/validate.js';
import { hostGuard, type HostGuard, type NetworkPolicy } from './network-guard.js';
import { guardedNodeFetch } from './node-download.js';

/** Options of the attachment helpers; every one has a safe default. */
export interface AttachmentOptions extends NetworkPolicy {
  /**
   * The `fetch` to download attachments with (default: the global one). It receives a
   * plain request: no API key, no header configured for the API, no credentials.
   */
  fetch?: typeof fetch;
  /** Per-file limit in milliseconds, body included (default 10 000; 0 or `Infinity`: none). */
  timeoutMs?: number;
  /** Per-file size cap in bytes, enforced while the body streams in (default 10 MiB). */
  maxBytes?: number;
  /** Files downloaded at once, across all kinds (default 4). */
  concurrency?: number;
  /** Aborts every download; the helper then rejects with a `ModuleException` of kind `'aborted'`. */
  signal?: AbortSignal;
}

/** {@link AttachmentOptions} with the defaults filled in, after validation. */
export interface ResolvedAttachmentOptions {
  fetch: typeof fetch;
  /** Which hosts may be reached, at the first request and at every redirect. */
  guard: HostGuard;
  /** 0 when there is no timeout. */
  timeoutMs: number;
  maxBytes: number;
  concurrency: number;
  signal: AbortSignal | undefined;
}

/** Per-file download limit when `timeoutMs` is not given: 10 s, body included. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Per-file size cap when `maxBytes` is not given: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
/** Downloads in flight at once when `concurrency` is not given. */
export const DEFAULT_CONCURRENCY = 4;


/**
 * Checks the options before any request, so a typo fails loudly instead of
 * silently disabling a limit.
 */
export function resolveAttachmentOptions(options: AttachmentOptions | undefined): ResolvedAttachmentOptions {
  if (options === undefined || options === null) options = {};
  if (typeof options !== 'object') {
    throw ModuleException.invalidInput(`attachments: options must be an object, got ${typeof options}`);
  }
  if (options.allowPrivateNetwork !== undefined && typeof options.allowPrivateNetwork !== 'boolean') {
    throw ModuleException.invalidInput('attachments: allowPrivateNetwork must be true or false');
  }
  const allowed = options.allowedHosts;
  if (allowed !== undefined && (!Array.isArray(allowed) || allowed.some((h) => typeof h !== 'string' || h === ''))) {
    throw ModuleException.invalidInput('attachments: allowedHosts must be a list of hostnames, addresses or CIDR ranges');
  }
  const guard = hostGuard(options);
  // On Node, unless the caller brings a fetch of their own, names are checked at connect time too.
  const fetchImpl = options.fetch ?? (guard.active ? guardedNodeFetch(guard) : undefined) ?? (typeof fetch === 'function' ? fetch : undefined);
  if (typeof fetchImpl !== 'function') {
    throw ModuleException.invalidInput(
      options.fetch === undefined
        ? 'attachments: no global fetch on this runtime; pass { fetch }'
        : `attachments: fetch must be a function, got ${typeof options.fetch}`,
    );
  }
  const timeoutMs = nonNegative('attachments: timeoutMs', infinityAsZero(options.timeoutMs), DEFAULT_TIMEOUT_MS);
  const maxBytes = nonNegative('attachments: maxBytes', options.maxBytes === Infinity ? Number.MAX_SAFE_INTEGER : options.maxBytes, DEFAULT_MAX_BYTES);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (typeof concurrency !== 'number' || !(Number.isInteger(concurrency) || concurrency === Infinity) || concurrency < 1) {
    throw ModuleException.invalidInput(`attachments: concurrency must be an integer of at least 1, got ${String(concurrency)}`);
  }
  const signal = options.signal;
  if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean')) {
    throw ModuleException.invalidInput('attachments: signal must be an AbortSignal');
  }
  return {
    fetch: fetchImpl,
    guard,
    timeoutMs,
    maxBytes,
    concurrency,
    signal,
  };
}

/** `Infinity` means "no limit", as 0 does. */
function infinityAsZero(value: unknown): unknown {
  return value === Infinity ? 0 : value;
}

/** The error a helper rejects with once the caller's signal has aborted. */
export function attachmentsAborted(signal: AbortSignal): ModuleException {
  return abortedError('attachments', signal.reason);
}
