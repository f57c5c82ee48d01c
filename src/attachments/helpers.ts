import { bytesToBase64 } from './base64.js';
import { categorizeFiles, splitExtension, urlExtension, urlPath } from './categorize.js';
import { decodeText, fetchAttachment, type FetchedAttachment } from './fetch-file.js';
import { mimeTypeFor } from './mime.js';
import { attachmentsAborted, resolveAttachmentOptions, type AttachmentOptions, type ResolvedAttachmentOptions } from './options.js';
import { mapWithConcurrency } from './pool.js';
import { pythonJsonDumps } from './python-json.js';
import { readSource, type AttachmentSource, type SourceParts } from './source.js';

/** A PDF attachment with the fields of an Agno `File`, as the Python SDK's `get_files()` builds it. */
export interface AttachmentFile {
  /** The attachment's URL, as given in `file_urls`. */
  url: string;
  /** The last segment of the URL's path, percent-decoded (`Q3_report.pdf`). */
  filename: string;
  /** The filename without its extension, `_` turned into spaces (`Q3 report`). */
  name: string;
  /** The extension without its dot, lower-cased (`pdf`). */
  format: string;
  /** `application/pdf`, or `application/octet-stream` for an unknown extension. */
  mime_type: string;
  /** The body in base64; absent when the download failed. */
  content?: string;
  /** Why the download failed; present instead of `content`. */
  error?: string;
}

/** An image attachment: referenced by URL, never downloaded by the SDK. */
export interface AttachmentImage {
  /** The image's URL, as given in `file_urls`; not downloaded. */
  url: string;
  /** The MIME type its extension implies (`image/png`). */
  mime_type: string;
}

/**
 * A human-readable attachment as the Python SDK's `fetch_urls` returns it: `content` is the
 * text, or `"Error: …"`; absent when attachment injection is disabled for the task.
 */
export interface ReadableFile {
  /** The file's URL, as given in `file_urls`. */
  url: string;
  /** The text, or `"Error: …"` when it could not be read; absent with `disable_attachment_injection`. */
  content?: string;
}

// What each kind hopes for; `*/*` last so a host that labels files oddly still answers.
export const READABLE_ACCEPT = 'text/*, application/json, application/xml, application/yaml, */*;q=0.5';
export const PDF_ACCEPT = 'application/pdf, */*;q=0.5';

/** Fetches `urls` under the options' concurrency bound, results in input order. */
export function fetchAll(
  urls: readonly string[],
  accept: string,
  options: ResolvedAttachmentOptions,
): Promise<FetchedAttachment[]> {
  if (options.signal?.aborted) return Promise.reject(attachmentsAborted(options.signal));
  return mapWithConcurrency(urls, options.concurrency, (url) => fetchAttachment(url, accept, options));
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a stray `%` is kept as written rather than failing the file
  }
}

/** The Agno `File` fields derived from the URL alone (no download). */
export function describeFile(url: string): Omit<AttachmentFile, 'content' | 'error'> {
  const path = urlPath(url) ?? '';
  const filename = decodeSegment(path.slice(path.lastIndexOf('/') + 1));
  const ext = splitExtension(filename);
  const format = ext.slice(1).toLowerCase();
  return {
    url,
    filename,
    name: filename.slice(0, filename.length - ext.length).replace(/_/g, ' '),
    format,
    mime_type: mimeTypeFor(format),
  };
}

/** The `File` for a fetched PDF: its base64 body, or the download's error. */
function toAttachmentFile(url: string, fetched: FetchedAttachment): AttachmentFile {
  const file: AttachmentFile = describeFile(url);
  if (fetched.ok) file.content = bytesToBase64(fetched.bytes);
  else file.error = fetched.error;
  return file;
}

/** One readable file's entry: its text, or `"Error: …"` as the Python SDK writes it. */
function toReadableFile(url: string, fetched: FetchedAttachment): ReadableFile {
  return {
    url,
    content: fetched.ok ? decodeText(fetched.bytes, fetched.contentType) : `Error: ${fetched.error}`,
  };
}

/**
 * The task's PDF attachments, downloaded (with the safety rules of {@link AttachmentOptions}) and
 * base64-encoded, in the shape of Agno `File`s. A failed download gives that file an `error`
 * instead of `content`; the others are unaffected. Like the Python SDK's `get_files()`, this
 * downloads even when `disable_attachment_injection` is set: the caller asked for the files.
 *
 * @throws ModuleException `invalid_input` for bad options or task input, before any request;
 *   `aborted` when `options.signal` aborts.
 */
export async function getFiles(task: AttachmentSource | null | undefined, options?: AttachmentOptions): Promise<AttachmentFile[]> {
  const resolved = resolveAttachmentOptions(options);
  const { pdfs } = categorizeFiles(readSource(task).files);
  const fetched = await fetchAll(pdfs, PDF_ACCEPT, resolved);
  return pdfs.map((url, i) => toAttachmentFile(url, fetched[i]));
}

/**
 * The task's image attachments with their MIME types (by extension). Nothing is downloaded:
 * images are handed on by URL, as the Python SDK's `get_images()` does.
 *
 * @throws ModuleException `invalid_input` for malformed task input.
 */
export async function getImages(task: AttachmentSource | null | undefined): Promise<AttachmentImage[]> {
  const { images } = categorizeFiles(readSource(task).files);
  return images.map((url) => ({ url, mime_type: mimeTypeFor((urlExtension(url) ?? '').slice(1)) }));
}

/**
 * The task's human-readable attachments (text, CSV, JSON, code, …) with their text, in input
 * order. A failed download or a file over `maxBytes` gives `content: "Error: …"` for that file.
 * With `disable_attachment_injection` set, each entry is `{ url }` alone and nothing is fetched.
 *
 * @throws ModuleException `invalid_input` for bad options or task input, before any request;
 *   `aborted` when `options.signal` aborts.
 */
export async function getHumanReadableFiles(
  task: AttachmentSource | null | undefined,
  options?: AttachmentOptions,
): Promise<ReadableFile[]> {
  const resolved = resolveAttachmentOptions(options);
  return readableFiles(readSource(task), resolved);
}

async function readableFiles(source: SourceParts, options: ResolvedAttachmentOptions): Promise<ReadableFile[]> {
  const { files } = categorizeFiles(source.files);
  if (source.injectionDisabled) return files.map((url) => ({ url }));
  const fetched = await fetchAll(files, READABLE_ACCEPT, options);
  return files.map((url, i) => toReadableFile(url, fetched[i]));
}

/**
 * The task's input as one prompt string, in the Python SDK's exact `to_message()` layout:
 *
 * ```text
 * <text>
 * Files: <every attachment URL, any type, joined by ", ">
 * Files contents:
 * {"url": "<readable file>", "content": "<its text or Error: …>"}
 * ```
 *
 * The `Files:` line is left out when there are no attachments (and its leading newline when the
 * text is empty); the `Files contents:` block only appears when there are human-readable files,
 * each line being Python's `json.dumps` of the {@link getHumanReadableFiles} entry.
 *
 * Unlike the Python SDK, this only reads attachments: it never reloads or saves the task, never
 * calls an LLM, never pushes events and never deletes agent sessions for deep planning (the
 * Python `to_message()` does all of that when deep planning has started). Callers who want the
 * plan-aware compaction do it explicitly.
 *
 * @throws ModuleException `invalid_input` for bad options or task input, before any request;
 *   `aborted` when `options.signal` aborts.
 */
export async function toMessage(task: AttachmentSource | null | undefined, options?: AttachmentOptions): Promise<string> {
  const resolved = resolveAttachmentOptions(options);
  const source = readSource(task);
  let message = source.text;
  if (source.files.length > 0) message += `${message ? '\n' : ''}Files: ${source.files.join(', ')}`;
  const readable = await readableFiles(source, resolved);
  if (readable.length > 0) {
    message += `\nFiles contents:${readable.map((entry) => `\n${pythonJsonDumps({ ...entry })}`).join('')}`;
  }
  return message;
}
