// 4. 1,000 concurrent event streams: memory per stream of task.events() (and of bare
// eventsource-parser for comparison), each measured in its own --expose-gc worker.
import { runWorker } from './child.mjs';
import { forkServer } from './child.mjs';
import { int, kb } from './stats.mjs';

const STREAMS = 1_000;
const TARGET = 100_000; // 100 KB, decimal

export async function benchMemory() {
  const server = await forkServer({ sseMode: 'hold' });
  try {
    const sdk = await runWorker('./memory-child.mjs', [server.url, 'sdk', String(STREAMS)], ['--expose-gc']);
    const bare = await runWorker('./memory-child.mjs', [server.url, 'bare', String(STREAMS)], ['--expose-gc']);
    for (const r of [sdk, bare]) {
      if (r.server.openStreams < STREAMS) throw new Error(`${r.mode}: only ${r.server.openStreams} streams open at the server`);
    }
    const per = sdk.heapExternalPerStream;
    return {
      sdk, bare,
      figures: [
        {
          label: `memory per stream, task.events() × ${int(STREAMS)} (heap+external)`,
          value: `${kb(per)} (heap ${kb(sdk.heapPerStream)}, external ${kb(sdk.externalPerStream)})`,
          target: '≤ 100 KB', pass: per <= TARGET,
        },
        { label: 'memory per stream, task.events(), RSS delta', value: kb(sdk.rssPerStream) },
        {
          label: 'memory per stream, bare eventsource-parser (heap+external / RSS)',
          value: `${kb(bare.heapExternalPerStream)} / ${kb(bare.rssPerStream)}`,
        },
        {
          label: 'streams open at the server at once / client dispatcher',
          value: `${int(sdk.server.openStreams)} (sdk), ${int(bare.server.openStreams)} (bare); ${sdk.dispatcherInfo}`,
        },
      ],
    };
  } finally {
    await server.stop();
  }
}
