// 4 (worker, run with --expose-gc). Opens `count` event streams at once, each waiting until it
// has received its first event, and reports memory per stream against a warmed-up baseline.
// argv: url mode(sdk|bare) count
import { createParser } from 'eventsource-parser';
import { API_KEY, ORG, eventsPath, taskJson } from './fixtures.mjs';
import { loadSdk } from './sdk.mjs';

const [url, mode, countArg] = process.argv.slice(2);
const count = Number(countArg);
if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');

const { Configuration, Task } = await loadSdk();
const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: url, maxRetries: 0 });

/** Opens one stream; resolves once its first event arrived, to a close() function. */
const open = {
  async sdk(id) {
    const iterator = new Task(taskJson(id), configuration).events()[Symbol.asyncIterator]();
    const first = await iterator.next();
    if (first.done || first.value.type !== 'chunk') throw new Error('sdk: no first event');
    return () => iterator.return(undefined);
  },
  async bare(id) {
    const controller = new AbortController();
    const response = await fetch(url + eventsPath(id), {
      headers: { 'x-api-key': API_KEY, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const queue = [];
    const parser = createParser({ onEvent: (message) => queue.push(JSON.parse(message.data)) });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    while (queue.length === 0) {
      const { done, value } = await reader.read();
      if (done) throw new Error('bare: no first event');
      parser.feed(decoder.decode(value, { stream: true }));
    }
    const pending = reader.read().catch(() => undefined); // keep reading, as a live consumer would
    return async () => { controller.abort(); await pending; };
  },
}[mode];

async function settle() {
  for (let i = 0; i < 4; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    globalThis.gc();
  }
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
}

async function stats() {
  const response = await fetch(`${url}/stats`);
  return response.json();
}

// Warm-up: JIT, undici's lazy modules, the first pool.
for (const close of await Promise.all(Array.from({ length: 20 }, (_, i) => open(`task-mem-warm-${i}`)))) await close();
const before = await settle();
const t0 = performance.now();
const closers = await Promise.all(Array.from({ length: count }, (_, i) => open(`task-mem-${mode}-${i}`)));
const openMs = performance.now() - t0;
const after = await settle();
const server = await stats();
const dispatcher = globalThis[Symbol.for('undici.globalDispatcher.1')];
const options = dispatcher && Object.getOwnPropertySymbols(dispatcher).find((s) => s.description === 'options');
const dispatcherOptions = (options && dispatcher[options]) || {};
const dispatcherInfo = dispatcher
  ? `global dispatcher: undici ${dispatcher.constructor.name}, connections per origin: ${dispatcherOptions.connections ?? 'unlimited'}`
  : 'no global dispatcher';
await Promise.all(closers.map((close) => close()));

const delta = (key) => after[key] - before[key];
process.send({
  mode, count, openMs, before, after, server, dispatcherInfo,
  heapExternalPerStream: (delta('heapUsed') + delta('external')) / count,
  heapPerStream: delta('heapUsed') / count,
  externalPerStream: delta('external') / count,
  rssPerStream: delta('rss') / count,
});
setTimeout(() => process.exit(0), 50);
