import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedAgent } from './agent.js';
import { FaultQueue, type InjectedResponse } from './faults.js';
import { checkRequest, unprocessable } from './contract.js';
import { HttpError, type Reply, TAKEN, errorReply, readBody, writeJson, writeTruncatedJson } from './http.js';
import type { Validation } from './schema-check.js';
import type { AgentRegistry } from './agents.js';
import { applyCors } from './cors.js';
import type { CorsOrigins } from './index.js';
import { type Context, router } from './routes.js';
import type { EventIds } from './event-ids.js';
import type { EventStream } from './sse.js';
import { TaskStore } from './store.js';

/** One request as the emulator received it, for tests to assert on what a client sent. */
export interface RecordedRequest {
  /** The HTTP method. */
  method: string;
  /** The request target: path and query string, as sent. */
  path: string;
  /** Lower-cased names; the `x-api-key` value replaced by `[REDACTED]`. */
  headers: Record<string, string | string[]>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: unknown;
  /** The status answered (an event stream's once its head is written); undefined while held. */
  status: number | undefined;
}

export interface ServerSettings {
  apiKey: string;
  organizationId: string;
  stepMs: number;
  heartbeatMs: number;
  agents: AgentRegistry;
  cors: CorsOrigins;
  validation: Validation;
  eventIds: EventIds;
}

function recordedHeaders(headers: IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = name === 'x-api-key' ? '[REDACTED]' : value;
  }
  return out;
}

function parseJson(raw: string): { body: unknown; invalid: boolean } {
  if (raw.trim() === '') return { body: undefined, invalid: false };
  try {
    return { body: JSON.parse(raw), invalid: false };
  } catch {
    return { body: undefined, invalid: true };
  }
}

function injectedReply({ status, retryAfterSeconds }: InjectedResponse): Reply {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return { status, body: { detail: `Injected ${status}` }, headers };
}

/** The HTTP side: records, injects faults, authenticates, routes, and writes replies. */
export class EmulatorServer {
  readonly faults = new FaultQueue();
  readonly requests: RecordedRequest[] = [];
  readonly metrics: unknown[] = [];
  readonly #server: Server;
  readonly #ctx: Context;
  readonly #sleeps = new Set<NodeJS.Timeout>();

  constructor(private readonly settings: ServerSettings) {
    const store = new TaskStore(settings.organizationId);
    this.#ctx = {
      store,
      agent: new SimulatedAgent(store, settings.stepMs),
      faults: this.faults,
      metrics: this.metrics,
      streams: new Set<EventStream>(),
      heartbeatMs: settings.heartbeatMs,
      agents: settings.agents,
      validation: settings.validation,
      eventIds: settings.eventIds,
      sleep: (ms) => this.#sleep(ms),
    };
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch((error: unknown) => {
        writeJson(res, { status: 500, body: { detail: `Emulator failure: ${String(error)}` } });
      });
    });
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    return (this.#server.address() as AddressInfo).port;
  }

  resume(taskId: string): boolean {
    return this.#ctx.agent.resume(taskId);
  }

  /** Halts every agent, ends every stream, drops held replies and connections, then stops listening. */
  async close(): Promise<void> {
    this.#ctx.agent.haltAll();
    for (const stream of this.#ctx.streams) stream.end();
    for (const timer of this.#sleeps) clearTimeout(timer);
    this.#sleeps.clear();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }

  // Held replies are dropped, not flushed, when the emulator closes: their sockets go with it.
  #sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        resolve();
      }, ms);
      this.#sleeps.add(timer);
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (applyCors(req, res, this.settings.cors)) return;
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    const q = target.indexOf('?');
    // Not `new URL`: it would read a `//org/...` target as a host and hide the client's bug.
    const path = q < 0 ? target : target.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    let raw = '';
    let tooLarge: HttpError | undefined;
    try {
      raw = await readBody(req);
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      tooLarge = error;
    }
    const { body, invalid } = parseJson(raw);
    const recorded: RecordedRequest = { method, path: target, headers: recordedHeaders(req.headers), body, status: undefined };
    this.requests.push(recorded);

    const delayMs = this.faults.takeDelay(method, path);
    let reply: Reply | typeof TAKEN;
    try {
      const injected = this.faults.takeResponse(method, path);
      if (injected) reply = injectedReply(injected);
      else {
        if (tooLarge) throw tooLarge;
        // FastAPI's order: no such route, then the key (a dependency), then the request's validation.
        const { handler: route, params } = router.match(method, path);
        if (req.headers['x-api-key'] !== this.settings.apiKey) throw new HttpError(401, 'Invalid API key');
        if (invalid) throw unprocessable([{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {} }]);
        checkRequest(route.operation, { params, query, headers: req.headers, body }, this.settings.validation);
        reply = await route.handler(this.#ctx, { params, query, body, headers: req.headers, res, delayMs });
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      reply = errorReply(error);
    }
    recorded.status = reply === TAKEN ? res.statusCode : reply.status;
    if (reply === TAKEN) return;
    await this.#sleep(delayMs);
    if (reply.status === 200 && this.faults.takeTruncation(method, path)) writeTruncatedJson(res, reply);
    else writeJson(res, reply);
  }
}
