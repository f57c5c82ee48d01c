// 4. 1,000 concurrent event streams: memory per stream of task.events() (and of bare
// eventsource-parser for comparison), each measured in its own --expose-gc worker.
import { runWorker } from './child.mjs';
import { forkServer } from './child.mjs';
import { int, kb } from './stats.mjs';

const STREAMS = 1_000;
const TARGET = 100_000; // 100 KB, decimal

/** task.events() × STREAMS against a server writing opaque ids: the same figure for that id scheme. */
async function sdkWithOpaqueIds() {
  const server = await forkServer({ sseMode: 'hold', ids: 'opaque' });
  try {
    return await runWorker('./memory-child.mjs', [server.url, 'sdk', String(STREAMS)], ['--expose-gc']);
  } finally {
    await server.stop();
  }
}

export async function benchMemory() {
  const opaque = await sdkWithOpaqueIds();
  const server = await forkServer({ sseMode: 'hold' });
  try {
    const sdk = await runWorker('./memory-child.mjs', [server.url, 'sdk', String(STREAMS)], ['--expose-gc']);
    const bare = await runWorker('./memory-child.mjs', [server.url, 'bare', String(STREAMS)], ['--expose-gc']);
    for (const r of [sdk, bare, opaque]) {
      if (r.server.openStreams < STREAMS) throw new Error(`${r.mode}: only ${r.server.openStreams} streams open at the server`);
    }
    const per = sdk.heapExternalPerStream;
    return {
      sdk, bare, opaque,
      figures: [
        {
          label: `memory per stream, task.events() × ${int(STREAMS)} (heap+external)`,
          value: `${kb(per)} (heap ${kb(sdk.heapPerStream)}, external ${kb(sdk.externalPerStream)})`,
          target: '≤ 100 KB', pass: per <= TARGET,
        },
        {
          label: `memory per stream, task.events() × ${int(STREAMS)}, opaque ids (heap+external)`,
          value: `${kb(opaque.heapExternalPerStream)} (heap ${kb(opaque.heapPerStream)}, external ${kb(opaque.externalPerStream)})`,
          target: '≤ 100 KB', pass: opaque.heapExternalPerStream <= TARGET,
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
