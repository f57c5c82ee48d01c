#!/usr/bin/env node
// The package as users get it: builds, packs, checks what the tarball holds, lints it with
// publint and arethetypeswrong, then installs it into fresh consumer projects (ESM, CommonJS,
// TypeScript node16, TypeScript bundler) that each run a real round trip against the emulator.
// Prints one PASS/FAIL line per check and exits non-zero if any failed.
//
//   node scripts/pack-test.mjs [--keep] [--list] [--in-place]
//     --keep      keep the temporary directory (printed) for inspection
//     --list      print every file of the tarball, not only a per-directory summary
//     --in-place  build and pack in the repo itself (rewrites dist/) instead of in a copy
//
// By default the working tree (less node_modules, dist, .git) is copied to a temporary
// directory and `node scripts/build.mjs` and `npm pack` run there, so a build or test running
// at the same time in the repo cannot remove dist/ under this one, and dist/ is left alone.
//
// Needs the npm registry (consumers install the tarball and its dependencies). TypeScript is
// not installed in the consumers: they use this repo's node_modules/typescript and @types/node.
import { spawn } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'scripts', 'pack-fixtures');
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const ATTW = join(ROOT, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
const TYPE_ROOTS = join(ROOT, 'node_modules', '@types');
const argv = new Set(process.argv.slice(2));
for (const arg of argv) {
  if (!['--keep', '--list', '--in-place'].includes(arg)) {
    console.error(`pack-test: unknown option ${arg}\nusage: node scripts/pack-test.mjs [--keep] [--list] [--in-place]`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------
// Reporting

const results = [];

/** One check: a PASS or FAIL line, with indented details under a failure (or under a pass, when given). */
function check(name, ok, details = [], summary = '') {
  results.push({ name, ok });
  console.log(`${ok ? 'PASS' : 'FAIL'} ${name}${summary ? ` — ${summary}` : ''}`);
  const lines = [].concat(details).flatMap((d) => String(d).split('\n')).filter((line) => line.trim() !== '');
  const shown = lines.length > 45 ? [...lines.slice(0, 40), `… and ${lines.length - 40} more`] : lines;
  for (const line of shown) console.log(`     ${line}`);
  return ok;
}

/** Information that is not a check (sizes, lists, notes on non-gating findings). */
function info(line) {
  console.log(`INFO ${line}`);
}

function tail(text, lines = 40) {
  const all = String(text ?? '').trimEnd().split('\n');
  return (all.length > lines ? [`… (${all.length - lines} lines above)`, ...all.slice(-lines)] : all).join('\n');
}

function kb(bytes) {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

// ---------------------------------------------------------------------------------------------
// Processes

/** The environment for child npm/node processes, without the variables `npm run` adds for this package. */
function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|config_(local_)?prefix$)/i.test(key) || key === 'INIT_CWD') delete env[key];
  }
  return env;
}

/**
 * Runs a command; resolves with its exit code and output (never rejects). With `stdoutFile`,
 * stdout goes to that file (attw's JSON is cut short when written to a pipe).
 */
function run(command, args, { cwd = ROOT, timeout = 120_000, env = childEnv(), stdoutFile } = {}) {
  return new Promise((resolvePromise) => {
    const fd = stdoutFile ? openSync(stdoutFile, 'w') : undefined;
    let stdout = '';
    let stderr = '';
    let child;
    try {
      child = spawn(command, args, { cwd, env, stdio: ['ignore', fd ?? 'pipe', 'pipe'], timeout, killSignal: 'SIGKILL' });
    } catch (error) {
      if (fd !== undefined) closeSync(fd);
      resolvePromise({ code: -1, stdout, stderr: String(error), output: String(error) });
      return;
    }
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (error) => (stderr += `\n${error.message}`));
    child.on('close', (code, signal) => {
      if (fd !== undefined) closeSync(fd);
      if (signal) stderr += `\n(killed by ${signal}${signal === 'SIGKILL' ? `, probably the ${timeout / 1000}s timeout` : ''})`;
      resolvePromise({ code: code ?? -1, stdout, stderr, output: `${stdout}\n${stderr}`.trim() });
    });
  });
}

const node = (args, options) => run(process.execPath, args, options);
const npm = (args, options) => run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, options);

// ---------------------------------------------------------------------------------------------
// Tarball contents

function walk(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full, base));
    else out.push(relative(base, full).split(sep).join('/'));
  }
  return out.sort();
}

/** Relative specifiers of a JS or declaration file: imports, re-exports, require(), import(), reference paths. */
function relativeSpecifiers(text) {
  const found = new Set();
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*(['"])(\.{1,2}\/[^'"]*)\1/g,
    /\bimport\s*(['"])(\.{1,2}\/[^'"]*)\1/g,
    /\b(?:import|require)\s*\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*\)/g,
    /\/\/\/\s*<reference\s+path\s*=\s*(['"])([^'"]*)\1/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.add(match[2]);
  return [...found];
}

/** The files a specifier may name, as Node, TypeScript or a bundler would try them. */
function candidates(fromFile, specifier, declarations) {
  const target = posix.normalize(posix.join(posix.dirname(fromFile), specifier));
  if (!declarations) return [target, `${target}.js`, `${target}.cjs`, `${target}.mjs`, `${target}/index.js`];
  const stem = target.replace(/\.(m|c)?js$/, '');
  const ext = /\.mjs$/.test(target) ? '.d.mts' : /\.cjs$/.test(target) ? '.d.cts' : '.d.ts';
  return [`${stem}${ext}`, target, `${target}.d.ts`, `${target}/index.d.ts`];
}

/** Every file reachable from the given entry files by relative imports; missing targets reported. */
function reachable(files, entries, declarations) {
  const seen = new Set();
  const missing = [];
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file) || !files.has(file)) continue;
    seen.add(file);
    if (!/\.(c|m)?js$|\.d\.(c|m)?ts$/.test(file)) continue;
    const text = readFileSync(files.get(file), 'utf8');
    for (const specifier of relativeSpecifiers(text)) {
      const hit = candidates(file, specifier, declarations).find((c) => files.has(c));
      if (hit) queue.push(hit);
      else missing.push(`${file} → ${specifier}`);
    }
  }
  return { seen, missing };
}

/** Leaf targets of `exports` split into runtime files and declaration files (by the `types` condition). */
function splitExportTargets(value, types = false, out = { js: [], dts: [] }) {
  if (typeof value === 'string') (types || /\.d\.(c|m)?ts$/.test(value) ? out.dts : out.js).push(value);
  else if (Array.isArray(value)) value.forEach((v) => splitExportTargets(v, types, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) splitExportTargets(v, types || key === 'types', out);
  }
  return out;
}

const strip = (p) => p.replace(/^\.\//, '');

/** A copy of the working tree to build and pack in, with the repo's node_modules linked in. */
function stage(tmp) {
  const dir = join(tmp, 'stage');
  const skip = /^(node_modules|dist|\.git|coverage|docs\/api|\.tmp)(\/|$)|\.tgz$/;
  cpSync(ROOT, dir, { recursive: true, filter: (src) => !skip.test(relative(ROOT, src).split(sep).join('/')) });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'junction');
  return dir;
}

function checkContents(pkgDir, pkg, projectDir) {
  const list = walk(pkgDir);
  const files = new Map(list.map((f) => [f, join(pkgDir, f)]));

  // Only what users need: dist/, package.json, README, LICENSE.
  const allowed = (f) => f === 'package.json' || /^readme(\.md)?$/i.test(f) || /^licen[cs]e(\.\w+)?$/i.test(f) || f.startsWith('dist/');
  const stray = list.filter((f) => !allowed(f));
  check('tarball: only dist/, package.json, README, LICENSE', stray.length === 0, stray.map((f) => `unexpected: ${f}`));

  // No sources, tests, specs or build leftovers, wherever they sit.
  const leftovers = list.filter(
    (f) =>
      (/\.(c|m)?ts$/.test(f) && !/\.d\.(c|m)?ts$/.test(f)) ||
      /\.tsx$/.test(f) ||
      /\.tsbuildinfo$/.test(f) ||
      /(^|\/)(test|tests|__tests__|__mocks__|coverage|node_modules|\.ci|scripts|bench)\//.test(f) ||
      /\.(test|spec)\.[cm]?[jt]s$/.test(f) ||
      /^(src|generated|openapi|docs)\//.test(f) ||
      /\.(ya?ml|tgz|log)$/.test(f) ||
      /(^|\/)(tsconfig[^/]*\.json|jest\.config\.[cm]?js|openapi-ts\.config\.ts|\.env[^/]*|\.npmrc|\.gitignore)$/.test(f),
  );
  check('tarball: no TS sources, tests, openapi/, generated/ sources, .tsbuildinfo, configs', leftovers.length === 0, leftovers);

  // README and LICENSE.
  const readme = list.find((f) => /^readme(\.md)?$/i.test(f));
  check('tarball: README.md shipped', Boolean(readme), readme ? [] : [
    existsSync(join(projectDir, 'README.md')) ? 'README.md exists in the repo but is not in the tarball' : 'the repo has no README.md (package.json "files" lists it): the npm page would be empty',
  ]);
  const repoLicense = readdirSync(projectDir).find((f) => /^licen[cs]e(\.\w+)?$/i.test(f));
  const shippedLicense = list.find((f) => /^licen[cs]e(\.\w+)?$/i.test(f));
  if (repoLicense) check('tarball: LICENSE shipped', Boolean(shippedLicense), shippedLicense ? [] : [`${repoLicense} is in the repo but not in the tarball`]);
  else info(`no LICENSE file in the repo (package.json says "license": ${JSON.stringify(pkg.license)}; MIT asks for its text to ship with copies)`);

  // What publint (targets of main/module/types/exports/bin exist, module formats match their
  // files) and attw (types resolve in every mode) check is left to them; what follows they
  // do not look at.
  const binEntries = typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : pkg.bin ?? {};

  // Nothing unreachable: every file is loaded or type-checked from an export, main/module/types or a bin.
  const targets = splitExportTargets(pkg.exports ?? {});
  const jsEntries = [...targets.js, pkg.main, pkg.module, ...Object.values(binEntries)].filter(Boolean).map((t) => posix.normalize(strip(t)));
  const dtsEntries = [...targets.dts, pkg.types, pkg.typings].filter(Boolean).map((t) => posix.normalize(strip(t)));
  const js = reachable(files, jsEntries, false);
  const dts = reachable(files, dtsEntries, true);
  const used = new Set([...js.seen, ...dts.seen, 'package.json']);
  // tsc emits a declaration next to every module: x.js and x.d.ts count as one (internal
  // modules' declarations, and the empty .js of type-only modules, are ordinary output).
  const sibling = (f) => (/\.d\.ts$/.test(f) ? f.replace(/\.d\.ts$/, '.js') : f.replace(/\.js$/, '.d.ts'));
  for (const f of [...used]) if (files.has(sibling(f))) used.add(sibling(f));
  for (const f of list) {
    if (/^readme|^licen[cs]e|^changelog/i.test(f)) used.add(f);
    // A dist package.json marks the module format of the files below it.
    if (f.endsWith('/package.json') && [...used].some((u) => u.startsWith(f.slice(0, -'package.json'.length)))) used.add(f);
  }
  const unused = list.filter((f) => !used.has(f));
  const unusedBytes = unused.reduce((n, f) => n + statSync(files.get(f)).size, 0);
  check(
    'tarball: every module is reachable from exports/main/types/bin',
    unused.length === 0,
    unused.length ? [`${unused.length} files, ${kb(unusedBytes)} unpacked, that no entry point loads:`, ...unused] : [],
    `${js.seen.size} runtime + ${dts.seen.size} declaration files reachable`,
  );
  const broken = [...js.missing, ...dts.missing.filter((m) => !/\.json$/.test(m))];
  check('tarball: every relative import in dist/ resolves to a shipped file', broken.length === 0, broken);
}

function printList(list, pkgDir) {
  const byDir = new Map();
  for (const f of list) {
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/') + 1) : './';
    const entry = byDir.get(dir) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += statSync(join(pkgDir, f)).size;
    byDir.set(dir, entry);
  }
  if (argv.has('--list')) for (const f of list) info(`  ${f}  (${statSync(join(pkgDir, f)).size} B)`);
  else for (const [dir, { count, bytes }] of byDir) info(`  ${dir.padEnd(36)} ${String(count).padStart(3)} files ${kb(bytes).padStart(9)}`);
}

// ---------------------------------------------------------------------------------------------
// Linters

async function runPublint(tarball) {
  let publint;
  let formatMessage;
  try {
    ({ publint } = await import('publint'));
    ({ formatMessage } = await import('publint/utils'));
  } catch (error) {
    check('publint', false, [`cannot load publint from node_modules: ${error.message}`]);
    return;
  }
  const data = readFileSync(tarball);
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: buffer }, level: 'suggestion', strict: true });
  const line = (m) => `${m.type}: ${(formatMessage(m, pkg) ?? m.code).replace(/\x1b\[[0-9;]*m/g, '')}`;
  const gating = messages.filter((m) => m.type !== 'suggestion');
  check('publint (strict)', gating.length === 0, gating.map(line), gating.length ? '' : `${messages.length} suggestion(s)`);
  for (const m of messages.filter((x) => x.type === 'suggestion')) info(`publint ${line(m)}`);
}

const RESOLUTION_LABEL = {
  node10: 'node10',
  'node16-cjs': 'node16 (from CJS)',
  'node16-esm': 'node16 (from ESM)',
  bundler: 'bundler',
};

async function runAttw(tmp, tarball) {
  if (!existsSync(ATTW)) {
    check('arethetypeswrong', false, [`${relative(ROOT, ATTW)} not found: run npm install`]);
    return;
  }
  const out = join(tmp, 'attw.json');
  // The strict profile reports everything; node10 findings are reported below but do not fail.
  const result = await node([ATTW, tarball, '--format', 'json', '--profile', 'strict', '--no-color'], { stdoutFile: out, timeout: 180_000 });
  let report;
  try {
    report = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    check('arethetypeswrong', false, [`attw exited ${result.code} without a JSON report`, tail(result.output)]);
    return;
  }
  const problems = report.analysis?.problems ?? [];
  const entrypoints = Object.keys(report.analysis?.entrypoints ?? {});
  const describe = (p) => `${p.kind} at "${p.entrypoint ?? '?'}"${p.fileName ? ` (${p.fileName})` : ''}`;
  const kindOf = (p) => p.resolutionKind ?? (p.resolutionOption === 'node16' ? 'node16-esm' : p.resolutionOption);
  for (const kind of ['node16-cjs', 'node16-esm', 'bundler']) {
    const mine = problems.filter((p) => kindOf(p) === kind || (kind === 'node16-cjs' && p.resolutionOption === 'node16'));
    check(`attw ${RESOLUTION_LABEL[kind]}`, mine.length === 0, mine.map(describe), mine.length ? '' : `entrypoints ${entrypoints.join(', ')}`);
  }
  const other = problems.filter((p) => !['node16-cjs', 'node16-esm', 'bundler', 'node10'].includes(kindOf(p)) && p.resolutionOption !== 'node16');
  if (other.length) check('attw (resolution-independent problems)', false, other.map(describe));
  const legacy = problems.filter((p) => kindOf(p) === 'node10');
  if (legacy.length) info(`attw node10 (moduleResolution "node"/"node10", not gating): ${legacy.map(describe).join('; ')}`);
  else info('attw node10: no problems');
}

// ---------------------------------------------------------------------------------------------
// Consumers

function writeFiles(dir, files) {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  }
}

const fixture = (name) => readFileSync(join(FIXTURES, name), 'utf8');

/** The consumer projects: name → files. Sources are in scripts/pack-fixtures/. */
function consumers() {
  const strictTs = { strict: true, skipLibCheck: false, forceConsistentCasingInFileNames: true, target: 'ES2022' };
  return {
    esm: { 'package.json': { name: 'consumer-esm', private: true, type: 'module' }, 'app.mjs': fixture('app.mjs') },
    cjs: { 'package.json': { name: 'consumer-cjs', private: true }, 'app.cjs': fixture('app.cjs') },
    'ts-node16': {
      'package.json': { name: 'consumer-ts-node16', private: true },
      'esm.mts': fixture('esm.mts'),
      'cjs.cts': fixture('cjs.cts'),
      'tsconfig.json': {
        compilerOptions: {
          ...strictTs,
          module: 'node16',
          moduleResolution: 'node16',
          lib: ['ES2022'],
          types: ['node'],
          typeRoots: [TYPE_ROOTS],
          outDir: 'out',
          rootDir: '.',
        },
        files: ['esm.mts', 'cjs.cts'],
      },
    },
    'ts-bundler': {
      'package.json': { name: 'consumer-ts-bundler', private: true, type: 'module' },
      'app.ts': fixture('bundler.ts'),
      'tsconfig.json': {
        compilerOptions: {
          ...strictTs,
          module: 'esnext',
          moduleResolution: 'bundler',
          // A browser-style project: DOM types, no @types/node. The core and emulator
          // declarations must not need Node's types.
          lib: ['ES2022', 'DOM', 'DOM.Iterable'],
          types: [],
          noEmit: true,
        },
        files: ['app.ts'],
      },
    },
  };
}

async function runConsumers(tmp, tarball) {
  const projects = consumers();
  const dirs = Object.fromEntries(Object.keys(projects).map((name) => [name, join(tmp, 'consumers', name)]));
  for (const [name, files] of Object.entries(projects)) writeFiles(dirs[name], files);

  // Installs run side by side; each project gets the tarball and its dependencies from the registry.
  const installs = await Promise.all(
    Object.entries(dirs).map(async ([name, dir]) => [
      name,
      await npm(['install', tarball, '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], { cwd: dir, timeout: 300_000 }),
    ]),
  );
  const installed = new Set();
  for (const [name, result] of installs) {
    if (check(`consumer ${name}: npm install <tarball>`, result.code === 0, result.code === 0 ? [] : [tail(result.output)])) installed.add(name);
  }

  const step = async (label, project, command, args, timeout = 60_000) => {
    if (!installed.has(project)) return check(label, false, ['skipped: install failed']);
    const result = await run(command, args, { cwd: dirs[project], timeout });
    const last = result.stdout.trim().split('\n').filter(Boolean).at(-1) ?? '';
    return check(label, result.code === 0, result.code === 0 ? [] : [`exit ${result.code}`, tail(result.output)], result.code === 0 ? last : '');
  };
  const tsc = (args) => [process.execPath, [TSC, '-p', 'tsconfig.json', ...args]];

  await Promise.all([
    step('consumer (a) ESM .mjs: import, emulator round trip', 'esm', process.execPath, ['app.mjs']),
    step('consumer (b) CommonJS .cjs: require, emulator round trip', 'cjs', process.execPath, ['app.cjs']),
    step('bin xpander-tasks-emulator --help (installed, executable)', 'esm', join(dirs.esm, 'node_modules', '.bin', process.platform === 'win32' ? 'xpander-tasks-emulator.cmd' : 'xpander-tasks-emulator'), ['--help']),
  ]);

  const [node16Check, bundlerCheck] = await Promise.all([
    step('consumer (c) TS node16: tsc --noEmit (.mts + .cts, skipLibCheck off)', 'ts-node16', ...tsc(['--noEmit']), 180_000),
    step('consumer (d) TS bundler: tsc --noEmit (DOM lib, no @types/node, skipLibCheck off)', 'ts-bundler', ...tsc([]), 180_000),
  ]);

  if (node16Check) {
    const emitted = await step('consumer (c) TS node16: tsc emit', 'ts-node16', ...tsc([]), 180_000);
    if (emitted) {
      await Promise.all([
        step('consumer (c) TS node16: run ESM output (esm.mjs)', 'ts-node16', process.execPath, ['out/esm.mjs']),
        step('consumer (c) TS node16: run CJS output (cjs.cjs)', 'ts-node16', process.execPath, ['out/cjs.cjs']),
      ]);
    }
  } else check('consumer (c) TS node16: run', false, ['skipped: the type check failed']);

  if (bundlerCheck) {
    // What a bundler does with the package: resolve through "exports", bundle, run.
    let esbuild;
    try {
      esbuild = await import('esbuild');
    } catch (error) {
      check('consumer (d) TS bundler: esbuild bundle', false, [`cannot load esbuild: ${error.message}`]);
      return;
    }
    const dir = dirs['ts-bundler'];
    try {
      await esbuild.build({
        absWorkingDir: dir,
        entryPoints: ['app.ts'],
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        outfile: 'out/app.mjs',
        logLevel: 'silent',
      });
      check('consumer (d) TS bundler: esbuild bundle', true);
      await step('consumer (d) TS bundler: run the bundle', 'ts-bundler', process.execPath, ['out/app.mjs']);
    } catch (error) {
      check('consumer (d) TS bundler: esbuild bundle', false, [(error.errors ?? []).map((e) => e.text).join('\n') || error.message]);
    }
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const tmp = mkdtempSync(join(tmpdir(), 'xpander-pack-'));
  const cleanup = () => {
    if (argv.has('--keep')) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]]) {
    process.once(signal, () => {
      cleanup();
      process.exit(code);
    });
  }
  try {
    const project = argv.has('--in-place') ? ROOT : stage(tmp);
    const build = await node(['scripts/build.mjs'], { cwd: project, timeout: 300_000 });
    if (!check('build (node scripts/build.mjs)', build.code === 0, build.code === 0 ? [] : [tail(build.output)])) return;

    // Scripts are skipped: the build just ran (prepack would run it again).
    const pack = await npm(['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], { cwd: project, timeout: 120_000 });
    let packed;
    try {
      [packed] = JSON.parse(pack.stdout);
    } catch {
      /* reported below */
    }
    if (!check('npm pack', pack.code === 0 && Boolean(packed), pack.code === 0 && packed ? [] : [tail(pack.output)])) return;
    const tarball = join(tmp, packed.filename);
    info(`tarball ${packed.filename}: ${kb(statSync(tarball).size)} packed, ${kb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);

    const extracted = join(tmp, 'extracted');
    mkdirSync(extracted);
    const untar = await run('tar', ['-xzf', tarball, '-C', extracted]);
    if (!check('tarball extracts', untar.code === 0, untar.code === 0 ? [] : [tail(untar.output)])) return;
    const pkgDir = join(extracted, 'package');
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    printList(walk(pkgDir), pkgDir);
    checkContents(pkgDir, pkg, project);

    await runPublint(tarball);
    await runAttw(tmp, tarball);
    await runConsumers(tmp, tarball);
  } finally {
    cleanup();
  }
}

main()
  .catch((error) => check('pack-test ran to the end', false, [error?.stack ?? String(error)]))
  .finally(() => {
    const failed = results.filter((r) => !r.ok);
    console.log(`\npack-test: ${results.length - failed.length} passed, ${failed.length} failed`);
    process.exitCode = failed.length === 0 ? 0 : 1;
  });
