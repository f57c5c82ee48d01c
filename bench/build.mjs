// Builds dist/ with `node scripts/build.mjs` when it is missing or older than its sources.
// BENCH_DIST=<dir> measures another build instead (a dist/ layout: esm/src, cjs/src), unbuilt:
// used to try a candidate change on a copy of dist/ before it is made in src/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DIST = process.env.BENCH_DIST ? resolve(ROOT, process.env.BENCH_DIST) : join(ROOT, 'dist');
export const ESM_ENTRY = join(DIST, 'esm/src/index.js');
export const CJS_ENTRY = join(DIST, 'cjs/src/index.js');

const SOURCES = ['src', 'generated', 'scripts/build.mjs', 'tsconfig.json', 'tsconfig.build.json', 'tsconfig.cjs.json', 'package.json'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. */
export function staleness() {
  if (!existsSync(ESM_ENTRY) || !existsSync(CJS_ENTRY)) return 'dist/ is missing';
  const built = Math.min(statSync(ESM_ENTRY).mtimeMs, statSync(CJS_ENTRY).mtimeMs);
  const source = Math.max(...SOURCES.map((p) => join(ROOT, p)).filter(existsSync).map(newestMtime));
  return source > built ? 'sources are newer than dist/' : undefined;
}

export function ensureBuilt() {
  if (process.env.BENCH_DIST) {
    if (!existsSync(ESM_ENTRY)) throw new Error(`BENCH_DIST: no ${ESM_ENTRY}`);
    console.log(`measuring BENCH_DIST=${DIST} (not rebuilt)`);
    return false;
  }
  const why = staleness();
  if (!why) return false;
  console.log(`building (${why}): node scripts/build.mjs`);
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  return true;
}
