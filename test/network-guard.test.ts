// Attachment downloads never reach the private network unless the caller says so: every
// loopback form, private and link-local ranges, redirect hops into them, and (on Node) names
// that resolve into them, refused before any connection; opt-ins per call and per client.
import dns from 'node:dns';
import { Configuration, Task } from '../src';
import { getHumanReadableFiles, type AttachmentOptions } from '../src/attachments/index.js';
import { taskFixture } from './helpers/fixtures';
import { httpServer, type HttpServer } from './helpers/http-server';

let server: HttpServer;
let port: string;
beforeEach(async () => {
  server = await httpServer((req, res) => {
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to !== null) {
      res.writeHead(302, { location: to });
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`content of ${req.url}`);
  });
  port = new URL(server.url).port;
});
afterEach(async () => {
  jest.restoreAllMocks();
  await server.close();
});

const source = (urls: string[]) => ({ input: { text: '', files: urls } });
async function read(url: string, options?: AttachmentOptions): Promise<string | undefined> {
  const [file] = await getHumanReadableFiles(source([url]), options);
  return file.content;
}

describe('refused by default, before any connection', () => {
  test.each([
    ['127.0.0.1', () => `http://127.0.0.1:${port}/a.txt`],
    ['127.1 (short form)', () => `http://127.1:${port}/a.txt`],
    ['2130706433 (decimal)', () => `http://2130706433:${port}/a.txt`],
    ['0x7f.0.0.1 (hex)', () => `http://0x7f.0.0.1:${port}/a.txt`],
    ['localhost', () => `http://localhost:${port}/a.txt`],
    ['a name under .localhost', () => `http://files.localhost:${port}/a.txt`],
    ['[::1]', () => `http://[::1]:${port}/a.txt`],
    ['IPv4-mapped IPv6 of 127.0.0.1', () => `http://[::ffff:127.0.0.1]:${port}/a.txt`],
  ])('a loopback target: %s', async (_form, url) => {
    const content = await read(url());
    expect(content).toMatch(/^Error: .*refused by default; pass \{ allowedHosts: \[\.\.\.\] \} or \{ allowPrivateNetwork: true \}/);
    expect(server.connections).toBe(0);
  });

  test.each([
    ['10.0.0.5', 'a private (RFC 1918) address'],
    ['172.20.1.1', 'a private (RFC 1918) address'],
    ['192.168.1.10', 'a private (RFC 1918) address'],
    ['169.254.169.254', 'a link-local address (cloud metadata lives there)'],
    ['100.64.1.1', 'a carrier-grade NAT address'],
    ['0.0.0.0', 'an unspecified address'],
    ['224.0.0.251', 'a multicast address'],
    ['[fd12:3456::1]', 'a unique-local (private) address'],
    ['[fe80::1]', 'a link-local address'],
    ['[ff02::1]', 'a multicast address'],
    ['[::]', 'the unspecified address'],
    ['[::ffff:169.254.169.254]', 'a link-local address (cloud metadata lives there)'],
  ])('%s: %s, and fetch is never called', async (host, kind) => {
    const fetchSpy = jest.fn<ReturnType<typeof fetch>, Parameters<typeof fetch>>();
    const content = await read(`http://${host}/latest/meta-data/iam.json`, { fetch: fetchSpy });
    expect(content).toContain(kind);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  test('a refused file does not cost the others', async () => {
    const files = await getHumanReadableFiles(source([`http://10.0.0.1/x.txt`, `${server.url}/ok.txt`]), { allowedHosts: ['127.0.0.1'] });
    expect(files.map((f) => f.content)).toEqual([expect.stringMatching(/^Error: 10\.0\.0\.1 is a private/), 'content of /ok.txt']);
  });
});

describe('redirects: every hop is checked', () => {
  test('an allowed host redirecting into loopback by name: refused at the hop, the target never asked', async () => {
    const hop = `/hop.txt?to=${encodeURIComponent(`http://localhost:${port}/secret.txt`)}`;
    const content = await read(`${server.url}${hop}`, { allowedHosts: ['127.0.0.1'] });
    expect(content).toMatch(/^Error: localhost is a loopback name, refused by default/);
    expect(server.requests.map((r) => r.url)).toEqual([hop]);
  });

  test('a redirect to the cloud metadata address is refused', async () => {
    const hop = `/hop.txt?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/iam.json')}`;
    const content = await read(`${server.url}${hop}`, { allowedHosts: ['127.0.0.1'] });
    expect(content).toMatch(/^Error: 169\.254\.169\.254 is a link-local address/);
  });

  test('a redirect within the allowed hosts is followed', async () => {
    const content = await read(`${server.url}/hop.txt?to=${encodeURIComponent('/b.txt')}`, { allowedHosts: ['127.0.0.1'] });
    expect(content).toBe('content of /b.txt');
    expect(server.requests).toHaveLength(2);
  });
});

describe('opt-ins', () => {
  test('allowPrivateNetwork lets every form through', async () => {
    expect(await read(`http://127.1:${port}/a.txt`, { allowPrivateNetwork: true })).toBe('content of /a.txt');
    expect(server.connections).toBe(1);
  });

  test('allowedHosts lets exactly those hosts through: an address, a range, a name', async () => {
    expect(await read(`http://127.0.0.1:${port}/a.txt`, { allowedHosts: ['127.0.0.1'] })).toBe('content of /a.txt');
    expect(await read(`http://127.1:${port}/b.txt`, { allowedHosts: ['127.0.0.0/8'] })).toBe('content of /b.txt');
    expect(await read(`http://localhost:${port}/c.txt`, { allowedHosts: ['127.0.0.1'] })).toMatch(/^Error: localhost is a loopback name/);
    expect(await read(`http://10.0.0.1:${port}/d.txt`, { allowedHosts: ['127.0.0.0/8'] })).toMatch(/^Error: 10\.0\.0\.1 is a private/);
  });

  test("per client: the configuration's policy applies to a task's helpers, a call's options override it", async () => {
    const url = `${server.url}/a.txt`;
    const allowing = new Configuration({ api_key: 'k', attachments: { allowedHosts: ['127.0.0.1'] } });
    const task = new Task(taskFixture({ input: { text: 'x', files: [url] } }), allowing);
    expect((await task.getHumanReadableFiles())[0].content).toBe('content of /a.txt');
    expect((await task.getHumanReadableFiles({ allowedHosts: [] }))[0].content).toMatch(/^Error: 127\.0\.0\.1 is a loopback/);
    const strict = new Task(taskFixture({ input: { text: 'x', files: [url] } }), new Configuration({ api_key: 'k' }));
    expect((await strict.getHumanReadableFiles())[0].content).toMatch(/^Error: 127\.0\.0\.1 is a loopback/);
  });

  test('bad opt-ins are refused before any request', async () => {
    await expect(read(`${server.url}/a.txt`, { allowPrivateNetwork: 'yes' as never })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(read(`${server.url}/a.txt`, { allowedHosts: '127.0.0.1' as never })).rejects.toMatchObject({ kind: 'invalid_input' });
  });
});

describe('Node: names are checked on the addresses they resolve to, at connect time', () => {
  /** A resolver in which `name` points at 127.0.0.1 (no real DNS change). */
  function resolveToLoopback(name: string) {
    const real = dns.lookup;
    return jest.spyOn(dns, 'lookup').mockImplementation(((host: string, options: unknown, callback: unknown) => {
      if (host !== name) return (real as (...args: unknown[]) => void)(host, options, callback);
      const all = [{ address: '127.0.0.1', family: 4 }];
      const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void;
      if (typeof options === 'object' && (options as { all?: boolean }).all) cb(null, all);
      else cb(null, '127.0.0.1', 4);
    }) as typeof dns.lookup);
  }

  test('a public-looking name that resolves to 127.0.0.1 is refused, and nothing connects', async () => {
    const lookup = resolveToLoopback('files.example.test');
    const content = await read(`http://files.example.test:${port}/a.txt`);
    expect(lookup).toHaveBeenCalled();
    expect(content).toMatch(/files\.example\.test resolves to 127\.0\.0\.1, a loopback address, refused by default; pass \{ allowedHosts/);
    expect(server.connections).toBe(0);
  });

  test('the same name, allowed by name, connects', async () => {
    resolveToLoopback('files.example.test');
    expect(await read(`http://files.example.test:${port}/a.txt`, { allowedHosts: ['files.example.test'] })).toBe('content of /a.txt');
    expect(server.connections).toBe(1);
  });
});

test('a gzip-encoded file through the Node connection is decoded, as fetch would', async () => {
  const { gzipSync } = await import('node:zlib');
  const zipped = await httpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
    res.end(gzipSync('plain words'));
  });
  try {
    expect(await read(`${zipped.url}/z.txt`, { allowedHosts: ['127.0.0.1'] })).toBe('plain words');
  } finally {
    await zipped.close();
  }
});
