// Where task.events() loses throughput: the bare parser loop, then the same loop with each
// per-event cost of followTaskEvents added on its own, over the same served stream.
// `node bench/diagnostics/stream-breakdown.mjs`
import { createParser } from 'eventsource-parser';
import { ensureBuilt } from '../build.mjs';
import { forkServer } from '../child.mjs';
import { API_KEY, ORG, taskJson } from '../fixtures.mjs';
import { loadSdk } from '../sdk.mjs';
import { int, median } from '../stats.mjs';

const EVENTS = 100_000;
ensureBuilt();
const server = await forkServer({ eventCount: EVENTS, sseMode: 'bulk' });
const { Configuration, Task } = await loadSdk();
const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: server.url, maxRetries: 0 });
const task = new Task(taskJson('task-bench-0001'), configuration);
const url = server.url + server.bulkPath;
const headers = { 'x-api-key': API_KEY, accept: 'text/event-stream' };

/** The SDK's loop shape with switchable per-event costs; yields parsed events. */
async function* loop({ timers = false, seen = false, shift = false }) {
  const response = await fetch(url, { headers });
  const reader = response.body.getReader();
  const queue = [];
  const parser = createParser({ onEvent: (m) => queue.push(m) });
  const decoder = new TextDecoder();
  const ids = new Set();
  let timer;
  const arm = () => { clearTimeout(timer); timer = setTimeout(() => {}, 120_000); };
  if (timers) arm();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (timers) arm();
    parser.feed(decoder.decode(value, { stream: true }));
    for (let i = 0; queue.length > 0 && (shift || i < queue.length); ) {
      const message = shift ? queue.shift() : queue[i++];
      if (seen && message.id !== undefined) {
        if (ids.has(message.id)) continue;
        ids.add(message.id);
      }
      const event = JSON.parse(message.data);
      if (timers) clearTimeout(timer);
      yield event;
      if (timers) arm();
    }
    if (!shift) queue.length = 0;
  }
  clearTimeout(timer);
}

const count = async (iterable) => { let n = 0; for await (const e of iterable) n++; return n; };
const variants = {
  'bare parser + JSON.parse (callback)': async () => {
    const response = await fetch(url, { headers });
    let n = 0;
    const parser = createParser({ onEvent: (m) => { JSON.parse(m.data); n++; } });
    const decoder = new TextDecoder();
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
    return n;
  },
  '+ async generator, one yield per event': () => count(loop({})),
  '  + seen Set of ids': () => count(loop({ seen: true })),
  '  + queue.shift()': () => count(loop({ shift: true })),
  '  + idle timer re-armed per event': () => count(loop({ timers: true })),
  '  + all three (≈ followTaskEvents)': () => count(loop({ timers: true, seen: true, shift: true })),
  'task.events()': () => count(task.events()),
};
const rates = {};
for (let round = 0; round < 4; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const t0 = performance.now();
    const n = await fn();
    if (n !== EVENTS) throw new Error(`${name}: ${n} events`);
    if (round > 0) (rates[name] ??= []).push(n / ((performance.now() - t0) / 1000));
  }
}
await server.stop();
const base = median(rates[Object.keys(variants)[0]]);
console.log(`events/s, ${int(EVENTS)} events, median of 3:`);
for (const [name, values] of Object.entries(rates)) {
  const m = median(values);
  console.log(`  ${name.padEnd(44)} ${int(m).padStart(9)}  (${(m / base).toFixed(2)}×)`);
}
