/**
 * What the core entry loads the first time it follows, waits for or relays a task: the event
 * loop (with eventsource-parser), waiting, and the relay. One chunk, not one per feature: a
 * bundler gives each set of lazy modules that share core code a chunk of its own, so five lazy
 * modules made ten files on an app's first load. The attachment helpers stay apart
 * (task-extras.ts): most apps never download them.
 */
export { eventBatches } from './events/follow.js';
export { parseResult, waitFor } from './wait/index.js';
export { sseSource } from './relay/sse-stream.js';
export { followRelayEvents, readEvents } from './relay/reader.js';
export { uiMessageSource } from './relay/ui-message.js';
