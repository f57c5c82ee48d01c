// 5b. Size of the core entry: esbuild bundle of dist/esm/src/index.js (eventsource-parser
// included), platform neutral, minified, then gzip -9 with node:zlib.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ESM_ENTRY } from './build.mjs';
import { kb } from './stats.mjs';

const TARGET = 12_000; // 12 KB, decimal

export async function benchSize() {
  const result = await build({
    entryPoints: [ESM_ENTRY],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const inputs = Object.entries(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]].inputs)
    .map(([file, { bytesInOutput }]) => [file, bytesInOutput])
    .sort((a, b) => b[1] - a[1]);
  return {
    minified: code.length, gzipped, inputs,
    figures: [
      { label: 'core entry, minified (esbuild, neutral, deps bundled)', value: kb(code.length) },
      { label: 'core entry, minified + gzip -9', value: `${kb(gzipped)} (${gzipped.toLocaleString('en-US')} B)`, target: '≤ 12 KB', pass: gzipped <= TARGET },
    ],
  };
}
