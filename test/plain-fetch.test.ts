// fetch is always called as a plain function: browsers and Cloudflare workerd refuse a fetch
// called as a method of another object ("Illegal invocation").
import { Task } from '../src';
import { getHumanReadableFiles } from '../src/attachments/index.js';
import { BOTH_PATHS, configurationFor } from './helpers/both-paths';
import { taskFixture } from './helpers/fixtures';
import { frame, httpServer, type HttpServer, sseHead } from './helpers/http-server';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A fetch that behaves like the browser's: it throws unless called with no `this` (or the global one). */
function strictFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError('Illegal invocation'));
  return fetch(input, init);
}

async function serveTaskAndStream() {
  server = await httpServer((req, res) => {
    if (req.url?.endsWith('/events')) {
      sseHead(res);
      res.end(frame(1, 'task_finished', taskFixture({ status: 'completed' })));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(req.url?.startsWith('/files/') ? 'file text' : JSON.stringify(taskFixture()));
  });
  return server;
}

test.each(BOTH_PATHS)('%s succeeds with a fetch that refuses to be called as a method', async (_name, call) => {
  const { url } = await serveTaskAndStream();
  await expect(call(configurationFor(url, { fetch: strictFetch as typeof fetch }))).resolves.not.toThrow();
  expect(server!.requests).toHaveLength(1);
});

test('an attachment download does too', async () => {
  const { url } = await serveTaskAndStream();
  const task = new Task(taskFixture({ input: { text: 'hi', files: [`${url}/files/notes.txt`] } }), configurationFor(url));
  const [file] = await getHumanReadableFiles(task, { fetch: strictFetch as typeof fetch, allowedHosts: ['127.0.0.1'] });
  expect(file).toMatchObject({ content: 'file text' });
});
