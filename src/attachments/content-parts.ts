import { bytesToBase64 } from './base64.js';
import { attachmentKind, urlExtension } from './categorize.js';
import { decodeText, fetchAttachment, type FetchedAttachment } from './fetch-file.js';
import { describeFile, PDF_ACCEPT, READABLE_ACCEPT } from './helpers.js';
import { mimeTypeFor } from './mime.js';
import { attachmentsAborted, resolveAttachmentOptions, type AttachmentOptions } from './options.js';
import { mapWithConcurrency } from './pool.js';
import { readSource, type AttachmentSource } from './source.js';

/** A text part of a user message (Vercel AI SDK `TextPart`). */
export interface TextContentPart {
  /** The part kind. */
  type: 'text';
  /** The text. */
  text: string;
}

/** An image part referencing the image by its URL (Vercel AI SDK `ImagePart`); the SDK never downloads it. */
export interface ImageContentPart {
  /** The part kind. */
  type: 'image';
  /** The image's http(s) URL. */
  image: string;
  /** The MIME type its extension implies. */
  mediaType: string;
}

/** A downloaded file, base64-encoded (Vercel AI SDK `FilePart`). */
export interface FileContentPart {
  /** The part kind. */
  type: 'file';
  /** The body in base64. */
  data: string;
  /** The file's MIME type (`application/pdf`). */
  mediaType: string;
  /** The last segment of the URL's path. */
  filename: string;
}

/**
 * One part of a user message, in the shape of the Vercel AI SDK's `UserContent` parts, as
 * plain objects (the SDK does not depend on `ai`). Pass the array as `content` of a
 * `{ role: 'user' }` message.
 */
export type ContentPart = TextContentPart | ImageContentPart | FileContentPart;

// Why a file is only named: the wording tells the model it exists but was not read.
const notIncluded = (url: string): TextContentPart => ({ type: 'text', text: `Attached file (contents not included): ${url}` });

function isHttpUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The task's input as user-message content parts, for models that take images and files
 * natively instead of the flat {@link toMessage} string. In this order:
 *
 * 1. `{ type: 'text', text }` with the input text, when there is any;
 * 2. one part per attachment, in input order:
 *    - image: `{ type: 'image', image: <its URL>, mediaType }` (not downloaded here);
 *    - PDF: downloaded, `{ type: 'file', data: <base64>, mediaType: 'application/pdf', filename }`,
 *      or a text part saying it could not be attached and why;
 *    - human-readable file: a text part `Contents of <url>:\n<text>`, or one saying it could not be read;
 *    - anything else: a text part naming its URL.
 *
 * Downloads follow the rules of {@link AttachmentOptions} (no credentials, timeout, size cap,
 * bounded concurrency shared by PDFs and text files). With `disable_attachment_injection` set,
 * nothing is downloaded: PDFs and text files are named by URL only; images stay URL references.
 * Image URLs that are not http(s) are named, not passed on, so no other scheme reaches the model.
 *
 * @throws ModuleException `invalid_input` for bad options or task input, before any request;
 *   `aborted` when `options.signal` aborts.
 *
 * @example
 * ```ts
 * import { generateText } from 'ai';
 * const content = await toContentParts(task);
 * await generateText({ model, messages: [{ role: 'user', content }] });
 * ```
 */
export async function toContentParts(
  task: AttachmentSource | null | undefined,
  options?: AttachmentOptions,
): Promise<ContentPart[]> {
  const resolved = resolveAttachmentOptions(options);
  const source = readSource(task);
  const kinds = source.files.map(attachmentKind);
  const toFetch = source.injectionDisabled
    ? []
    : source.files.flatMap((url, index) =>
        kinds[index] === 'pdf' || kinds[index] === 'readable' ? [{ url, index }] : [],
      );
  if (resolved.signal?.aborted) throw attachmentsAborted(resolved.signal);
  const fetched = new Map<number, FetchedAttachment>();
  await mapWithConcurrency(toFetch, resolved.concurrency, async ({ url, index }) => {
    fetched.set(index, await fetchAttachment(url, kinds[index] === 'pdf' ? PDF_ACCEPT : READABLE_ACCEPT, resolved));
  });

  const parts: ContentPart[] = [];
  if (source.text) parts.push({ type: 'text', text: source.text });
  source.files.forEach((url, index) => {
    const kind = kinds[index];
    const result = fetched.get(index);
    if (kind === 'image') {
      parts.push(
        isHttpUrl(url)
          ? { type: 'image', image: url, mediaType: mimeTypeFor((urlExtension(url) ?? '').slice(1)) }
          : notIncluded(url),
      );
    } else if (kind === 'pdf' && result) {
      parts.push(
        result.ok
          ? { type: 'file', data: bytesToBase64(result.bytes), mediaType: 'application/pdf', filename: describeFile(url).filename }
          : { type: 'text', text: `The file ${url} could not be attached: ${result.error}` },
      );
    } else if (kind === 'readable' && result) {
      parts.push({
        type: 'text',
        text: result.ok
          ? `Contents of ${url}:\n${decodeText(result.bytes, result.contentType)}`
          : `The file ${url} could not be read: ${result.error}`,
      });
    } else {
      parts.push(notIncluded(url));
    }
  });
  return parts;
}
