import type { CallPolicy } from '../../generated/client/index.js';
import { ModuleException } from './errors.js';

/** Per-call options, the last argument of every method. */
export interface RequestOptions {
  /** Aborts the call. */
  signal?: AbortSignal;
  /** Milliseconds for the whole call, retries and body included; overrides the configuration's. 0: none. */
  timeout?: number;
  /** Retries for this call; overrides the configuration's. */
  maxRetries?: number;
}

/**
 * The policy a facade method hands to a generated operation: its error prefix, whether
 * repeating it is harmless, the caller's options (checked by the engine) and the shape its
 * answer must have.
 */
export function policy(
  what: string,
  idempotent: boolean,
  options: RequestOptions | undefined,
  expect?: CallPolicy['expect'],
): CallPolicy {
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw ModuleException.invalidInput('Request options must be an object: { signal?, timeout?, maxRetries? }');
  }
  return { what, idempotent, signal: options?.signal, timeout: options?.timeout, maxRetries: options?.maxRetries, expect };
}
