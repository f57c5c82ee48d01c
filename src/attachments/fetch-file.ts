import { abortedError, type ResolvedAttachmentOptions } from './options.js';

/** The outcome of downloading one attachment: its bytes, or why not (for that file alone). */
export type FetchedAttachment =
  | { ok: true; bytes: Uint8Array; contentType: string | null }
  | { ok: false; error: string };

/**
 * Attachment URLs come from task input, i.e. from whoever created the task, so the
 * download is deliberately plain: only `accept`, no credentials, no referrer, and never
 * the API key or a header configured for the API (this module cannot even see them).
 * Following redirects is therefore harmless, unlike for API calls.
 */
function requestInit(accept: string, signal: AbortSignal): RequestInit {
  return {
    method: 'GET',
    headers: { accept },
    redirect: 'follow',
    credentials: 'omit',
    referrerPolicy: 'no-referrer',
    signal,
  };
}

function tooLarge(maxBytes: number): FetchedAttachment {
  return { ok: false, error: `file is larger than the ${maxBytes}-byte limit` };
}

// Duck-typed: errors from the runtime's fetch may come from another realm (a VM
// context, an iframe), where `instanceof Error` is false.
function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('message' in value)) return undefined;
  return String((value as { message: unknown }).message);
}

function reasonOf(error: unknown): string {
  const message = messageOf(error) ?? String(error);
  // undici says only "fetch failed"; the cause has the useful part (ECONNREFUSED, …).
  const cause = messageOf((error as { cause?: unknown } | null)?.cause);
  return cause ? `${message}: ${cause}` : message;
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
  if (parent?.aborted) throw abortedError(parent);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { ok: false, error: 'not a valid absolute URL' };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { ok: false, error: `only http and https URLs are fetched, not ${target.protocol}` };
  }

  // One controller per file: the timeout, the caller's abort and the size cap all end
  // this download and its connection, without touching the other files.
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs)
      : undefined;
  const onParentAbort = () => controller.abort(parent!.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });

  try {
    const fetchImpl = options.fetch;
    const response = await fetchImpl(target.href, requestInit(accept, controller.signal));
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      return { ok: false, error: `the server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
    }
    const declared = Number(response.headers.get('content-length'));
    if (response.headers.has('content-length') && Number.isFinite(declared) && declared > maxBytes) {
      controller.abort();
      void response.body?.cancel().catch(() => undefined);
      return tooLarge(maxBytes);
    }
    const bytes = await readCapped(response, maxBytes, controller);
    if (bytes === undefined) return tooLarge(maxBytes);
    return { ok: true, bytes, contentType: response.headers.get('content-type') };
  } catch (error) {
    if (parent?.aborted) throw abortedError(parent);
    if (timedOut) return { ok: false, error: `timed out after ${timeoutMs} ms` };
    return { ok: false, error: `could not fetch the file (${reasonOf(error)})` };
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}

/**
 * Reads the body chunk by chunk and gives up the moment the running total passes the
 * cap, closing the connection, so an oversized (or endless) file is never held in
 * memory; Content-Length alone cannot be trusted (absent, or compressed size).
 * Undefined means "over the cap".
 */
async function readCapped(response: Response, maxBytes: number, controller: AbortController): Promise<Uint8Array | undefined> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      void reader.cancel().catch(() => undefined);
      controller.abort();
      return undefined;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
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
