// The SDK's own CPU per tasks.get(), without network noise: `configuration.fetch` is an
// in-memory fetch answering the same 2 KB Task, and each layer is timed on its own.
// `node bench/overhead-cpu.mjs`
import { API_KEY, ORG, taskJson } from './fixtures.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ensureBuilt } from './build.mjs';
import { loadSdk } from './sdk.mjs';

ensureBuilt();
const { Configuration, Tasks, Task } = await loadSdk();
const dist = (p) => import(pathToFileURL(join(DIST, 'esm', p)).href);
const api = await dist('generated/sdk.gen.js');
const { clientFor, send } = await dist('src/core/request.js'); // clientFor: absent once send() no longer uses the generated client

const body = JSON.stringify(taskJson());
const init = { headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } };
// Like undici's fetch, it makes its own Request from what it is given.
const memoryFetch = async (input, options) => { void new Request(input, options); return new Response(body, init); };
const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: 'http://127.0.0.1:1', maxRetries: 0, fetch: memoryFetch });
const tasks = new Tasks(configuration);
const url = 'http://127.0.0.1:1/agent-execution/task-bench-0001/status';
const json = taskJson();

const variants = {
  'raw: fetch(url, {headers}) + JSON.parse': async () => JSON.parse(await (await memoryFetch(url, { headers: { 'x-api-key': API_KEY } })).text()),
  ...(clientFor && {
    'generated getTask() + JSON.parse (no signal, no policyFetch)': async () =>
      JSON.parse((await api.getTask({ client: clientFor(configuration), baseUrl: configuration.base_url, parseAs: 'text', fetch: memoryFetch, path: { task_id: 'task-bench-0001' } })).data),
  }),
  'send(): + checkedOptions, Deadline, policyFetch': () => send(configuration, 'x', undefined, true, (ctx) => api.getTask({ ...ctx, path: { task_id: 'task-bench-0001' } })),
  'tasks.get(): + new Task': () => tasks.get('task-bench-0001'),
  'new Task(json) alone': async () => new Task(json, configuration),
  'new Request(url, {headers, signal}) alone': async () => new Request(url, { headers: { 'x-api-key': API_KEY }, signal: new AbortController().signal }),
  'new Request(url, {headers}) alone': async () => new Request(url, { headers: { 'x-api-key': API_KEY } }),
};

const N = 4_000;
const result = {};
for (let round = 0; round < 5; round++) {
  for (const [name, fn] of Object.entries(variants)) {
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await fn();
    const perCall = ((performance.now() - t0) / N) * 1000;
    if (round > 0) (result[name] ??= []).push(perCall);
  }
}
console.log('µs per call, in-memory fetch (best of 4 rounds of 4,000):');
for (const [name, values] of Object.entries(result)) console.log(`  ${name.padEnd(62)} ${Math.min(...values).toFixed(1).padStart(7)}`);
