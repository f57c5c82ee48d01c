import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Configuration } from '../src/configuration.js';
import { ModuleException } from '../src/core/errors.js';
import * as attachments from '../src/attachments/index.js';
import { categorizeFiles, pythonJsonDumps, type AttachmentOptions } from '../src/attachments/index.js';
import { httpServer, type HttpServer } from './helpers/http-server';

// ---------------------------------------------------------------------------
// An attachment host on 127.0.0.1 that records what it receives. Loopback is refused by
// default (test/network-guard.test.ts), so every helper here allows that one host, as a user
// with an intranet file server would.

const LOCAL: AttachmentOptions = { allowedHosts: ['127.0.0.1'] };
type Helper<R> = (task: attachments.AttachmentSource | null | undefined, options?: AttachmentOptions) => Promise<R>;
const local =
  <R>(helper: Helper<R>): Helper<R> =>
  (task, options) =>
    helper(task, { ...LOCAL, ...options });
const getFiles = local(attachments.getFiles);
const getHumanReadableFiles = local(attachments.getHumanReadableFiles);
const toMessage = local(attachments.toMessage);
const toContentParts = local(attachments.toContentParts);
const getImages = (task: attachments.AttachmentSource | null | undefined) => attachments.getImages(task);

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

const HUGE_BYTES = 64 * 1024 * 1024;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
const PDF_BYTES = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 7919 + (i >> 8)) & 0xff));

let server: HttpServer;
let base: string;
let seen: Seen[] = [];
let inFlight = 0;
let maxInFlight = 0;
/** Resolves with what a streaming route managed to write before its response closed. */
let streamClosed: Promise<{ written: number; finished: boolean }> = Promise.resolve({ written: 0, finished: false });

/** Writes `total` bytes chunk by chunk, honouring backpressure, and reports when the response closes. */
function streamBytes(res: ServerResponse, total: number): void {
  let written = 0;
  let finished = false;
  streamClosed = new Promise((resolve) => res.on('close', () => resolve({ written, finished })));
  const pump = (): void => {
    while (written < total && !res.destroyed) {
      const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - written));
      written += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (written >= total && !res.destroyed) {
      finished = true;
      res.end();
    }
  };
  pump();
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  seen.push({ path, headers: req.headers });
  const route = path.split('?')[0];
  if (route === '/a.csv') {
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end('a,b\n1,"é"');
  } else if (route.startsWith('/ok/')) {
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`body of ${route}`);
  } else if (route === '/latin1.txt') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=iso-8859-1' }).end(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
  } else if (route === '/redirect.txt') {
    res.writeHead(302, { location: '/a.csv' }).end();
  } else if (route === '/missing.txt') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('nope');
  } else if (route === '/no-answer.txt') {
    // Never answers: only the client's timeout ends this.
  } else if (route === '/stalled-body.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('the first bytes, then nothing');
  } else if (route === '/huge.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' }); // chunked: no Content-Length to go by
    streamBytes(res, HUGE_BYTES);
  } else if (route === '/declared-huge.txt') {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(HUGE_BYTES) });
    streamBytes(res, HUGE_BYTES);
  } else if (route.toLowerCase().endsWith('.pdf') && !route.startsWith('/missing')) {
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF_BYTES);
  } else if (route.startsWith('/slow/')) {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(route);
    }, 60);
  } else {
    res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = await httpServer(handle);
  base = server.url;
});

afterAll(() => server.close());

beforeEach(() => {
  seen = [];
  inFlight = 0;
  maxInFlight = 0;
});

/** A fetch that only records what it is handed and passes it on unchanged. */
function recordingFetch(): { fetch: typeof fetch; calls: Array<{ url: string; init: RequestInit | undefined }> } {
  const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
  return {
    calls,
    fetch: (input, init) => {
      calls.push({ url: String(input), init });
      return fetch(input, init);
    },
  };
}

/** A fetch that never touches the network and serves fixed bodies by URL. */
function fakeFetch(bodies: Record<string, string>): typeof fetch {
  return async (input) => {
    const body = bodies[String(input)];
    return body === undefined ? new Response('gone', { status: 404, statusText: 'Not Found' }) : new Response(body);
  };
}

const task = (files: string[] | null, text: string | null = 'Summarize', disable = false) => ({
  input: { text, files },
  disable_attachment_injection: disable,
});

// ---------------------------------------------------------------------------

describe('categorizeFiles', () => {
  test.each([
    ['https://x/a.csv?sig=1', 'files'],
    ['https://x/b.pdf', 'pdfs'],
    ['https://x/c.PNG', 'images'],
    ['https://x/z.jpeg?x=.pdf', 'images'],
    ['https://x/report.PDF#page=2', 'pdfs'],
    ['https://x/notes.md#section.pdf', 'files'],
    ['https://x/dir.v2/Main.JAVA', 'files'],
    ['https://x/logo.svg', 'images'],
    ['https://x/scan.tiff', 'images'],
    ['https://x/data.yml', 'files'],
    ['https://x/run.sh', 'files'],
    ['ftp://x/readme.txt', 'files'],
    ['https://x/d.docx', null],
    ['https://x/e.xlsx', null],
    ['https://x/f.tar.gz', null],
    ['https://x/noext', null],
    ['https://x/dir.pdf/', null],
    ['https://x/.pdf', null],
    ['https://x/', null],
    ['not a url.pdf', null],
    ['', null],
  ])('%s → %s', (url, expected) => {
    const got = categorizeFiles([url]);
    const where = Object.entries(got).filter(([, list]) => list.includes(url)).map(([k]) => k);
    expect(where).toEqual(expected === null ? [] : [expected]);
  });

  test('keeps input order within each list', () => {
    expect(categorizeFiles(['https://x/2.txt', 'https://x/1.png', 'https://x/1.txt', 'https://x/a.pdf', 'https://x/0.gif'])).toEqual({
      images: ['https://x/1.png', 'https://x/0.gif'],
      pdfs: ['https://x/a.pdf'],
      files: ['https://x/2.txt', 'https://x/1.txt'],
    });
  });
});

describe('pythonJsonDumps', () => {
  test('Python separators, escapes and ensure_ascii', () => {
    expect(pythonJsonDumps({ url: 'https://x/a.csv?sig=1', content: 'a,b\n1,"é"' })).toBe(
      '{"url": "https://x/a.csv?sig=1", "content": "a,b\\n1,\\"\\u00e9\\""}',
    );
    expect(pythonJsonDumps('😀 ü € \u0000\u0001\u001f\u007f\u0080 / \\ \t\r\n\b\f')).toBe(
      '"\\ud83d\\ude00 \\u00fc \\u20ac \\u0000\\u0001\\u001f\\u007f\\u0080 / \\\\ \\t\\r\\n\\b\\f"',
    );
    expect(pythonJsonDumps('\u2028\uFEFF\uD800')).toBe('"\\u2028\\ufeff\\ud800"');
    expect(pythonJsonDumps({ url: 'u', content: undefined })).toBe('{"url": "u"}');
    expect(pythonJsonDumps({ 'é': [1, true, null, 'x'], b: {} })).toBe('{"\\u00e9": [1, true, null, "x"], "b": {}}');
  });

  test('numbers as Python prints them', () => {
    // JS cannot tell 1e16 from 1e16.0: integral values print as Python ints.
    expect(pythonJsonDumps([0, -3, 1.5, 0.1, 123.456, 1e-5, 1.5e-7, 0.0001, 1e16, 2 ** 70, NaN, Infinity, -Infinity])).toBe(
      '[0, -3, 1.5, 0.1, 123.456, 1e-05, 1.5e-07, 0.0001, 10000000000000000, 1180591620717411303424, NaN, Infinity, -Infinity]',
    );
  });
});

describe('attachment hosts never see the API key or API headers', () => {
  test('only a plain GET with `accept` is handed to fetch, and nothing secret arrives', async () => {
    const secret = 'xpander-secret-key-123';
    // The caller configured the API elsewhere: a key, and a fetch that adds auth headers.
    const apiFetch: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), 'x-api-key': secret, authorization: `Bearer ${secret}`, cookie: `s=${secret}` } });
    const configuration = new Configuration({ api_key: secret, base_url: base, fetch: apiFetch });
    expect(configuration.api_key).toBe(secret);
    const previousEnv = process.env.XPANDER_API_KEY;
    process.env.XPANDER_API_KEY = secret;
    try {
      const { fetch: recorder, calls } = recordingFetch();
      const files = [`${base}/a.csv?sig=1`, `${base}/redirect.txt`, `${base}/doc.pdf`];
      await getHumanReadableFiles(task(files), { fetch: recorder });
      await getFiles(task(files), { fetch: recorder });
      await toMessage(task(files)); // the global fetch, no injection at all
      await toContentParts(task(files));

      expect(calls.length).toBe(4); // 3 files, and the redirect's hop: the SDK follows it itself, checked
      for (const { init } of calls) {
        expect(init?.credentials).toBe('omit');
        expect(init?.redirect).toBe('manual');
        expect(Object.keys(init?.headers as Record<string, string>)).toEqual(['accept']);
      }
      // 3 (text files, one through a redirect) + 1 (PDF) + 3 (toMessage: text files only) + 4.
      expect(seen.length).toBe(11);
      expect(seen.filter((s) => s.path.startsWith('/a.csv')).length).toBe(6); // redirect hops included
      for (const { headers } of seen) {
        expect(headers['x-api-key']).toBeUndefined();
        expect(headers.authorization).toBeUndefined();
        expect(headers.cookie).toBeUndefined();
        expect(headers.referer).toBeUndefined();
        expect(JSON.stringify(headers)).not.toContain(secret);
      }
    } finally {
      if (previousEnv === undefined) delete process.env.XPANDER_API_KEY;
      else process.env.XPANDER_API_KEY = previousEnv;
    }
  });

  test('non-http(s) URLs are refused without a request', async () => {
    const { fetch: recorder, calls } = recordingFetch();
    const files = ['ftp://127.0.0.1/readme.txt', 'file:///etc/hosts.txt', 'javascript:alert(1)//x.txt', 'ftp://127.0.0.1/x.pdf'];
    const readable = await getHumanReadableFiles(task(files), { fetch: recorder });
    expect(readable).toEqual([
      { url: files[0], content: 'Error: only http and https URLs are fetched, not ftp:' },
      { url: files[1], content: 'Error: only http and https URLs are fetched, not file:' },
      { url: files[2], content: 'Error: only http and https URLs are fetched, not javascript:' },
    ]);
    const pdfs = await getFiles(task(files), { fetch: recorder });
    expect(pdfs).toEqual([
      expect.objectContaining({ url: files[3], error: 'only http and https URLs are fetched, not ftp:' }),
    ]);
    expect(calls).toEqual([]);
  });
});

describe('download limits', () => {
  test('a server that never answers is cut off by the per-file timeout', async () => {
    const started = Date.now();
    const out = await getHumanReadableFiles(task([`${base}/no-answer.txt`, `${base}/stalled-body.txt`, `${base}/a.csv`]), {
      timeoutMs: 300,
    });
    expect(out).toEqual([
      { url: `${base}/no-answer.txt`, content: 'Error: timed out after 300 ms' },
      { url: `${base}/stalled-body.txt`, content: 'Error: timed out after 300 ms' },
      { url: `${base}/a.csv`, content: 'a,b\n1,"é"' },
    ]);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  test('a 64 MB streamed body is abandoned as soon as it passes the cap', async () => {
    const out = await getHumanReadableFiles(task([`${base}/huge.txt`]));
    expect(out).toEqual([{ url: `${base}/huge.txt`, content: 'Error: file is larger than the 10485760-byte limit' }]);
    const { written, finished } = await streamClosed;
    expect(finished).toBe(false); // the connection closed before the server wrote everything
    expect(written).toBeLessThan(HUGE_BYTES / 2);
    expect(written).toBeGreaterThan(10 * 1024 * 1024);
  });

  test('a smaller cap applies to PDFs and content parts as well', async () => {
    const files = [`${base}/doc.pdf`];
    const [pdf] = await getFiles(task(files), { maxBytes: 1000 });
    expect(pdf.error).toBe('file is larger than the 1000-byte limit');
    expect(pdf).not.toHaveProperty('content');
    expect(await toContentParts(task(files, ''), { maxBytes: 1000 })).toEqual([
      { type: 'text', text: `The file ${files[0]} could not be attached: file is larger than the 1000-byte limit` },
    ]);
  });

  test('a Content-Length over the cap is refused before the body is read', async () => {
    const out = await getHumanReadableFiles(task([`${base}/declared-huge.txt`]));
    expect(out).toEqual([{ url: `${base}/declared-huge.txt`, content: 'Error: file is larger than the 10485760-byte limit' }]);
    const { written, finished } = await streamClosed;
    expect(finished).toBe(false);
    expect(written).toBeLessThan(HUGE_BYTES / 2);
  });

  test('concurrency is bounded across files (default 4)', async () => {
    const files = Array.from({ length: 10 }, (_, i) => `${base}/slow/${i}.txt`);
    const out = await getHumanReadableFiles(task(files));
    expect(out.map((f) => f.content)).toEqual(files.map((_, i) => `/slow/${i}.txt`));
    expect(maxInFlight).toBe(4);

    maxInFlight = 0;
    await getHumanReadableFiles(task(files), { concurrency: 2 });
    expect(maxInFlight).toBe(2);

    maxInFlight = 0;
    const mixed = [...files.slice(0, 3), `${base}/a.pdf`, `${base}/b.pdf`, `${base}/x.png`];
    await toContentParts(task(mixed), { concurrency: 1 });
    expect(maxInFlight).toBe(1);
    expect(seen.length).toBe(10 + 10 + 5);
  });

  test('the caller’s signal aborts every download and rejects the call', async () => {
    const controller = new AbortController();
    const pending = getHumanReadableFiles(task([`${base}/no-answer.txt`, `${base}/no-answer.txt?2`]), {
      signal: controller.signal,
      timeoutMs: 0,
    });
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toMatchObject({ kind: 'aborted', name: 'AbortError' });
    await expect(toMessage(task([`${base}/a.csv`]), { signal: controller.signal })).rejects.toBeInstanceOf(ModuleException);
  });

  test.each<[string, AttachmentOptions]>([
    ['timeoutMs', { timeoutMs: -1 }],
    ['timeoutMs', { timeoutMs: NaN }],
    ['maxBytes', { maxBytes: -5 }],
    ['maxBytes', { maxBytes: '10' as unknown as number }],
    ['concurrency', { concurrency: 0 }],
    ['concurrency', { concurrency: 1.5 }],
    ['fetch', { fetch: 'nope' as unknown as typeof fetch }],
    ['signal', { signal: {} as AbortSignal }],
  ])('bad option %s is refused before any request', async (name, options) => {
    const files = [`${base}/a.csv`, `${base}/doc.pdf`];
    for (const call of [getHumanReadableFiles, getFiles, toMessage, toContentParts]) {
      const err = await call(task(files), options).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ModuleException);
      expect(err).toMatchObject({ kind: 'invalid_input', status_code: 0 });
      expect((err as ModuleException).description).toContain(name);
    }
    expect(seen).toEqual([]);
  });

  test('malformed task input is refused before any request', async () => {
    await expect(getHumanReadableFiles({ input: { files: 'https://x/a.txt' as unknown as string[] } })).rejects.toMatchObject({
      kind: 'invalid_input',
    });
    await expect(toMessage({ input: { text: 5 as unknown as string } })).rejects.toMatchObject({ kind: 'invalid_input' });
    await expect(getImages({ input: { files: [1 as unknown as string] } })).rejects.toMatchObject({ kind: 'invalid_input' });
  });
});

describe('getHumanReadableFiles', () => {
  test('errors stay with their file, in input order', async () => {
    // A port that was just free: nothing listens there any more.
    const closed = await httpServer(() => undefined);
    const deadPort = new URL(closed.url).port;
    await closed.close();
    const files = [`${base}/ok/1.txt`, `${base}/missing.txt`, `${base}/b.pdf`, `${base}/ok/2.json`, `http://127.0.0.1:${deadPort}/refused.txt`];
    const out = await getHumanReadableFiles(task(files));
    expect(out.map((f) => f.url)).toEqual([files[0], files[1], files[3], files[4]]);
    expect(out[0].content).toBe('body of /ok/1.txt');
    expect(out[1].content).toBe('Error: the server answered HTTP 404 Not Found');
    expect(out[2].content).toBe('body of /ok/2.json');
    expect(out[3].content).toMatch(/^Error: could not fetch the file \(.*ECONNREFUSED/);
  });

  test('follows redirects and honours a declared charset', async () => {
    const out = await getHumanReadableFiles(task([`${base}/redirect.txt`, `${base}/latin1.txt`]));
    expect(out).toEqual([
      { url: `${base}/redirect.txt`, content: 'a,b\n1,"é"' },
      { url: `${base}/latin1.txt`, content: 'café' },
    ]);
  });

  test('disable_attachment_injection gives { url } alone and sends no request', async () => {
    const files = [`${base}/a.csv`, `${base}/ok/1.txt`, `${base}/x.png`];
    const out = await getHumanReadableFiles(task(files, 'x', true));
    expect(out).toEqual([{ url: files[0] }, { url: files[1] }]);
    expect(Object.keys(out[0])).toEqual(['url']);
    expect(seen).toEqual([]);
  });

  test('no input, null input or no files give an empty list', async () => {
    expect(await getHumanReadableFiles(undefined)).toEqual([]);
    expect(await getHumanReadableFiles({ input: null })).toEqual([]);
    expect(await getHumanReadableFiles(task(null))).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe('getFiles and getImages', () => {
  test('PDFs come back as Agno File fields with a base64 body that round-trips', async () => {
    const url = `${base}/dir/Q3_fin%20report.PDF?sig=abc#p=1`;
    const files = await getFiles(task([url, `${base}/a.csv`, `${base}/missing.pdf`]));
    expect(files).toHaveLength(2);
    const { content, ...fields } = files[0];
    expect(fields).toEqual({
      url,
      filename: 'Q3_fin report.PDF',
      name: 'Q3 fin report',
      format: 'pdf',
      mime_type: 'application/pdf',
    });
    // Compared as booleans: a failing diff of 130 kB of base64 helps nobody.
    expect(content === PDF_BYTES.toString('base64')).toBe(true);
    expect(Buffer.from(content ?? '', 'base64').equals(PDF_BYTES)).toBe(true);
    expect(files[1]).toEqual({
      url: `${base}/missing.pdf`,
      filename: 'missing.pdf',
      name: 'missing',
      format: 'pdf',
      mime_type: 'application/pdf',
      error: 'the server answered HTTP 404 Not Found',
    });
  });

  test('an empty PDF is an empty base64 string', async () => {
    const files = await getFiles(task(['https://x/empty.pdf']), { fetch: fakeFetch({ 'https://x/empty.pdf': '' }) });
    expect(files[0].content).toBe('');
  });

  test('images are listed with their MIME types and never fetched', async () => {
    const files = ['a.jpg', 'b.JPEG', 'c.png', 'd.gif', 'e.bmp', 'f.tiff', 'g.webp', 'h.svg?v=2'].map((f) => `${base}/${f}`);
    expect(await getImages(task([...files, `${base}/a.csv`]))).toEqual(
      ['image/jpeg', 'image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff', 'image/webp', 'image/svg+xml'].map(
        (mime_type, i) => ({ url: files[i], mime_type }),
      ),
    );
    expect(seen).toEqual([]);
  });
});

describe('toMessage', () => {
  const example = ['https://x/a.csv?sig=1', 'https://x/b.pdf', 'https://x/c.PNG', 'https://x/d.docx'];
  const fetchA = fakeFetch({ 'https://x/a.csv?sig=1': 'a,b\n1,"é"' });

  test('the Python SDK example, exactly', async () => {
    expect(await toMessage(task(example), { fetch: fetchA })).toBe(
      'Summarize\nFiles: https://x/a.csv?sig=1, https://x/b.pdf, https://x/c.PNG, https://x/d.docx\nFiles contents:\n{"url": "https://x/a.csv?sig=1", "content": "a,b\\n1,\\"\\u00e9\\""}',
    );
  });

  test('the same over a real socket', async () => {
    expect(await toMessage(task([`${base}/a.csv`, `${base}/missing.txt`]))).toBe(
      `Summarize\nFiles: ${base}/a.csv, ${base}/missing.txt\nFiles contents:` +
        `\n{"url": "${base}/a.csv", "content": "a,b\\n1,\\"\\u00e9\\""}` +
        `\n{"url": "${base}/missing.txt", "content": "Error: the server answered HTTP 404 Not Found"}`,
    );
  });

  test('no files, empty text, and files without readable ones', async () => {
    expect(await toMessage(task(null))).toBe('Summarize');
    expect(await toMessage(task([]))).toBe('Summarize');
    expect(await toMessage(task(null, null))).toBe('');
    expect(await toMessage(undefined)).toBe('');
    expect(await toMessage(task(example, ''), { fetch: fetchA })).toBe(
      'Files: https://x/a.csv?sig=1, https://x/b.pdf, https://x/c.PNG, https://x/d.docx\nFiles contents:\n{"url": "https://x/a.csv?sig=1", "content": "a,b\\n1,\\"\\u00e9\\""}',
    );
    expect(await toMessage(task(['https://x/b.pdf', 'https://x/c.png']), { fetch: fetchA })).toBe(
      'Summarize\nFiles: https://x/b.pdf, https://x/c.png',
    );
  });

  test('disable_attachment_injection keeps the header and lists URLs only', async () => {
    const { fetch: recorder, calls } = recordingFetch();
    expect(await toMessage(task(example, 'Summarize', true), { fetch: recorder })).toBe(
      'Summarize\nFiles: https://x/a.csv?sig=1, https://x/b.pdf, https://x/c.PNG, https://x/d.docx\nFiles contents:\n{"url": "https://x/a.csv?sig=1"}',
    );
    expect(calls).toEqual([]);
  });

  test('non-ASCII, astral and control characters are escaped as Python does', async () => {
    const body = 'naïve 😀 \u0007 "q" \\ / tab\tend\r\n';
    const text = await toMessage(task(['https://x/ü.txt'], 'Héllo'), { fetch: fakeFetch({ 'https://x/%C3%BC.txt': body }) });
    expect(text).toBe(
      'Héllo\nFiles: https://x/ü.txt\nFiles contents:\n' +
        '{"url": "https://x/\\u00fc.txt", "content": "na\\u00efve \\ud83d\\ude00 \\u0007 \\"q\\" \\\\ / tab\\tend\\r\\n"}',
    );
  });
});

describe('toContentParts', () => {
  test('AI SDK part shapes in input order', async () => {
    const files = [
      `${base}/a.csv`,
      `${base}/pic.PNG?sig=1`,
      `${base}/dir/My_doc.pdf`,
      `${base}/missing.pdf`,
      `${base}/missing.txt`,
      `${base}/d.docx`,
      'file:///etc/x.png',
    ];
    expect(await toContentParts(task(files, 'Summarize'))).toEqual([
      { type: 'text', text: 'Summarize' },
      { type: 'text', text: `Contents of ${base}/a.csv:\na,b\n1,"é"` },
      { type: 'image', image: `${base}/pic.PNG?sig=1`, mediaType: 'image/png' },
      { type: 'file', data: PDF_BYTES.toString('base64'), mediaType: 'application/pdf', filename: 'My_doc.pdf' },
      { type: 'text', text: `The file ${base}/missing.pdf could not be attached: the server answered HTTP 404 Not Found` },
      { type: 'text', text: `The file ${base}/missing.txt could not be read: the server answered HTTP 404 Not Found` },
      { type: 'text', text: `Attached file (contents not included): ${base}/d.docx` },
      { type: 'text', text: 'Attached file (contents not included): file:///etc/x.png' },
    ]);
    expect(seen.map((s) => s.path).sort()).toEqual(['/a.csv', '/dir/My_doc.pdf', '/missing.pdf', '/missing.txt']);
  });

  test('disable_attachment_injection downloads nothing', async () => {
    const files = [`${base}/a.csv`, `${base}/pic.png`, `${base}/doc.pdf`];
    expect(await toContentParts(task(files, '', true))).toEqual([
      { type: 'text', text: `Attached file (contents not included): ${base}/a.csv` },
      { type: 'image', image: `${base}/pic.png`, mediaType: 'image/png' },
      { type: 'text', text: `Attached file (contents not included): ${base}/doc.pdf` },
    ]);
    expect(seen).toEqual([]);
  });

  test('no input gives no parts', async () => {
    expect(await toContentParts(null)).toEqual([]);
  });
});
