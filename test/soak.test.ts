/**
 * A bounded soak: 1,000 tasks created with events_streaming and followed concurrently through
 * the SDK, in one process, against one emulator; a quarter of the streams are cut or stalled
 * mid-run. Every event of every run must arrive exactly once and in order, compared with the
 * emulator's own log of each run. The SDK's heap per open stream is printed.
 *
 * The emulator runs in a worker thread of this process (test/helpers/soak-emulator.ts): a
 * separate V8 heap, so the heap figure below is the SDK side alone, and a core of its own.
 */
import { createHash } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { Configuration, Task, type TaskUpdateEvent, Tasks } from '../src';
import { SseReader } from './helpers/emulator-sse';
import { forceGc, startWorkerEmulator, type WorkerEmulator } from './helpers/soak-emulator';

const STREAMS = 1_000;
const DROPPED = 200; // cut after 3 events
const STALLED = 50; // silent after 4 events, socket left open
// One agent step. A run is ~12 steps (~14 s): longer than creating and connecting all 1,000
// streams takes on 2 busy cores (5-10 s), so every stream is open at the same time.
const STEP_MS = 1_200;
const HEARTBEAT_MS = 2_000;
// Above the worst header latency seen under this load (~2.5 s), so only the injected stalls trip it.
const IDLE_TIMEOUT = 6_000;
/** The soak must stop by itself: a stream still open after this is reported as stuck. */
const WATCHDOG_MS = 55_000;

jest.setTimeout(90_000);

/** Both sides keep the wire's key order (the SDK hydrates a Task field by field, in order), so plain JSON compares. */
const digest = (json: string) => createHash('sha1').update(json).digest('base64');

/** What the SDK yielded, reduced to a fingerprint per event (so keeping them costs little heap). */
interface Followed {
  id: string;
  types: string[];
  hashes: string[];
  chunks: string;
  result: string | null | undefined;
}

function fingerprint(event: TaskUpdateEvent): string {
  // A Task's toJSON gives its wire fields, the non-enumerable secret holders included; the SSE
  // id the SDK adds is left out, as the emulator's log keeps it apart.
  const { id: _sseId, ...envelope } = event;
  return digest(JSON.stringify(envelope));
}

/** The emulator's own log of a finished run, read raw off the wire (its stream ends after task_finished). */
async function logOf(emulator: WorkerEmulator, taskId: string): Promise<{ ids: string[]; types: string[]; hashes: string[] }> {
  const response = await fetch(`${emulator.url}/${emulator.organization_id}/agent-execution/${taskId}/events`, {
    headers: { 'x-api-key': emulator.api_key, accept: 'text/event-stream' },
  });
  const messages = (await new SseReader(response).all()).filter((m) => m.data !== undefined);
  const events = messages.map((m) => JSON.parse(m.data!));
  return {
    ids: messages.map((m) => m.id ?? ''),
    types: events.map((e) => e.type),
    hashes: events.map((e) => digest(JSON.stringify(e))),
  };
}

async function inBatches<T, R>(items: T[], size: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

let emulator: WorkerEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** The log's own ids are what the scheme promises: 1..n, or n distinct opaque strings. */
function idsAsPromised(scheme: 'integer' | 'opaque', ids: string[]): boolean {
  if (scheme === 'integer') return ids.every((id, k) => id === String(k + 1));
  return new Set(ids).size === ids.length && ids.every((id) => /^ev_[0-9a-z]+_[0-9a-f]{8}$/.test(id));
}

test.each(['integer', 'opaque'] as const)(`${STREAMS} concurrent event streams, %s ids, ${DROPPED} dropped and ${STALLED} stalled mid-run: every event exactly once, in order`, async (scheme) => {
  const started = performance.now();
  emulator = await startWorkerEmulator({ stepMs: STEP_MS, heartbeatMs: HEARTBEAT_MS, agents: ['soak-agent'], eventIds: scheme });
  await emulator.fault('dropStreamAfter', 3, DROPPED);
  await emulator.fault('stallStreamAfter', 4, STALLED);
  const tasks = new Tasks(
    new Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id }),
  );

  forceGc();
  const heapBefore = getHeapStatistics().used_heap_size;
  const rssBefore = process.memoryUsage().rss;
  const workerHeapBefore = await emulator.heapUsed();

  // Streams open now, the peak of that, and streams that got their first event.
  let open = 0;
  let peak = 0;
  let connected = 0;
  let allConnected!: () => void;
  const allConnectedPromise = new Promise<void>((resolve) => (allConnected = resolve));
  const stop = new AbortController();
  const stillOpen = new Map<string, Followed>();

  async function follow(i: number): Promise<Followed> {
    const task = await tasks.create({ agent_id: 'soak-agent', prompt: `Soak stream ${i}`, events_streaming: true });
    const out: Followed = { id: task.id, types: [], hashes: [], chunks: '', result: undefined };
    open++;
    peak = Math.max(peak, open);
    stillOpen.set(task.id, out);
    try {
      for await (const event of task.events({ idleTimeout: IDLE_TIMEOUT, maxReconnects: 3, signal: stop.signal })) {
        if (out.types.length === 0 && ++connected === STREAMS) allConnected();
        out.types.push(event.type);
        out.hashes.push(fingerprint(event));
        if (event.type === 'chunk') out.chunks += event.data;
        if (event.type === 'task_finished') out.result = event.data.result;
      }
    } finally {
      open--;
      stillOpen.delete(task.id);
    }
    return out;
  }

  // The soak stops by itself: streams still open at the deadline are reported (and aborted).
  let watchdog: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    watchdog = setTimeout(() => {
      const sample = [...stillOpen.values()].slice(0, 3).map((f) => `${f.id} after [${f.types.join(',')}]`);
      stop.abort();
      reject(new Error(`${stillOpen.size} streams still open after ${WATCHDOG_MS} ms, e.g. ${sample.join('; ')}`));
    }, WATCHDOG_MS);
  });
  stuck.catch(() => allConnected());
  const all = Promise.all(Array.from({ length: STREAMS }, (_, i) => follow(i)));
  all.catch(() => allConnected()); // a failure is reported by `all`, not by a hang here

  // Memory while every stream is open and has had its first event.
  await allConnectedPromise;
  const openAtMeasure = open;
  forceGc();
  const heapOpen = getHeapStatistics().used_heap_size;
  const rssOpen = process.memoryUsage().rss;
  const workerHeapOpen = await emulator.heapUsed();
  const measuredAt = Math.round(performance.now() - started);

  const followed = await Promise.race([all, stuck]).finally(() => clearTimeout(watchdog));
  const doneMs = Math.round(performance.now() - started);
  const perStreamHeap = (heapOpen - heapBefore) / STREAMS;

  const requests = await emulator.requests();
  const resumed = Object.values(requests.lastEventIds).reduce((a, b) => a + b, 0);
  const reconnects = requests.eventGets - STREAMS;

  // Per task: the emulator's own log of the run, read back raw.
  const logs = await inBatches(followed, 50, (f) => logOf(emulator!, f.id));
  let events = 0;
  const mismatches: string[] = [];
  followed.forEach((f, i) => {
    const log = logs[i];
    events += f.types.length;
    const ok =
      idsAsPromised(scheme, log.ids) && // the log itself
      log.types[0] === 'task_created' &&
      log.types[log.types.length - 1] === 'task_finished' &&
      f.hashes.length === log.hashes.length && // nothing lost, nothing twice…
      f.hashes.every((h, k) => h === log.hashes[k]) && // …and in order, content included
      new Set(f.hashes).size === f.hashes.length &&
      typeof f.result === 'string' &&
      f.chunks === f.result;
    if (!ok) mismatches.push(`${f.id}: got [${f.types.join(',')}], logged [${log.types.join(',')}]`);
  });

  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  console.log(
    [
      `soak (${scheme} ids): ${STREAMS} concurrent streams (peak open ${peak}, ${openAtMeasure} open when measured), ${events} events, ${mismatches.length} streams off`,
      `  reconnects: ${reconnects}, ${resumed} of them with Last-Event-ID (${scheme === 'integer' ? JSON.stringify(requests.lastEventIds) : `${Object.keys(requests.lastEventIds).length} distinct ids`})`,
      `  SDK heap per open stream (main-thread heap delta after GC / ${STREAMS}, at ${measuredAt} ms): ${kb(perStreamHeap)}`,
      `  emulator (worker) heap: ${kb((workerHeapOpen - workerHeapBefore) / STREAMS)} per stream; process RSS: ${kb((rssOpen - rssBefore) / STREAMS)} per stream`,
      `  all streams finished at ${doneMs} ms`,
    ].join('\n'),
  );

  // Every stream was open at the same time, and measured so.
  expect(peak).toBe(STREAMS);
  expect(openAtMeasure).toBe(STREAMS);
  // The faults did fire: each cut or stall was resumed with Last-Event-ID.
  expect(requests.posts).toBe(STREAMS);
  expect(resumed).toBeGreaterThanOrEqual(DROPPED + STALLED);
  // Every event of every run exactly once, in order.
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(new Set(followed.map((f) => f.id)).size).toBe(STREAMS);
  // A loose ceiling: a stream that buffered without bound would blow through it.
  expect(perStreamHeap).toBeLessThan(256 * 1024);
});
