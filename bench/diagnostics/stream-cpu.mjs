// Client CPU per event without network or server noise: the 100,000-event payload is served
// by an in-memory `fetch` in 64 KB chunks, to bare eventsource-parser and to task.events() of
// dist/ and, when given, of other builds (e.g. a candidate change).
// `node bench/diagnostics/stream-cpu.mjs [otherDistDir ...]`
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createParser } from 'eventsource-parser';
import { DIST, ROOT, ensureBuilt } from '../build.mjs';
import { API_KEY, ORG, streamPayload, taskJson } from '../fixtures.mjs';
import { int, median } from '../stats.mjs';

const EVENTS = 100_000;
const CHUNK = 64 * 1024;
ensureBuilt();
const payload = streamPayload('task-bench-0001', EVENTS);

function body() {
  let offset = 0;
  return new ReadableStream({
    type: 'bytes',
    pull(controller) {
      if (offset >= payload.length) return controller.close();
      controller.enqueue(new Uint8Array(payload.subarray(offset, offset + CHUNK)));
      offset += CHUNK;
    },
  });
}
const memoryFetch = async () => new Response(body(), { headers: { 'content-type': 'text/event-stream' } });

const variants = {
  'bare parser + JSON.parse': async () => {
    const response = await memoryFetch();
    let n = 0;
    const parser = createParser({ onEvent: (m) => { JSON.parse(m.data); n++; } });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return n;
      parser.feed(decoder.decode(value, { stream: true }));
    }
  },
  'bare parser + JSON.parse, yielded by an async generator': async () => {
    async function* events() {
      const response = await memoryFetch();
      const queue = [];
      const parser = createParser({ onEvent: (m) => queue.push(m) });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        parser.feed(decoder.decode(value, { stream: true }));
        for (let i = 0; i < queue.length; i++) yield JSON.parse(queue[i].data);
        queue.length = 0;
      }
    }
    let n = 0;
    for await (const e of events()) n++;
    return n;
  },
  'bare parser + JSON.parse, hand-written async iterator': async () => {
    const events = {
      queue: [], index: 0, reader: undefined, parser: undefined, decoder: new TextDecoder(),
      [Symbol.asyncIterator]() { return this; },
      next() {
        // Buffered events are handed out with one resolved promise, no generator machinery.
        if (this.index < this.queue.length) return Promise.resolve({ value: JSON.parse(this.queue[this.index++].data), done: false });
        return this.fill();
      },
      async fill() {
        if (!this.reader) {
          this.reader = (await memoryFetch()).body.getReader();
          this.parser = createParser({ onEvent: (m) => this.queue.push(m) });
        }
        this.queue.length = 0;
        this.index = 0;
        while (this.queue.length === 0) {
          const { done, value } = await this.reader.read();
          if (done) return { value: undefined, done: true };
          this.parser.feed(this.decoder.decode(value, { stream: true }));
        }
        return this.next();
      },
    };
    let n = 0;
    for await (const e of events) n++;
    return n;
  },
};
for (const dir of [DIST, ...process.argv.slice(2).map((d) => resolve(ROOT, d))]) {
  const { Configuration, Task } = await import(pathToFileURL(join(dir, 'esm/src/index.js')).href);
  const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: 'http://127.0.0.1:1', maxRetries: 0, fetch: memoryFetch });
  const task = new Task(taskJson('task-bench-0001'), configuration);
  variants[`task.events() of ${dir.replace(ROOT, '')}`] = async () => { let n = 0; for await (const e of task.events()) n++; return n; };
}
const rates = {};
for (let round = 0; round < 6; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const t0 = performance.now();
    const n = await fn();
    if (n !== EVENTS) throw new Error(`${name}: ${n} events`);
    if (round > 0) (rates[name] ??= []).push(n / ((performance.now() - t0) / 1000));
  }
}
const base = median(rates['bare parser + JSON.parse']);
console.log(`events/s, in-memory fetch, ${int(EVENTS)} events, median of 5:`);
for (const [name, values] of Object.entries(rates)) {
  const m = median(values);
  console.log(`  ${name.padEnd(58)} ${int(m).padStart(9)}  (${(m / base).toFixed(2)}×)`);
}
