/**
 * Property: whatever the id scheme and wherever the connection drops, the consumer sees each
 * event once, in order. Servers of two kinds: one that resumes after Last-Event-ID as SSE
 * says, and one that ignores it and replays the run from its start. Ids that tell events apart
 * (increasing, decreasing, opaque) give exactly-once; ids that cannot (repeated, missing) give
 * no loss, and a replaying server's events again (the README says so).
 */
import fc from 'fast-check';
import { Configuration, Task, type TaskUpdateEvent } from '../src';
import { taskFixture } from './helpers/fixtures';

jest.setTimeout(60_000);

const TASK = taskFixture();
type Scheme = 'increasing' | 'decreasing' | 'opaque' | 'repeated' | 'missing';

function idsOf(scheme: Scheme, count: number, seed: number): Array<string | undefined> {
  return Array.from({ length: count }, (_, i) => {
    switch (scheme) {
      case 'increasing':
        return String(i + 1);
      case 'decreasing':
        return String(1000 - i);
      case 'opaque':
        return `${((seed + i) * 2654435761 % 4294967296).toString(36)}-${i}`;
      case 'repeated':
        return '7';
      case 'missing':
        return undefined;
    }
  });
}

function frame(id: string | undefined, index: number, last: boolean): string {
  const envelope = last
    ? { type: 'task_finished', task_id: 'task-1', organization_id: 'org-1', time: 't', data: taskFixture({ status: 'completed' }) }
    : { type: 'chunk', task_id: 'task-1', organization_id: 'org-1', time: 't', data: `c${index}` };
  return `${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(envelope)}\n\n`;
}

/**
 * A server through Configuration.fetch: each connection sends the script from where the
 * server resumes, and the first few stop (cleanly) after the given number of events.
 */
function serverFetch(ids: Array<string | undefined>, drops: number[], compliant: boolean): typeof fetch {
  let connection = 0;
  return async (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (!url.pathname.endsWith('/events')) {
      // The status check after a clean close: still running, so the SDK resumes.
      return new Response(JSON.stringify(taskFixture({ status: 'executing' })), { headers: { 'content-type': 'application/json' } });
    }
    const lastEventId = new Headers(init?.headers).get('last-event-id');
    let from = 0;
    if (compliant && lastEventId !== null) {
      const at = ids.lastIndexOf(lastEventId);
      from = at >= 0 && ids.indexOf(lastEventId) === at ? at + 1 : 0; // an id that is not unique: from the start
    }
    const drop = drops[connection++];
    const upTo = drop === undefined ? ids.length : Math.min(ids.length, from + drop);
    // retry: 1 keeps the property fast: the SDK waits what the server asks before resuming.
    let text = 'retry: 1\n';
    for (let i = from; i < upTo; i++) text += frame(ids[i], i, i === ids.length - 1);
    return new Response(text, { headers: { 'content-type': 'text/event-stream' } });
  };
}

async function consume(ids: Array<string | undefined>, drops: number[], compliant: boolean): Promise<string[]> {
  const configuration = new Configuration({
    api_key: 'k', base_url: 'http://sse.test', organization_id: 'org-1', maxRetries: 0,
    fetch: serverFetch(ids, drops, compliant),
  });
  const seen: string[] = [];
  const events = new Task(TASK, configuration).events({ maxReconnects: drops.length + 1, idleTimeout: 0 });
  for await (const event of events as AsyncIterable<TaskUpdateEvent>) seen.push(event.type === 'chunk' ? String(event.data) : event.type);
  return seen;
}

const script = (count: number) => [...Array.from({ length: count - 1 }, (_, i) => `c${i}`), 'task_finished'];

/** Whether `whole` appears in `seen` in order (the rest may come between). */
function isSubsequence(whole: string[], seen: string[]): boolean {
  let i = 0;
  for (const item of seen) if (item === whole[i]) i++;
  return i === whole.length;
}

const run = fc.record({
  count: fc.integer({ min: 2, max: 40 }),
  drops: fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 3 }),
  compliant: fc.boolean(),
  seed: fc.nat(),
});

test.each(['increasing', 'decreasing', 'opaque'] as const)('%s ids: every event exactly once, in order, whatever the drops and the server', async (scheme) => {
  await fc.assert(
    fc.asyncProperty(run, async ({ count, drops, compliant, seed }) => {
      const ids = idsOf(scheme, count, seed);
      expect(await consume(ids, drops, compliant)).toEqual(script(count));
    }),
    { numRuns: 80 },
  );
});

test.each(['repeated', 'missing'] as const)('%s ids: no event lost, in order, ending with task_finished', async (scheme) => {
  await fc.assert(
    fc.asyncProperty(run, async ({ count, drops, compliant, seed }) => {
      const seen = await consume(idsOf(scheme, count, seed), drops, compliant);
      expect(isSubsequence(script(count), seen)).toBe(true);
      expect(seen.at(-1)).toBe('task_finished');
      // Without drops nothing can be replayed: exactly once.
      if (drops.every((d) => d >= count)) expect(seen).toEqual(script(count));
    }),
    { numRuns: 60 },
  );
});
