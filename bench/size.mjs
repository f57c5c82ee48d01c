// 5b. Size of the core entry as a bundler ships it: esbuild bundle of dist/esm/src/index.js
// (eventsource-parser included), platform neutral, minified, code splitting on, then gzip -9
// with node:zlib. The first load is the entry and the chunks it imports statically; chunks
// behind a dynamic import() (attachment helpers, reports, the event-stream loop: loaded at first use) are
// reported apart.
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { ESM_ENTRY } from './build.mjs';
import { kb } from './stats.mjs';

const TARGET = 12_000; // 12 KB, decimal

export async function benchSize() {
  const result = await build({
    entryPoints: [ESM_ENTRY],
    bundle: true,
    splitting: true,
    outdir: join(tmpdir(), 'xpander-tasks-size'),
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const byName = new Map(result.outputFiles.map((f) => [basename(f.path), f.contents]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((name) => outputs[name].entryPoint);
  const firstLoad = new Set([entry]);
  for (const name of firstLoad) {
    for (const { path, kind } of outputs[name].imports) if (kind === 'import-statement') firstLoad.add(path);
  }
  const sizes = (names) => {
    let minified = 0;
    let gzipped = 0;
    for (const name of names) {
      const code = byName.get(basename(name));
      minified += code.length;
      gzipped += gzipSync(code, { level: 9 }).length;
    }
    return { minified, gzipped };
  };
  const first = sizes(firstLoad);
  const lazy = sizes(Object.keys(outputs).filter((name) => !firstLoad.has(name) && name.endsWith('.js')));
  const inputs = Object.entries(Object.fromEntries([...firstLoad].flatMap((name) => Object.entries(outputs[name].inputs))))
    .map(([file, { bytesInOutput }]) => [file, bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return {
    minified: first.minified, gzipped: first.gzipped, inputs,
    figures: [
      { label: 'core entry first load, minified (esbuild, neutral, deps bundled, split)', value: kb(first.minified) },
      {
        label: 'core entry first load, minified + gzip -9 (per file)',
        value: `${kb(first.gzipped)} (${first.gzipped.toLocaleString('en-US')} B, ${firstLoad.size} files)`,
        target: '≤ 12 KB',
        pass: first.gzipped <= TARGET,
      },
      { label: 'loaded at first use (attachment helpers and network guard, reports, event-stream loop), minified + gzip -9 (info)', value: kb(lazy.gzipped) },
    ],
  };
}
