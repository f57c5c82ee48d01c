import { BodyTooLarge, readBody } from '../core/body.js';
import { reasonOf } from '../core/error-factory.js';
import { MAX_REDIRECTS, redirectLocation } from '../core/redirect.js';
import { CallSignal } from '../core/signal.js';
import { attachmentsAborted, type ResolvedAttachmentOptions } from './options.js';

/** The outcome of downloading one attachment: its bytes, or why not (for that file alone). */
export type FetchedAttachment =
  | { ok: true; bytes: Uint8Array; contentType: string | null }
  | { ok: false; error: string };

/**
 * Attachment URLs come from task input, i.e. from whoever created the task, so the
 * download is deliberately plain: only `accept`, no credentials, no referrer, and never
 * the API key or a header configured for the API (this module cannot even see them).
 * Redirects are followed here, hop by hop, so that each target is checked (network-guard.ts).
 */
function requestInit(accept: string, signal: AbortSignal): RequestInit {
  return {
    method: 'GET',
    headers: { accept },
    redirect: 'manual',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    signal,
  };
}


/** Why this target (the first URL or a redirect's) is not fetched, or undefined. */
function refusalOf(target: URL, options: ResolvedAttachmentOptions): string | undefined {
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return `only http and https URLs are fetched, not ${target.protocol}`;
  return options.guard.refuseUrl(target);
}

function tooLarge(maxBytes: number): FetchedAttachment {
  return { ok: false, error: `file is larger than the ${maxBytes}-byte limit` };
}

/**
 * Downloads one attachment under the per-file timeout and size cap. A failure of this
 * file is returned, not thrown, so one bad URL never loses the others; only the
 * caller's own abort is thrown, because then the caller wants nothing at all.
 */
export async function fetchAttachment(
  url: string,
  accept: string,
  options: ResolvedAttachmentOptions,
): Promise<FetchedAttachment> {
  const { signal: parent, timeoutMs, maxBytes } = options;
  if (parent?.aborted) throw attachmentsAborted(parent);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: 'not a valid absolute URL' };
  }

  // One signal per file: the timeout, the caller's abort and the size cap all end this
  // download and its connection, without touching the other files.
  const call = new CallSignal(timeoutMs, parent);
  try {
    const fetchFn = options.fetch; // called as a plain function, never as a method of options
    let response: Response;
    for (let hop = 0; ; hop++) {
      const refusal = refusalOf(target, options);
      if (refusal) return { ok: false, error: refusal };
      response = await fetchFn(target.href, requestInit(accept, call.signal));
      if (response.type === 'opaqueredirect') {
        return { ok: false, error: 'the server redirected, and this runtime does not show where to: not followed' };
      }
      const location = redirectLocation(response);
      if (location === null) break;
      void response.body?.cancel().catch(() => undefined);
      if (hop === MAX_REDIRECTS) return { ok: false, error: `more than ${MAX_REDIRECTS} redirects` };
      target = new URL(location, target);
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, error: `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
    }
    const declared = Number(response.headers.get('content-length'));
    if (response.headers.has('content-length') && Number.isFinite(declared) && declared > maxBytes) {
      call.abort();
      void response.body?.cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    const bytes = await readBody(response, maxBytes);
    return { ok: true, bytes, contentType: response.headers.get('content-type') };
  } catch (error) {
    if (parent?.aborted) throw attachmentsAborted(parent);
    if (call.timedOut) return { ok: false, error: `timed out after ${timeoutMs} ms` };
    if (error instanceof BodyTooLarge) return tooLarge(maxBytes);
    return { ok: false, error: `could not fetch the file (${reasonOf(error)})` };
  } finally {
    call.abort();
    call.dispose();
  }
}

/**
 * Text as `response.text` in httpx gives it: the charset the server declared when the
 * runtime knows it, else UTF-8; invalid bytes become U+FFFD instead of failing.
 */
export function decodeText(bytes: Uint8Array, contentType: string | null): string {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '')?.[1];
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}
