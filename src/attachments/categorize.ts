/**
 * Sorting attachment URLs by kind, the Python SDK's way (`categorize_files`): only the
 * extension of the URL's path counts, so `?x=.pdf` or a `#frag` never changes the kind.
 */

/** Extensions the SDK treats as images: referenced by URL, never fetched. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.png', '.gif', '.bmp', '.tiff', '.webp', '.svg'];
/** Extensions the SDK treats as PDFs: fetched and handed over as base64. */
export const PDF_EXTENSIONS: readonly string[] = ['.pdf'];
/** Extensions the SDK treats as human-readable text: fetched and injected as text. */
export const READABLE_EXTENSIONS: readonly string[] = [
  '.txt', '.csv', '.json', '.xml', '.html', '.htm', '.md', '.rst', '.yaml', '.yml',
  '.py', '.js', '.ts', '.java', '.c', '.cpp', '.h', '.cs', '.go', '.rb', '.php', '.sh',
];

/** The kinds an attachment URL can fall into; `undefined` from {@link attachmentKind} means "none". */
export type AttachmentKind = 'image' | 'pdf' | 'readable';

const KIND_BY_EXTENSION = new Map<string, AttachmentKind>([
  ...IMAGE_EXTENSIONS.map((e) => [e, 'image'] as const),
  ...PDF_EXTENSIONS.map((e) => [e, 'pdf'] as const),
  ...READABLE_EXTENSIONS.map((e) => [e, 'readable'] as const),
]);

/**
 * Python's `os.path.splitext(p)[1]`: the last dot of the last segment, except that
 * leading dots do not start an extension (`/.pdf` and `/..pdf` have none), so the
 * same URLs fall into the same kind in both SDKs.
 */
export function splitExtension(path: string): string {
  const slash = path.lastIndexOf('/');
  const dot = path.lastIndexOf('.');
  if (dot <= slash) return '';
  for (let i = slash + 1; i < dot; i++) {
    if (path[i] !== '.') return path.slice(dot);
  }
  return '';
}

/** The URL's path, or undefined when the URL does not parse (such URLs are dropped). */
export function urlPath(url: string): string | undefined {
  if (typeof url !== 'string') return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** The lower-cased extension of the URL's path (`.pdf`), `''` when none, undefined when unparseable. */
export function urlExtension(url: string): string | undefined {
  const path = urlPath(url);
  return path === undefined ? undefined : splitExtension(path.toLowerCase());
}

/** Which kind of attachment the URL is, or undefined when the SDK ignores it. */
export function attachmentKind(url: string): AttachmentKind | undefined {
  const ext = urlExtension(url);
  return ext ? KIND_BY_EXTENSION.get(ext) : undefined;
}

/** The three lists {@link categorizeFiles} returns, each in input order. */
export interface CategorizedFiles {
  /** Image URLs (jpg, jpeg, png, gif, bmp, tiff, webp, svg). */
  images: string[];
  /** PDF URLs. */
  pdfs: string[];
  /** Human-readable text files (txt, csv, json, md, source code…). */
  files: string[];
}

/**
 * Splits attachment URLs into images, PDFs and human-readable files by the extension
 * of the URL's path, case-insensitively; query and fragment are ignored. URLs of any
 * other type (`.docx`, `.tar.gz`, no extension) and URLs that do not parse are dropped.
 *
 * @example
 * ```ts
 * categorizeFiles(['https://x/a.CSV?sig=1', 'https://x/z.jpeg?x=.pdf', 'https://x/d.docx']);
 * // { images: ['https://x/z.jpeg?x=.pdf'], pdfs: [], files: ['https://x/a.CSV?sig=1'] }
 * ```
 */
export function categorizeFiles(urls: readonly string[]): CategorizedFiles {
  const out: CategorizedFiles = { images: [], pdfs: [], files: [] };
  for (const url of urls) {
    const kind = attachmentKind(url);
    if (kind === 'image') out.images.push(url);
    else if (kind === 'pdf') out.pdfs.push(url);
    else if (kind === 'readable') out.files.push(url);
  }
  return out;
}
