/**
 * What `Task` loads at first use (see `extras()` in task.ts): the attachment helpers and the
 * reports. A bundler makes this a chunk of its own, so an app that never calls them never
 * downloads them.
 */
export { getFiles, getHumanReadableFiles, getImages, toMessage } from './attachments/helpers.js';
export { toContentParts } from './attachments/content-parts.js';
export { sendExternalTask, sendMetrics } from './reports.js';
