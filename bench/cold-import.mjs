// 5a. Cold import time: fresh `node` processes requiring the CJS build and import()ing the
// ESM build, minus a bare `node -e ""`; interleaved, median of each.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { CJS_ENTRY, ESM_ENTRY, ROOT } from './build.mjs';
import { median, ms } from './stats.mjs';

const RUNS = 15;

const SCRIPTS = {
  baseline: '',
  esmLoader: `import('data:text/javascript,').catch(() => process.exit(1))`,
  cjs: `require(${JSON.stringify(CJS_ENTRY)})`,
  esm: `import(${JSON.stringify(pathToFileURL(ESM_ENTRY).href)}).catch((e) => { console.error(e); process.exit(1); })`,
};

function time(script) {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const elapsed = performance.now() - t0;
  if (result.status !== 0) throw new Error(`node -e ${script} failed: ${result.stderr}`);
  return elapsed;
}

export async function benchColdImport() {
  const times = { baseline: [], esmLoader: [], cjs: [], esm: [] };
  for (const name of Object.keys(SCRIPTS)) time(SCRIPTS[name]); // warm the file cache
  for (let run = 0; run < RUNS; run++) {
    for (const name of Object.keys(SCRIPTS)) times[name].push(time(SCRIPTS[name]));
  }
  const baseline = median(times.baseline);
  const cjs = median(times.cjs) - baseline;
  const esm = median(times.esm) - baseline;
  return {
    baseline, cjs, esm,
    figures: [
      { label: `cold require() of dist/cjs (median of ${RUNS}, minus node -e "")`, value: ms(cjs), target: '≤ 50 ms', pass: cjs <= 50 },
      { label: 'cold import() of dist/esm (same)', value: ms(esm), target: '≤ 50 ms', pass: esm <= 50 },
      { label: 'node -e "" baseline (info)', value: ms(baseline) },
      { label: 'cold import() of dist/esm minus an empty import() (ESM loader start-up excluded; info)', value: ms(median(times.esm) - median(times.esmLoader)) },
    ],
  };
}
