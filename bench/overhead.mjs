// 1. Per-call overhead: tasks.get() against raw fetch + JSON.parse of the same response with a
// timeout signal written the way the platform documents it (`AbortSignal.timeout(60_000)`, the
// SDK's default timeout), and, for information, with no timeout at all. All against one local
// keep-alive server, interleaved in rounds to cancel drift.
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
  const fetchTask = async (signal) => {
    const response = await fetch(statusUrl, { headers, signal });
    if (!response.ok) throw new Error(`raw: HTTP ${response.status}`);
    const data = JSON.parse(await response.text());
    if (data.id !== TASK_ID) throw new Error('raw: wrong task');
  };
  const raw = () => fetchTask(AbortSignal.timeout(60_000));
  const bare = () => fetchTask(undefined);

  const run = async (fn, n, into) => {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      into?.push(performance.now() - t0);
    }
  };
  const variants = { sdk, raw, bare };
  const names = Object.keys(variants);
  for (let i = 0; i < WARMUP; i += ROUND) for (const name of names) await run(variants[name], ROUND);
  const times = { sdk: [], raw: [], bare: [] };
  for (let round = 0; round < CALLS / ROUND; round++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + round) % names.length];
      await run(variants[name], ROUND, times[name]);
    }
  }
  const sdkMedian = median(times.sdk);
  const rawMedian = median(times.raw);
  const bareMedian = median(times.bare);
  const ratio = sdkMedian / rawMedian;
  return {
    sdkMedian, rawMedian, ratio,
    figures: [
      { label: 'tasks.get() median per call', value: `${us(sdkMedian)} (p90 ${us(percentile(times.sdk, 90))})` },
      { label: 'raw fetch + AbortSignal.timeout + JSON.parse median per call', value: `${us(rawMedian)} (p90 ${us(percentile(times.raw, 90))})` },
      { label: 'raw fetch + JSON.parse, no timeout (info)', value: `${us(bareMedian)} (SDK at ${(sdkMedian / bareMedian).toFixed(2)}×)` },
      { label: 'per-call overhead (ratio of medians)', value: `${ratio.toFixed(3)}× (+${us(sdkMedian - rawMedian)})`, target: '≤ 1.0', pass: ratio <= 1.0 },
    ],
  };
}
