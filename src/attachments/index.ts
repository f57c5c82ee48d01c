/**
 * Task attachments: sorting them by kind, downloading them safely, and turning them into
 * prompt text (the Python SDK's `to_message()` format) or AI SDK content parts. Part of the
 * core entry: web `fetch` and streams only, no `node:` module.
 */
export {
  categorizeFiles,
  IMAGE_EXTENSIONS,
  PDF_EXTENSIONS,
  READABLE_EXTENSIONS,
  type CategorizedFiles,
} from './categorize.js';
export {
  getFiles,
  getHumanReadableFiles,
  getImages,
  toMessage,
  type AttachmentFile,
  type AttachmentImage,
  type ReadableFile,
} from './helpers.js';
export {
  toContentParts,
  type ContentPart,
  type FileContentPart,
  type ImageContentPart,
  type TextContentPart,
} from './content-parts.js';
export {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  type AttachmentOptions,
} from './options.js';
export type { AttachmentInput, AttachmentSource } from './source.js';
export { pythonJsonDumps, type PythonJsonValue } from './python-json.js';
