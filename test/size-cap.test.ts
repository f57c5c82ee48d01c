// REST answers are read under a byte cap counted after decompression; error bodies are quoted,
// never read whole. Memory stays bounded whatever the server sends.
import { createGzip } from 'node:zlib';
import { ModuleException, Tasks } from '../src';
import { BOTH_PATHS, configurationFor, failureOf } from './helpers/both-paths';
import { taskFixture } from './helpers/fixtures';
import { httpServer, type HttpServer } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** 1 GiB of zeros, gzipped (about 1 MB), made without ever holding the gigabyte. */
async function gzipBomb(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < 1024; i++) if (!gzip.write(zeros)) await new Promise((resolve) => gzip.once('drain', resolve));
  gzip.end();
  await ended;
  return Buffer.concat(out);
}

/** The highest RSS seen while `promise` runs, sampled every few milliseconds. */
async function peakRssDuring<T>(promise: Promise<T>): Promise<{ result: T; peak: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  try {
    return { result: await promise, peak: Math.max(peak, process.memoryUsage.rss()) };
  } finally {
    clearInterval(timer);
  }
}

test('a 1 MB gzip answer that expands to 1 GiB stops at the cap: invalid_response, memory bounded', async () => {
  const bomb = await gzipBomb();
  expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
  server = await httpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
    res.end(bomb);
  });
  const before = process.memoryUsage.rss();
  const { result: error, peak } = await peakRssDuring(new Tasks(configurationFor(server.url)).get('task-1').catch((e) => e));
  expect(error).toBeInstanceOf(ModuleException);
  expect(error).toMatchObject({ kind: 'invalid_response', message: expect.stringMatching(/larger than 33554432 bytes.*maxResponseBytes/) });
  // The default cap is 32 MiB; reading the whole answer would take more than 1 GiB.
  expect(peak - before).toBeLessThan(400 * 1024 * 1024);
}, 60_000);

test('maxResponseBytes is the cap: an answer over it fails, the same answer under a higher cap passes', async () => {
  const body = JSON.stringify(taskFixture({ result: 'x'.repeat(4_000) }));
  server = await httpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await expect(new Tasks(configurationFor(server.url, { maxResponseBytes: 1_000 })).get('task-1')).rejects.toMatchObject({
    kind: 'invalid_response',
  });
  const task = await new Tasks(configurationFor(server.url, { maxResponseBytes: 10_000 })).get('task-1');
  expect(task.result).toHaveLength(4_000);
});

describe.each(BOTH_PATHS)('over %s', (_name, call) => {
  test('a 50 MB error page is quoted, not read whole', async () => {
    const page = `<html>${'e'.repeat(50 * 1024 * 1024)}</html>`;
    server = await httpServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end(page);
    });
    const error = await failureOf(call(configurationFor(server.url)));
    expect(error).toMatchObject({ status_code: 404, kind: 'http' });
    expect(error.description.length).toBeLessThanOrEqual(1_001);
    expect(error.description.startsWith('<html>eeee')).toBe(true);
  });
});
