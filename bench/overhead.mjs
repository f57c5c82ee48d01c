// 1. Per-call overhead: tasks.get() against raw fetch + JSON.parse of the same response under a
// timeout signal (what the SDK's default 60 s timeout costs a hand-written call too), both
// against one local keep-alive server, interleaved in rounds to cancel drift.
import { API_KEY, ORG } from './fixtures.mjs';
import { loadSdk } from './sdk.mjs';
import { median, percentile, us } from './stats.mjs';

const CALLS = 2_000;
const WARMUP = 300;
const ROUND = 100;
const TASK_ID = 'task-bench-0001';

export async function benchOverhead({ url }) {
  const { Configuration, Tasks } = await loadSdk();
  const tasks = new Tasks(new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: url, maxRetries: 0 }));
  const statusUrl = `${url}/agent-execution/${TASK_ID}/status`;
  const headers = { 'x-api-key': API_KEY };

  const sdk = async () => {
    const task = await tasks.get(TASK_ID);
    if (task.id !== TASK_ID) throw new Error('sdk: wrong task');
  };
  const raw = async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60_000);
    try {
      const response = await fetch(statusUrl, { headers, signal: controller.signal });
      if (!response.ok) throw new Error(`raw: HTTP ${response.status}`);
      const data = JSON.parse(await response.text());
      if (data.id !== TASK_ID) throw new Error('raw: wrong task');
    } finally {
      clearTimeout(timer);
    }
  };

  const run = async (fn, n, into) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      into?.push(performance.now() - t0);
    }
  };
  for (let i = 0; i < WARMUP; i += ROUND) {
    await run(sdk, ROUND);
    await run(raw, ROUND);
  }
  const times = { sdk: [], raw: [] };
  for (let round = 0; round < CALLS / ROUND; round++) {
    const order = round % 2 ? ['raw', 'sdk'] : ['sdk', 'raw'];
    for (const name of order) await run(name === 'sdk' ? sdk : raw, ROUND, times[name]);
  }
  const sdkMedian = median(times.sdk);
  const rawMedian = median(times.raw);
  const ratio = sdkMedian / rawMedian;
  return {
    sdkMedian, rawMedian, ratio,
    figures: [
      { label: 'tasks.get() median per call', value: `${us(sdkMedian)} (p90 ${us(percentile(times.sdk, 90))})` },
      { label: 'raw fetch + timeout signal + JSON.parse median per call', value: `${us(rawMedian)} (p90 ${us(percentile(times.raw, 90))})` },
      { label: 'per-call overhead (ratio of medians)', value: `${ratio.toFixed(3)}× (+${us(sdkMedian - rawMedian)})`, target: '≤ 1.0', pass: ratio <= 1.0 },
    ],
  };
}
