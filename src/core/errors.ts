/** What kind of failure a {@link ModuleException} reports. */
export type ErrorKind =
  | 'http'
  | 'connection'
  | 'timeout'
  | 'aborted'
  | 'invalid_response'
  | 'invalid_input';

/**
 * Every error the SDK raises, so one `catch` serves. Mirrors the Python SDK's
 * `ModuleException(status_code, description)`; `kind` says what went wrong.
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

  constructor(status_code: number, description: string, kind: ErrorKind = 'http', options?: { cause?: unknown }) {
    super(`[${status_code}] ${description}`, options);
    this.status_code = status_code;
    this.description = description;
    this.kind = kind;
    // The web platform's convention, so `err.name === 'AbortError'` checks keep working.
    this.name = kind === 'aborted' ? 'AbortError' : 'ModuleException';
  }

  /** Bad input caught before any request was sent. */
  static invalidInput(description: string): ModuleException {
    return new ModuleException(0, description, 'invalid_input');
  }
}
