/**
 * Property: whatever the framing, task.events() yields exactly the events that were sent,
 * in order. Events: any type (known, unknown, lifecycle with a Task in data), data with any
 * Unicode (astral characters, lone surrogates, U+2028, NUL, quotes, CR/LF inside strings),
 * compact or pretty-printed JSON (multi-line `data:`), with or without the space after the
 * colon, optional `id:`, `event:`, `retry:` and comment lines anywhere, extra blank lines
 * and heartbeats between events; any line ending (LF, CRLF, CR, or mixed line by line);
 * the bytes split anywhere, inside multi-byte UTF-8 characters and between CR and LF.
 *
 * Two transports: exact chunks handed to the SDK through `Configuration.fetch` (so every
 * generated split reaches the parser as is), and a real node:http server writing the chunks
 * one by one (so the whole network path is covered too).
 */
import fc from 'fast-check';
import type { ServerResponse } from 'node:http';
import { Configuration, type MalformedEvent, Task, type TaskUpdateEvent } from '../src';
import { taskFixture } from './helpers/fixtures';
import { httpServer } from './helpers/http-server';

jest.setTimeout(60_000);

const NUM_RUNS = 60;
const TASK = taskFixture(); // id task-1, org-1, events_streaming
const LIFECYCLE = ['task_created', 'task_updated', 'task_finished'];
const KNOWN = [
  'chunk', 'tool_call_request', 'tool_call_result', 'plan_updated', 'auth_event',
  'task_compactization', 'think', 'analyze', 'sub_agent_trigger',
];

// ---------------------------------------------------------------------------------------
// Generators

const tricky = fc.constantFrom(
  '\n', '\r', '\r\n', '\n\n', '"', '\\', '😀', '𝄞', '👩‍👩‍👧', 'é', '日本', '\u2028', '\u2029', '\u0000',
  '\ud800', '\udfff', '\ufeff', ':', 'data: x', 'id: 9', '\t', ' ', '}', '{"type":"x"}',
);
const unit = fc.oneof(tricky, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));
const text = fc.string({ unit, maxLength: 24 });
/** Single-line text for comments and `event:` names (their content is ignored by SSE anyway). */
const lineText = fc.string({ unit: 'binary', maxLength: 16 }).map((s) => s.replace(/[\r\n]/g, ''));

const taskData = fc.record(
  {
    id: fc.constant('task-1'),
    organization_id: fc.constant('org-1'),
    status: fc.constantFrom('pending', 'executing', 'completed', 'failed'),
    result: fc.option(text),
    title: fc.option(text),
    internal_status: fc.option(text),
    events_streaming: fc.constant(true),
  },
  { requiredKeys: ['id', 'status'] },
);
const anyData = fc.jsonValue({ maxDepth: 2, stringUnit: unit });

const envelopeOf = (type: fc.Arbitrary<string>, data: fc.Arbitrary<unknown>) =>
  fc.record(
    {
      type,
      task_id: fc.constant('task-1'),
      organization_id: fc.constant('org-1'),
      time: fc.constantFrom('2026-11-22T10:00:00.000Z', '2026-11-22T10:00:01.123456+00:00'),
      data,
      extra_field: anyData, // a field this SDK version does not know: kept as it came
    },
    { requiredKeys: ['type', 'task_id', 'organization_id', 'time', 'data'] },
  );

const middleEnvelope = fc.oneof(
  envelopeOf(fc.constantFrom('task_created', 'task_updated'), taskData),
  envelopeOf(fc.constant('chunk'), text),
  envelopeOf(fc.constantFrom(...KNOWN), anyData),
  // Unknown types, any Unicode: yielded as they came.
  envelopeOf(text.filter((t) => t !== '' && !LIFECYCLE.includes(t)), anyData),
);
const finalEnvelope = envelopeOf(fc.constant('task_finished'), taskData);

interface EventSpec {
  envelope: Record<string, unknown>;
  hasId: boolean;
  idFirst: boolean;
  indent: 0 | 2 | '\t';
  space: boolean;
  eventName: string | null;
  retry: number | null;
  comments: [number, string][];
  gap: string[];
}

const eventSpec = (envelope: fc.Arbitrary<Record<string, unknown>>) =>
  fc.record({
    envelope,
    hasId: fc.boolean(),
    idFirst: fc.boolean(),
    indent: fc.constantFrom<0 | 2 | '\t'>(0, 0, 2, '\t'),
    space: fc.boolean(),
    eventName: fc.option(lineText),
    retry: fc.option(fc.nat({ max: 100_000 })),
    comments: fc.array(fc.tuple(fc.nat(), lineText), { maxLength: 2 }),
    // Lines after the event: blank lines (empty dispatches) and heartbeats.
    gap: fc.array(fc.constantFrom('', ': heartbeat', ':', 'retry: 500'), { maxLength: 3 }),
  }) as fc.Arbitrary<EventSpec>;

type Ending = '\n' | '\r\n' | '\r';
const endings: fc.Arbitrary<Ending[]> = fc.oneof(
  fc.constant<Ending[]>(['\n']),
  fc.constant<Ending[]>(['\r\n']),
  fc.constant<Ending[]>(['\r']),
  fc.array(fc.constantFrom<Ending>('\n', '\r\n', '\r'), { minLength: 2, maxLength: 12 }),
);

type SplitMode = 'random' | 'every-byte' | 'inside-chars' | 'at-cr' | 'all';
const scenario = fc.record({
  prelude: fc.array(fc.constantFrom('', ': connected', 'retry: 1000', ':'), { maxLength: 3 }),
  events: fc.array(eventSpec(middleEnvelope), { maxLength: 10 }),
  last: eventSpec(finalEnvelope),
  endings,
  split: fc.constantFrom<SplitMode>('random', 'every-byte', 'inside-chars', 'at-cr', 'all', 'all'),
  cuts: fc.array(fc.nat(), { maxLength: 40 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

// ---------------------------------------------------------------------------------------
// Serialisation

function linesOf(spec: EventSpec, index: number): string[] {
  const json = spec.indent === 0 ? JSON.stringify(spec.envelope) : JSON.stringify(spec.envelope, null, spec.indent);
  const data = json.split('\n').map((line) => `data:${spec.space ? ' ' : ''}${line}`);
  const meta: string[] = [];
  if (spec.eventName !== null) meta.push(`event: ${spec.eventName}`);
  if (spec.retry !== null) meta.push(`retry: ${spec.retry}`);
  const id = spec.hasId ? [`id: ${index + 1}`] : [];
  const block = spec.idFirst ? [...id, ...meta, ...data] : [...meta, ...data, ...id];
  for (const [at, comment] of spec.comments) block.splice(at % (block.length + 1), 0, `:${comment}`);
  return [...block, '', ...spec.gap];
}

/** The stream's bytes; a CR-ended line followed by an empty LF-ended one would read as one CRLF, so that pair never occurs. */
function serialise(s: Scenario): Buffer {
  const lines = [...s.prelude, ...[...s.events, s.last].flatMap((spec, i) => linesOf(spec, i))];
  let out = '';
  let previous: Ending | undefined;
  lines.forEach((line, i) => {
    let ending = s.endings[i % s.endings.length];
    if (previous === '\r' && line === '' && ending === '\n') ending = '\r\n';
    out += line + ending;
    previous = ending;
  });
  return Buffer.from(out, 'utf8');
}

function cutPoints(bytes: Buffer, s: Scenario): number[] {
  const points = new Set<number>();
  const n = bytes.length;
  const random = () => s.cuts.forEach((c) => points.add(1 + (c % (n - 1))));
  const insideChars = () => bytes.forEach((b, i) => (b & 0xc0) === 0x80 && points.add(i)); // before a continuation byte
  const atCr = () => bytes.forEach((b, i) => b === 0x0d && i + 1 < n && points.add(i + 1)); // between CR and what follows
  if (s.split === 'random') random();
  if (s.split === 'every-byte') for (let i = 1; i < n; i++) points.add(i);
  if (s.split === 'inside-chars') insideChars();
  if (s.split === 'at-cr') atCr();
  if (s.split === 'all') (random(), insideChars(), atCr());
  return [...points].filter((p) => p > 0 && p < n).sort((a, b) => a - b);
}

function chunksOf(s: Scenario): Uint8Array[] {
  const bytes = serialise(s);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...cutPoints(bytes, s), bytes.length]) {
    chunks.push(new Uint8Array(bytes.subarray(from, p)));
    from = p;
  }
  return chunks;
}

/** What must come out: each envelope as its JSON reads back. */
function expected(s: Scenario): unknown[] {
  return [...s.events, s.last].map((spec) => JSON.parse(JSON.stringify(spec.envelope)));
}

/** An event as plain JSON, a hydrated Task in `data` turned back into its wire fields. */
function plain(event: TaskUpdateEvent): unknown {
  if (LIFECYCLE.includes(event.type)) expect(event.data).toBeInstanceOf(Task);
  const data = event.data instanceof Task ? { ...event.data } : event.data;
  const { id: _sseId, ...envelope } = event; // the SSE id the SDK adds; framing is what is checked here
  return JSON.parse(JSON.stringify({ ...envelope, data }));
}

async function follow(configuration: Configuration): Promise<{ events: unknown[]; malformed: MalformedEvent[] }> {
  const malformed: MalformedEvent[] = [];
  const events: unknown[] = [];
  // No reconnect: a mis-framed stream must surface as an error, not be papered over.
  const iterable = new Task(TASK, configuration).events({ maxReconnects: 0, idleTimeout: 10_000, onMalformed: (m) => malformed.push(m) });
  for await (const event of iterable) events.push(plain(event));
  return { events, malformed };
}

// ---------------------------------------------------------------------------------------
// Properties

test('exact chunks through Configuration.fetch: the same events, in the same order', async () => {
  let current: Uint8Array[] = [];
  const exactFetch: typeof fetch = async (input) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!url.pathname.endsWith('/events')) {
      // The reload after an early close: not terminal, so a short stream becomes an error.
      return new Response('{"detail":"unexpected"}', { status: 500, headers: { 'content-type': 'application/json' } });
    }
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i < current.length) controller.enqueue(current[i++]);
        else controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
  };
  const configuration = new Configuration({ api_key: 'k', base_url: 'http://sse.test', organization_id: 'org-1', fetch: exactFetch });
  let splitInsideChar = 0;
  let splitInCrLf = 0;
  await fc.assert(
    fc.asyncProperty(scenario, async (s) => {
      current = chunksOf(s);
      const joined = Buffer.concat(current);
      let at = 0;
      for (const chunk of current.slice(0, -1)) {
        at += chunk.length;
        if ((joined[at] & 0xc0) === 0x80) splitInsideChar++;
        if (joined[at - 1] === 0x0d && joined[at] === 0x0a) splitInCrLf++;
      }
      const { events, malformed } = await follow(configuration);
      expect(malformed).toEqual([]);
      expect(events).toEqual(expected(s));
    }),
    { numRuns: NUM_RUNS },
  );
  // The generators did reach the hard cases.
  expect(splitInsideChar).toBeGreaterThan(0);
  expect(splitInCrLf).toBeGreaterThan(0);
});

test('the same chunks written one by one by a node:http server: the same events, in the same order', async () => {
  let current: Uint8Array[] = [];
  const server = await httpServer((req, res: ServerResponse) => {
    if (!req.url?.endsWith('/events')) {
      res.writeHead(500, { 'content-type': 'application/json' });
      return res.end('{"detail":"unexpected"}');
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.flushHeaders();
    const chunks = current;
    let i = 0;
    const next = () => {
      if (res.destroyed) return;
      if (i === chunks.length) return void res.end();
      res.write(chunks[i++], () => setImmediate(next));
    };
    next();
  });
  const url = server.url;

  // Counts how the chunks arrived, to report how many splits the network kept.
  let sent = 0;
  let received = 0;
  const countingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !response.headers.get('content-type')?.includes('event-stream')) return response;
    const counted = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received++;
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, headers: response.headers });
  };
  const configuration = new Configuration({ api_key: 'k', base_url: url, organization_id: 'org-1', fetch: countingFetch });
  try {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        current = chunksOf(s);
        sent += current.length;
        const { events, malformed } = await follow(configuration);
        expect(malformed).toEqual([]);
        expect(events).toEqual(expected(s));
      }),
      { numRuns: NUM_RUNS },
    );
  } finally {
    await server.close();
  }
  console.log(`sse-property over node:http: ${sent} chunks written, ${received} reads seen by the SDK`);
  expect(received).toBeGreaterThan(NUM_RUNS); // the network did deliver split streams, not one blob per run
});
