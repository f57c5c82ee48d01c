// Where tasks.get()'s per-call time goes over loopback: the raw call, the raw call with a known
// amount of client CPU (on this 2-core VM it counts about twice), then the same call with
// each layer of the SDK added (a signal, the CallSignal, the engine behind the generated operation, new Task),
// interleaved, median of 2,000 each. The layers are internal modules, which the bundled dist/
// does not expose, so this reads the TypeScript sources: `node --import tsx bench/diagnostics/overhead-breakdown.mjs`.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { forkServer } from '../child.mjs';
import { API_KEY, ORG } from '../fixtures.mjs';
import { median } from '../stats.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const source = (p) => import(pathToFileURL(join(ROOT, p)).href);
const { Configuration, Tasks } = await source('src/index.ts');
const { CallSignal } = await source('src/core/signal.ts');
const { clientFor } = await source('src/core/engine.ts');
const api = await source('generated/sdk.gen.ts');
const server = await forkServer({ eventCount: 10 });
const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: server.url, maxRetries: 0 });
const tasks = new Tasks(configuration);
const url = `${server.url}/agent-execution/task-bench-0001/status`;
const headers = { 'x-api-key': API_KEY };
const init = (signal) => ({ method: 'GET', headers: { 'x-api-key': API_KEY }, signal, redirect: 'manual' });

/** Spins for `us` microseconds: client CPU of a known size, to see what it costs on loopback. */
const busy = (us) => {
  const end = performance.now() + us / 1000;
  while (performance.now() < end);
};

const variants = {
  'raw fetch + JSON.parse': async () => JSON.parse(await (await fetch(url, { headers })).text()),
  'raw + 10 µs of client CPU after the answer': async () => {
    const data = JSON.parse(await (await fetch(url, { headers })).text());
    busy(10);
    return data;
  },
  'raw + 20 µs of client CPU after the answer': async () => {
    const data = JSON.parse(await (await fetch(url, { headers })).text());
    busy(20);
    return data;
  },
  '+ an AbortController signal': async () => JSON.parse(await (await fetch(url, { headers, signal: new AbortController().signal })).text()),
  '+ CallSignal (signal + timer)': async () => {
    const call = new CallSignal(60_000);
    try {
      return JSON.parse(await (await fetch(url, init(call.signal))).text());
    } finally {
      call.dispose();
    }
  },
  "+ redirect: 'manual'": async () => {
    const call = new CallSignal(60_000);
    try {
      return JSON.parse(await (await fetch(url, { ...init(call.signal), redirect: 'manual' })).text());
    } finally {
      call.dispose();
    }
  },
  'the generated operation on the engine': () =>
    api.getTask({ client: clientFor(configuration), path: { task_id: 'task-bench-0001' }, policy: { what: 'x', idempotent: true } }),
  'tasks.get() (+ new Task)': () => tasks.get('task-bench-0001'),
};

const times = {};
const names = Object.keys(variants);
for (let round = 0; round < 24; round++) {
  for (let i = 0; i < names.length; i++) {
    const name = names[(i + round) % names.length];
    for (let j = 0; j < 100; j++) {
      const t0 = performance.now();
      await variants[name]();
      if (round >= 4) (times[name] ??= []).push(performance.now() - t0);
    }
  }
}
await server.stop();
const base = median(times[names[0]]);
console.log(`per call over loopback (median of 2,000), µs — src/ through tsx`);
for (const name of names) {
  const m = median(times[name]);
  console.log(`  ${name.padEnd(48)} ${(m * 1000).toFixed(0).padStart(5)}  (${(m / base).toFixed(2)}×)`);
}
