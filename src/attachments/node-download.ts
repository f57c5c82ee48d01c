import type { HostGuard } from './network-guard.js';

/**
 * On Node, attachment downloads check every address a name resolves to, at connect time: a
 * name that resolves into a refused range (DNS rebinding included: the check is on the very
 * addresses the socket connects to) fails before any connection. Browsers and workers cannot
 * resolve names before connecting: there only the URL checks apply (network-guard.ts).
 *
 * Node's modules are taken with `process.getBuiltinModule` (Node ≥ 20.16) at call time, so the
 * core entry imports no Node built-in and bundles for browsers and workers as before.
 */

/** The slice of Node's modules used here, typed locally (the core entry has no @types/node). */
interface NodeModules {
  dns: { lookup(host: string, options: object, callback: (error: Error | null, addresses: Array<{ address: string; family: number }>) => void): void };
  http: { get(url: URL, options: object, callback: (res: NodeResponse) => void): NodeRequest };
  https: NodeModules['http'];
  stream: { Readable: { toWeb(readable: NodeResponse): ReadableStream<Uint8Array> } };
}
interface NodeResponse {
  statusCode?: number;
  statusMessage?: string;
  rawHeaders: string[];
  resume(): void;
}
interface NodeRequest {
  on(event: 'error', listener: (error: Error) => void): void;
}
type LookupCallback = (error: Error | null, address?: string | Array<{ address: string; family: number }>, family?: number) => void;

function nodeModules(): NodeModules | undefined {
  if (typeof process === 'undefined') return undefined;
  if (typeof process.getBuiltinModule !== 'function') return undefined;
  const load = (name: string) => process.getBuiltinModule(name) as unknown;
  return { dns: load('node:dns'), http: load('node:http'), https: load('node:https'), stream: load('node:stream') } as NodeModules;
}

/**
 * The body as fetch would hand it over: gzip and deflate undone (so size caps count what is
 * kept in memory), the encoding headers then dropped.
 */
function decoded(body: ReadableStream<Uint8Array>, headers: Headers): ReadableStream<Uint8Array> {
  const encoding = headers.get('content-encoding')?.trim().toLowerCase();
  const format = encoding === 'gzip' || encoding === 'x-gzip' ? 'gzip' : encoding === 'deflate' ? 'deflate' : undefined;
  if (!format) return body;
  headers.delete('content-encoding');
  headers.delete('content-length');
  // The DOM typings give DecompressionStream a BufferSource writable; it takes Uint8Array chunks.
  return body.pipeThrough(new DecompressionStream(format) as TransformStream<Uint8Array, Uint8Array>);
}

/**
 * A `fetch` for attachment GETs whose connections resolve names through the guard, or
 * undefined where the runtime offers no such hook (then the global fetch is used).
 */
export function guardedNodeFetch(guard: HostGuard): typeof fetch | undefined {
  const node = nodeModules();
  if (!node) return undefined;
  const lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    node.dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error);
      for (const { address } of addresses) {
        const refusal = guard.refuseAddress(hostname, address);
        if (refusal) return callback(Object.assign(new Error(refusal), { code: 'ERR_ADDRESS_REFUSED' }));
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address, addresses[0]?.family);
    });
  };
  return (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input));
      const client = url.protocol === 'https:' ? node.https : node.http;
      const headers = { ...(init?.headers as Record<string, string>), 'accept-encoding': 'gzip, deflate' };
      const request = client.get(url, { headers, lookup, signal: init?.signal }, (res) => {
        const answer = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) answer.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        const status = res.statusCode ?? 0;
        if (status === 204 || status === 304) {
          res.resume();
          return resolve(new Response(null, { status, statusText: res.statusMessage, headers: answer }));
        }
        resolve(new Response(decoded(node.stream.Readable.toWeb(res), answer), { status, statusText: res.statusMessage, headers: answer }));
      });
      request.on('error', reject);
    });
}
