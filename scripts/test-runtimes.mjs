#!/usr/bin/env node
// `npm run test:runtimes`: the packed SDK on every runtime the README names, against the emulator.
// Packs the project, installs the tarball into a fresh consumer project, and runs one flow
// (runtimes/flow.mjs) on Node (this one, 20.19.0, 22, 24; ESM and CommonJS), Bun, Deno (with
// --allow-net only), Cloudflare workerd (miniflare, no nodejs_compat), Vercel's edge-runtime and
// headless Chromium (same-origin and cross-origin to the emulator, plus a page following a relay).
// The runtimes are pinned in runtimes/package.json and installed apart from the project. Prints
// one PASS/FAIL line per step and runtime, then `N passed, M failed`; exits non-zero on a failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RUNTIMES = join(ROOT, 'runtimes');
const BIN = {
  'node 20.19.0': join(RUNTIMES, 'node_modules/node-20-19/bin/node'),
  'node 22': join(RUNTIMES, 'node_modules/node-22/bin/node'),
  'node 24': join(RUNTIMES, 'node_modules/node-24/bin/node'),
  bun: join(RUNTIMES, 'node_modules/@oven/bun-linux-x64/bin/bun'),
  deno: join(RUNTIMES, 'node_modules/@deno/linux-x64-glibc/deno'),
};
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const keep = process.argv.includes('--keep');

let passed = 0;
let failed = 0;
function report(runtime, results) {
  for (const { step, ok, detail } of results) {
    if (ok) passed++;
    else failed++;
    console.log(`${ok ? 'PASS' : 'FAIL'} ${runtime}: ${step}${detail ? ` (${detail})` : ''}`);
  }
}

function run(command, args, { cwd = ROOT, timeout = 180_000, env = process.env } = {}) {
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolvePromise({ code: -1, out, err: String(error) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, out, err });
    });
  });
}

/** The results a runner printed as its last line, or one failed step that says what went wrong. */
function resultsOf({ code, out, err }) {
  const last = out.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last);
  } catch {
    return [{ step: 'run the flow', ok: false, detail: `exit ${code}: ${(err || out).trim().split('\n').slice(-4).join(' | ')}` }];
  }
}

async function setup() {
  if (!existsSync(join(RUNTIMES, 'node_modules')) || process.env.CI) {
    const install = await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: RUNTIMES, timeout: 600_000 });
    if (install.code !== 0) throw new Error(`npm ci in runtimes/ failed:\n${install.err || install.out}`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'xpander-runtimes-'));
  const pack = await run('npm', ['pack', '--pack-destination', tmp, '--silent'], { timeout: 300_000 });
  if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.err || pack.out}`);
  const tarball = join(tmp, pack.out.trim().split('\n').at(-1));
  const consumer = join(tmp, 'consumer');
  await run('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'runtimes-consumer', private: true, type: 'module' }));
  const install = await run('npm', ['install', '--no-audit', '--no-fund', tarball], { cwd: consumer, timeout: 300_000 });
  if (install.code !== 0) throw new Error(`npm install <tarball> failed:\n${install.err || install.out}`);
  copyFileSync(join(RUNTIMES, 'flow.mjs'), join(consumer, 'flow.mjs'));
  const envOf = "globalThis.Deno ? Deno.args[0] : process.argv[2]";
  writeFileSync(join(consumer, 'runner.mjs'), `import * as sdk from 'xpander-tasks';\nimport { runFlow } from './flow.mjs';\nconsole.log(JSON.stringify(await runFlow(sdk, JSON.parse(${envOf}))));\n`);
  writeFileSync(join(consumer, 'runner.cjs'), `const sdk = require('xpander-tasks');\nimport('./flow.mjs').then(({ runFlow }) => runFlow(sdk, JSON.parse(process.argv[2]))).then((r) => console.log(JSON.stringify(r)));\n`);
  writeFileSync(join(consumer, 'worker.mjs'), `import * as sdk from 'xpander-tasks';\nimport { runFlow } from './flow.mjs';\nexport default { async fetch(request) { return Response.json(await runFlow(sdk, JSON.parse(new URL(request.url).searchParams.get('env')))); } };\n`);
  writeFileSync(join(consumer, 'edge.mjs'), `import * as sdk from 'xpander-tasks';\nimport { runFlow } from './flow.mjs';\nglobalThis.__runFlow = async (env) => JSON.stringify(await runFlow(sdk, env));\n`);
  writeFileSync(join(consumer, 'browser.mjs'), `import * as sdk from 'xpander-tasks';\nimport { runFlow } from './flow.mjs';\nwindow.runFlow = (env) => runFlow(sdk, env);\nwindow.followRelay = sdk.followRelay;\n`);
  return { tmp, consumer };
}

/** One bundle of the consumer's SDK and flow, as a worker or a page gets it: no Node built-in. */
async function bundle(consumer, entry, format, conditions) {
  const esbuild = createRequire(join(ROOT, 'package.json'))('esbuild');
  const result = await esbuild.build({
    absWorkingDir: consumer, entryPoints: [entry], bundle: true, write: false, format, platform: 'browser',
    conditions, target: 'es2022', logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** The helper site: the attachment, the page, a same-origin proxy to the emulator, a redirect and a relay route. */
async function startSite(emulator, consumer, pageBundle, relaySdk) {
  const emulatorUrl = new URL(emulator.url);
  const relayTasks = new relaySdk.Tasks(new relaySdk.Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id }));
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://site');
    if (url.pathname === '/file.csv') return res.writeHead(200, { 'content-type': 'text/csv', 'access-control-allow-origin': '*' }).end('a,b\n1,2\n');
    if (url.pathname === '/page.html') return res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/bundle.js"></script>');
    if (url.pathname === '/bundle.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageBundle);
    if (url.pathname.startsWith('/r/')) return res.writeHead(307, { location: `/api/${url.pathname.slice(3)}${url.search}` }).end();
    if (url.pathname === '/relay') {
      const response = relaySdk.toSSEResponse((resume) => relayTasks.events(url.searchParams.get('task'), resume), {
        request: new Request('http://site/relay', { headers: req.headers['last-event-id'] ? { 'last-event-id': req.headers['last-event-id'] } : {} }),
      });
      res.writeHead(200, Object.fromEntries(response.headers));
      return Readable.fromWeb(response.body).pipe(res);
    }
    if (url.pathname.startsWith('/api/')) {
      const upstream = httpRequest({ host: emulatorUrl.hostname, port: emulatorUrl.port, method: req.method, path: `${url.pathname.slice(4)}${url.search}`, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
      res.on('close', () => upstream.destroy());
      return undefined;
    }
    res.writeHead(404).end();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

async function main() {
  const trace = (s) => process.env.RUNTIMES_TRACE && console.error(`[trace] ${s}`);
  const started = Date.now();
  const { tmp, consumer } = await setup();
  trace(`consumer ${consumer}`);
  const need = createRequire(join(consumer, 'package.json'));
  // Resolved as require() does, so the CommonJS build: its exports may sit on `default`.
  const load = async (specifier) => {
    const mod = await import(pathToFileURL(need.resolve(specifier)).href);
    return mod.default ?? mod;
  };
  const { startEmulator } = await load('xpander-tasks/emulator');
  const relaySdk = await load('xpander-tasks');
  const emulator = await startEmulator({ stepMs: 5, agents: { 'agent-runtimes': 'happy', 'agent-long': 'long' } });
  let site;
  try {
    const pageBundle = await bundle(consumer, './browser.mjs', 'esm', ['browser']);
    site = await startSite(emulator, consumer, pageBundle, relaySdk);
    trace(`site ${site.url}`);
    const env = {
      baseUrl: emulator.url, apiKey: emulator.api_key, organizationId: emulator.organization_id,
      fileUrl: `${site.url}/file.csv`, redirectBaseUrl: `${site.url}/r`,
    };
    const json = JSON.stringify(env);
    report(`node ${process.versions.node} ESM`, resultsOf(await run(process.execPath, ['runner.mjs', json], { cwd: consumer })));
    report(`node ${process.versions.node} CommonJS`, resultsOf(await run(process.execPath, ['runner.cjs', json], { cwd: consumer })));
    for (const name of ['node 20.19.0', 'node 22', 'node 24']) {
      report(`${name} ESM`, resultsOf(await run(BIN[name], ['runner.mjs', json], { cwd: consumer })));
      report(`${name} CommonJS`, resultsOf(await run(BIN[name], ['runner.cjs', json], { cwd: consumer })));
    }
    report('bun', resultsOf(await run(BIN.bun, ['runner.mjs', json], { cwd: consumer })));
    report('deno --allow-net', resultsOf(await run(BIN.deno, ['run', '--allow-net', 'runner.mjs', json], { cwd: consumer, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } })));
    report('workerd (miniflare, no nodejs_compat)', await inWorkerd(consumer, json));
    report('edge-runtime', await inEdgeRuntime(consumer, env));
    await inChromium(site, env, relaySdk, emulator);
  } finally {
    await site?.close();
    await emulator.close();
    if (!keep) rmSync(tmp, { recursive: true, force: true });
    else console.log(`kept ${tmp}`);
  }
  console.log(`\n${passed} passed, ${failed} failed (${Math.round((Date.now() - started) / 1000)} s)`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

async function inWorkerd(consumer, json) {
  try {
    const script = await bundle(consumer, './worker.mjs', 'esm', ['workerd', 'worker', 'browser']);
    const { Miniflare } = createRequire(join(RUNTIMES, 'package.json'))('miniflare');
    const mf = new Miniflare({ modules: true, script, compatibilityDate: '2025-09-01' });
    try {
      const response = await mf.dispatchFetch(`http://worker/?env=${encodeURIComponent(json)}`);
      const text = await response.text();
      try {
        return JSON.parse(text);
      } catch {
        return [{ step: 'run the flow', ok: false, detail: `${response.status}: ${text.slice(0, 300)}` }];
      }
    } finally {
      await mf.dispose();
    }
  } catch (error) {
    return [{ step: 'run the flow', ok: false, detail: String(error) }];
  }
}

async function inEdgeRuntime(consumer, env) {
  try {
    const code = await bundle(consumer, './edge.mjs', 'iife', ['edge-light', 'worker', 'browser']);
    const { EdgeRuntime } = createRequire(join(RUNTIMES, 'package.json'))('edge-runtime');
    const runtime = new EdgeRuntime({ initialCode: code });
    return JSON.parse(await runtime.evaluate(`__runFlow(${JSON.stringify(env)})`));
  } catch (error) {
    return [{ step: 'run the flow', ok: false, detail: String(error) }];
  }
}

async function inChromium(site, env, relaySdk, emulator) {
  const name = 'chromium';
  if (!existsSync(CHROMIUM)) return report(name, [{ step: 'start', ok: false, detail: `${CHROMIUM} not found (apt-get install chromium)` }]);
  const { chromium } = createRequire(join(RUNTIMES, 'package.json'))('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${site.url}/page.html`);
    await page.waitForFunction(() => typeof window.runFlow === 'function', null, { timeout: 30_000 });
    const browserEnv = { ...env, browser: true };
    report(`${name} same-origin`, await page.evaluate((e) => window.runFlow(e), { ...browserEnv, baseUrl: `${site.url}/api` }));
    report(`${name} cross-origin (CORS)`, await page.evaluate((e) => window.runFlow(e), browserEnv));
    // A page following a relay route of a server (this script, with the packed SDK).
    const tasks = new relaySdk.Tasks(new relaySdk.Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id }));
    const done = await tasks.run({ agent_id: 'agent-runtimes', prompt: 'relay', events_streaming: true });
    const types = await page.evaluate(async (url) => {
      const seen = [];
      for await (const event of window.followRelay(url)) seen.push(event.type);
      return seen;
    }, `${site.url}/relay?task=${done.id}`);
    report(name, [{ step: 'a page follows a relay route (followRelay)', ok: types.at(-1) === 'task_finished', detail: `${types.length} events` }]);
    if (errors.length) report(name, [{ step: 'no page error', ok: false, detail: errors.join(' | ') }]);
  } catch (error) {
    report(name, [{ step: 'run the flow', ok: false, detail: String(error) }]);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
