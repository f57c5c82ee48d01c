// Builds dist/esm and dist/cjs with declarations (src/ and generated/ side by side in each).
// Each tree gets a package.json naming its module format, so Node and TypeScript read the
// .js and .d.ts files in it the right way.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
for (const project of ['tsconfig.build.json', 'tsconfig.cjs.json']) {
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', project], { stdio: 'inherit' });
}
for (const [dir, type] of [['dist/esm', 'module'], ['dist/cjs', 'commonjs']]) {
  writeFileSync(`${dir}/package.json`, JSON.stringify({ type }) + '\n');
}
if (!existsSync('dist/cjs/src/index.js')) throw new Error('build produced no dist/cjs/src/index.js');
