/**
 * The emulator in a worker thread of this process, for the soak test: its heap is a separate
 * V8 isolate, so the main thread's heap figures are the SDK's alone, and the server side
 * gets a core of its own. The emulator's TypeScript source is bundled with esbuild (a dev
 * dependency) and evaluated in the worker; faults and request summaries cross by message.
 */
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { EmulatorOptions, Faults } from '../../src/emulator/index';

export interface RequestSummary {
  /** GETs of an event stream. */
  eventGets: number;
  /** Of those, how many carried Last-Event-ID, by value. */
  lastEventIds: Record<string, number>;
  posts: number;
  /** Requests answered by an armed fault are recorded too. */
  total: number;
}

export interface WorkerEmulator {
  url: string;
  api_key: string;
  organization_id: string;
  fault<K extends keyof Faults>(name: K, ...args: Parameters<Faults[K]>): Promise<void>;
  requests(): Promise<RequestSummary>;
  /** The worker's V8 heap in use, after a full GC. */
  heapUsed(): Promise<number>;
  /** Closes the emulator, then ends the worker. */
  close(): Promise<void>;
}

/** A full GC where one can be had (`--expose-gc` is switched on at run time, for new contexts). */
export function forceGc(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
  gc?.();
}

let bundle: string | undefined;

function workerSource(): string {
  bundle ??= buildSync({
    entryPoints: [join(__dirname, '../../src/emulator/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0].text;
  return `
const { parentPort } = require('node:worker_threads');
const v8 = require('node:v8');
const vm = require('node:vm');
const emulatorModule = { exports: {} };
(function (module, exports) { ${bundle}\n })(emulatorModule, emulatorModule.exports);
const { startEmulator } = emulatorModule.exports;
let emulator;
const handlers = {
  async start(options) {
    emulator = await startEmulator(options);
    return { url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id };
  },
  fault(name, args) { emulator.faults[name](...args); },
  requests() {
    const out = { eventGets: 0, lastEventIds: {}, posts: 0, total: emulator.requests.length };
    for (const r of emulator.requests) {
      if (r.method === 'POST') out.posts++;
      if (r.method === 'GET' && /\\/events$/.test(r.path)) {
        out.eventGets++;
        const id = r.headers['last-event-id'];
        if (id !== undefined) out.lastEventIds[id] = (out.lastEventIds[id] || 0) + 1;
      }
    }
    return out;
  },
  heapUsed() {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc');
    if (gc) { gc(); gc(); }
    return v8.getHeapStatistics().used_heap_size;
  },
  async close() { await emulator?.close(); },
};
parentPort.on('message', async ({ id, cmd, args }) => {
  try {
    parentPort.postMessage({ id, result: await handlers[cmd](...args) });
  } catch (error) {
    parentPort.postMessage({ id, error: String(error && error.stack || error) });
  }
});
`;
}

export async function startWorkerEmulator(options: EmulatorOptions = {}): Promise<WorkerEmulator> {
  const worker = new Worker(workerSource(), { eval: true });
  let next = 0;
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  worker.on('message', ({ id, result, error }) => {
    const call = pending.get(id);
    pending.delete(id);
    if (error !== undefined) call?.reject(new Error(`emulator worker: ${error}`));
    else call?.resolve(result);
  });
  worker.on('error', (error) => {
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  });
  const call = <T>(cmd: string, ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, cmd, args });
    });

  const info = await call<{ url: string; api_key: string; organization_id: string }>('start', options);
  let closing: Promise<void> | undefined;
  return {
    ...info,
    fault: (name, ...args) => call('fault', name, args),
    requests: () => call('requests'),
    heapUsed: () => call('heapUsed'),
    close: () =>
      (closing ??= (async () => {
        try {
          await call('close');
        } finally {
          await worker.terminate();
        }
      })()),
  };
}
