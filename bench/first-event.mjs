// 3. Time to first event: the server (in this process, same clock) writes one event 50 ms
// after the stream opened; the consumer timestamps it when its loop body receives it.
import { createParser } from 'eventsource-parser';
import { API_KEY, ORG, eventsPath, taskJson } from './fixtures.mjs';
import { startFirstEventServer } from './servers.mjs';
import { loadSdk } from './sdk.mjs';
import { median, ms, percentile } from './stats.mjs';

const RUNS = 50;
const DELAY_MS = 50;

export async function benchFirstEvent() {
  const { Configuration, Task } = await loadSdk();
  const written = new Map();
  const server = await startFirstEventServer({ delayMs: DELAY_MS, onWrite: (id, t) => written.set(id, t) });
  const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: server.url, maxRetries: 0 });

  const consumers = {
    sdk: async (id) => {
      for await (const event of new Task(taskJson(id), configuration).events()) {
        const t = performance.now();
        if (event.type !== 'chunk') throw new Error('sdk: unexpected event');
        return t;
      }
      throw new Error('sdk: no event');
    },
    bare: async (id) => {
      const controller = new AbortController();
      const response = await fetch(server.url + eventsPath(id), {
        headers: { 'x-api-key': API_KEY, accept: 'text/event-stream' },
        signal: controller.signal,
      });
      let t;
      const parser = createParser({ onEvent: (message) => { JSON.parse(message.data); t ??= performance.now(); } });
      const decoder = new TextDecoder();
      const reader = response.body.getReader();
      while (t === undefined) {
        const { done, value } = await reader.read();
        if (done) throw new Error('bare: no event');
        parser.feed(decoder.decode(value, { stream: true }));
      }
      controller.abort();
      return t;
    },
  };
  const latency = { sdk: [], bare: [] };
  try {
    for (let run = -3; run < RUNS; run++) { // three warm-up runs
      for (const name of run % 2 ? ['bare', 'sdk'] : ['sdk', 'bare']) {
        const id = `task-fe-${name}-${run}`;
        const arrived = await consumers[name](id);
        if (run >= 0) latency[name].push(arrived - written.get(id));
      }
    }
  } finally {
    await server.close();
  }
  const sdk = median(latency.sdk);
  const bare = median(latency.bare);
  return {
    sdk, bare,
    figures: [
      { label: `time to first event, task.events() (median of ${RUNS})`, value: `${ms(sdk)} (p90 ${ms(percentile(latency.sdk, 90))})`, target: '< 10 ms', pass: sdk < 10 },
      { label: 'time to first event, bare eventsource-parser', value: `${ms(bare)} (p90 ${ms(percentile(latency.bare, 90))})` },
    ],
  };
}
