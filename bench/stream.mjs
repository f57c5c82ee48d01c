// 2. Stream throughput: task.events() against bare eventsource-parser over the same
// 100,000-event stream (server in another process), runs interleaved; and the relay
// (toSSEResponse → readTaskEvents: re-encoded, redacted and parsed again) next to them.
import { createParser } from 'eventsource-parser';
import { API_KEY, ORG, taskJson } from './fixtures.mjs';
import { loadSdk } from './sdk.mjs';
import { int, median } from './stats.mjs';

const ROUNDS = 9;
const TASK_ID = 'task-bench-0001';

/** Bare parsing as a user would write it: fetch, TextDecoder, createParser; JSON.parse each event when `json`. */
async function bare(url, json) {
  const response = await fetch(url, { headers: { 'x-api-key': API_KEY, accept: 'text/event-stream' } });
  let count = 0;
  let last;
  const parser = createParser({
    onEvent: (message) => {
      count++;
      if (json) last = JSON.parse(message.data);
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) parser.feed(decoder.decode(chunk, { stream: true }));
  if (json && last.type !== 'task_finished') throw new Error('bare: stream did not finish');
  return count;
}

export async function benchStream({ url, bulkPath, eventCount }) {
  const { Configuration, Task, toSSEResponse, readTaskEvents } = await loadSdk();
  const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: url, maxRetries: 0 });
  const task = new Task(taskJson(TASK_ID), configuration);
  const streamUrl = url + bulkPath;

  const consumers = {
    sdk: async () => {
      let count = 0;
      let last;
      for await (const event of task.events()) {
        count++;
        last = event;
      }
      if (last.type !== 'task_finished') throw new Error('sdk: stream did not finish');
      return count;
    },
    relay: async () => {
      let count = 0;
      let last;
      for await (const event of readTaskEvents(toSSEResponse((resume) => task.events(resume)))) {
        count++;
        last = event;
      }
      if (last.type !== 'task_finished') throw new Error('relay: stream did not finish');
      return count;
    },
    bareJson: () => bare(streamUrl, true),
    bareParse: () => bare(streamUrl, false),
  };
  const rates = { sdk: [], relay: [], bareJson: [], bareParse: [] };
  const names = Object.keys(consumers);
  await consumers.sdk(); // warm-up (JIT, connection)
  await consumers.bareJson();
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      const t0 = performance.now();
      const count = await consumers[name]();
      const seconds = (performance.now() - t0) / 1000;
      if (count !== eventCount) throw new Error(`${name}: ${count} events, expected ${eventCount}`);
      rates[name].push(count / seconds);
    }
  }
  const sdk = median(rates.sdk);
  const bareJson = median(rates.bareJson);
  const bareParse = median(rates.bareParse);
  const relay = median(rates.relay);
  const ratio = sdk / bareJson;
  return {
    sdk, bareJson, bareParse, ratio, relay,
    figures: [
      { label: `task.events() throughput (${int(eventCount)} events, median of ${ROUNDS})`, value: `${int(sdk)} events/s` },
      { label: 'bare eventsource-parser + JSON.parse', value: `${int(bareJson)} events/s` },
      { label: 'bare eventsource-parser, no JSON.parse (info)', value: `${int(bareParse)} events/s (SDK at ${(sdk / bareParse).toFixed(2)}×)` },
      { label: 'stream throughput ratio (SDK / bare + JSON.parse)', value: `${ratio.toFixed(3)}×`, target: '≥ 1.0', pass: ratio >= 1.0 },
      { label: 'relay throughput: toSSEResponse → readTaskEvents, same stream (info)', value: `${int(relay)} events/s (${(relay / sdk).toFixed(2)}× task.events())` },
    ],
  };
}
