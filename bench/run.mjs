// `npm run bench`: builds dist/ if needed, runs every benchmark side by side with its
// baseline, prints the table and records it in BENCHMARKS.md.
// `node bench/run.mjs overhead stream` runs a subset (and leaves BENCHMARKS.md alone);
// BENCH_DIST=<dir> measures a copy of dist/ instead (see build.mjs), BENCHMARKS.md untouched.
import { ensureBuilt } from './build.mjs';
import { forkServer } from './child.mjs';
import { machine, printTable, writeMarkdown } from './report.mjs';

const EVENTS = 100_000;
const BENCHES = [
  { id: '1', name: 'overhead', title: 'per-call overhead', file: './overhead.mjs', fn: 'benchOverhead', server: true },
  { id: '2', name: 'stream', title: 'stream throughput', file: './stream.mjs', fn: 'benchStream', server: true },
  { id: '3', name: 'first-event', title: 'time to first event', file: './first-event.mjs', fn: 'benchFirstEvent' },
  { id: '4', name: 'memory', title: 'memory per stream', file: './memory.mjs', fn: 'benchMemory' },
  { id: '5a', name: 'import', title: 'cold import', file: './cold-import.mjs', fn: 'benchColdImport' },
  { id: '5b', name: 'size', title: 'bundle size', file: './size.mjs', fn: 'benchSize' },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHES.map((b) => b.name).join(', ')}`);
  process.exit(2);
}
const selected = wanted.length ? BENCHES.filter((b) => wanted.includes(b.name)) : BENCHES;

const started = performance.now();
ensureBuilt();
const server = selected.some((b) => b.server) ? await forkServer({ eventCount: EVENTS, sseMode: 'bulk' }) : undefined;
const sections = [];
let failed = false;
try {
  for (const bench of selected) {
    const t0 = performance.now();
    process.stdout.write(`${bench.id}. ${bench.title} … `);
    try {
      const module = await import(bench.file);
      const result = await module[bench.fn]({ ...server, eventCount: EVENTS });
      sections.push({ ...bench, figures: result.figures });
      console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed = true;
      console.log('failed');
      console.error(error);
      sections.push({ ...bench, figures: [{ label: bench.title, value: String(error?.message ?? error), error: true }] });
    }
  }
} finally {
  await server?.stop();
}

const env = machine();
printTable(sections, env);
if (!wanted.length && !process.env.BENCH_DIST) console.log(`recorded in ${writeMarkdown(sections, env, (performance.now() - started) / 1000)}`);
process.exit(failed ? 1 : 0);
