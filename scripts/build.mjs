// Builds dist/esm and dist/cjs. tsc emits only the declarations (src/ and generated/ side by side
// in each tree); esbuild then makes each entry point one file, since a cold `import` pays per
// module the loader resolves (43 modules cost ~30 ms more than one), plus, for the core ESM
// entry, the chunks of what it loads lazily. Each tree gets a
// package.json naming its module format, so Node and TypeScript read its files the right way.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const ENTRIES = [
  ['src/index.ts', 'neutral'],
  ['src/emulator/index.ts', 'node'],
  ['src/emulator/bin.ts', 'node'],
];

rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
}
for (const [dir, format, type] of [['dist/esm', 'esm', 'module'], ['dist/cjs', 'cjs', 'commonjs']]) {
  for (const [entry, platform] of ENTRIES) {
    // The core entry's ESM build is split: what Task loads at first use (the attachment
    // helpers) becomes a chunk of its own, so bundlers keep it out of an app's first load.
    const split = format === 'esm' && entry === 'src/index.ts';
    buildSync({
      entryPoints: [entry],
      ...(split
        ? { outdir: dir, outbase: '.', splitting: true, chunkNames: 'src/chunks/[name]-[hash]' }
        : { outfile: join(dir, entry.replace(/\.ts$/, '.js')) }),
      bundle: true,
      format,
      platform,
      target: 'node20',
      packages: 'external',
      mainFields: ['module', 'main'],
      logLevel: 'warning',
    });
  }
  pruneDeclarations(dir, ENTRIES.map(([entry]) => join(dir, entry.replace(/\.ts$/, '.d.ts'))));
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type }) + '\n');
}
if (!existsSync('dist/cjs/src/index.js')) throw new Error('build produced no dist/cjs/src/index.js');


/** Declarations no public one refers to describe internals: they are not shipped. */
function pruneDeclarations(dir, roots) {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file) || !existsSync(file)) return;
    reached.add(file);
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      visit(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
    }
  };
  roots.map((root) => resolve(root)).forEach(visit);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const file = resolve(entry.parentPath ?? entry.path, entry.name);
    if (entry.isFile() && file.endsWith('.d.ts') && !reached.has(file)) rmSync(file);
  }
}
