/**
 * A small, fixed extension → MIME table. Python uses `mimetypes`, which reads the host's
 * tables; a fixed list gives the same answer on every runtime for the kinds the SDK handles.
 */
const MIME_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  bmp: 'image/bmp',
  tiff: 'image/tiff',
  webp: 'image/webp',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
};

/** The fallback when an extension is not in the table, as in the Python SDK. */
export const DEFAULT_MIME_TYPE = 'application/octet-stream';

/** The MIME type for an extension given without its dot, in any case. */
export function mimeTypeFor(format: string): string {
  return Object.prototype.hasOwnProperty.call(MIME_TYPES, format.toLowerCase())
    ? MIME_TYPES[format.toLowerCase()]
    : DEFAULT_MIME_TYPE;
}
