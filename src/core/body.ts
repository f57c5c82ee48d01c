/** A body read stopped at its byte cap; the connection was closed. */
export class BodyTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the body is larger than ${maxBytes} bytes`);
  }
}

/**
 * Reads a response body chunk by chunk, counting bytes as the runtime hands them over (after
 * any decompression, so a small gzip bomb is stopped at the cap too), and gives up the moment
 * the total passes `maxBytes`: the rest is never read into memory. With `truncate`, the bytes
 * up to the cap are returned instead of failing (for error bodies, of which only a quote is
 * kept). Content-Length is not trusted: absent, or the compressed size.
 */
export async function readBody(response: Response, maxBytes: number, truncate = false): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > maxBytes) {
        void reader.cancel().catch(() => undefined);
        if (!truncate) throw new BodyTooLarge(maxBytes);
        chunks.push(value.subarray(0, maxBytes - total));
        total = maxBytes;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    reader.releaseLock();
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
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
 * The body as text under the same cap. With a Content-Length and no content coding, fetch
 * hands over at most that many bytes, so a length within the cap is read in one go.
 */
export async function readText(response: Response, maxBytes: number, truncate = false): Promise<string> {
  const length = response.headers.get('content-length');
  if (length !== null && !response.headers.has('content-encoding') && Number(length) <= maxBytes) return response.text();
  return new TextDecoder().decode(await readBody(response, maxBytes, truncate));
}
