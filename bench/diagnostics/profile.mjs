// Profiles the SDK side of a benchmark with --cpu-prof and prints self and inclusive time
// per function (top entries). `node bench/diagnostics/profile.mjs overhead|stream|raw|require|import [top]`
// The .cpuprofile stays in bench/.out/prof/ for Chrome DevTools.
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, ensureBuilt } from '../build.mjs';
import { forkServer } from '../child.mjs';

const [what = 'overhead', topArg = '25'] = process.argv.slice(2);
const top = Number(topArg);
ensureBuilt();
const dir = join(ROOT, 'bench/.out/prof', what);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const server = await forkServer({ eventCount: 100_000, sseMode: 'bulk' });
try {
  const child = fork(fileURLToPath(new URL('./profile-driver.mjs', import.meta.url)), [what, server.url, server.bulkPath], {
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100'],
  });
  await new Promise((resolve) => child.once('exit', resolve));
} finally {
  await server.stop();
}
const file = join(dir, readdirSync(dir).find((f) => f.endsWith('.cpuprofile')));
const profile = JSON.parse(readFileSync(file, 'utf8'));

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const selfCount = new Map();
for (const id of profile.samples) selfCount.set(id, (selfCount.get(id) ?? 0) + 1);
const key = (n) => {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url ? `${url.replace(/^file:\/\//, '').replace(ROOT, '')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
};
const self = new Map();
const inclusive = new Map();
for (const [id, count] of selfCount) {
  const node = byId.get(id);
  self.set(key(node), (self.get(key(node)) ?? 0) + count);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    inclusive.set(k, (inclusive.get(k) ?? 0) + count);
  }
}
const total = profile.samples.length;
const idle = self.get('(idle)') ?? 0;
const show = (title, map) => {
  console.log(`\n${title} (% of ${total - idle} busy samples)`);
  for (const [k, v] of [...map].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * v) / (total - idle)).toFixed(1).padStart(6)}%  ${k}`);
  }
};
console.log(`profile: ${file}`);
show('self time', self);
show('inclusive time', inclusive);
