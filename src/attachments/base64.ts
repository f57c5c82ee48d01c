/**
 * Base64 without `Buffer`, so the core entry runs on browsers and edge runtimes too.
 * Pieces of a multiple of 3 bytes encode without padding, so they concatenate into the
 * base64 of the whole; small pieces keep `String.fromCharCode`'s argument list short
 * and never build a binary string the size of the file.
 */
const PIECE = 3 * 0x2000;

/** The standard (padded, `+/`) base64 of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += PIECE) {
    const piece = bytes.subarray(i, i + PIECE);
    out += btoa(String.fromCharCode.apply(null, piece as unknown as number[]));
  }
  return out;
}
