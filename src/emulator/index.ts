/**
 * A local, in-memory stand-in for the xpander Tasks API (REST routes and the task event
 * stream), with a scripted agent and fault injection, for tests and offline development.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator({ stepMs: 5 });
 * const configuration = new Configuration({
 *   base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id,
 * });
 * // … use the SDK …
 * await emulator.close();
 * ```
 *
 * @module xpander-tasks/emulator
 */
import type { Faults } from './faults.js';
import { type AgentList, AgentRegistry, DEFAULT_AGENTS, checkScenario } from './agents.js';
import type { Scenario } from './scenarios.js';
import type { Validation } from './schema-check.js';
import type { EventIds } from './event-ids.js';
import { EmulatorServer, type RecordedRequest } from './server.js';

export type { Faults, RequestMatch } from './faults.js';
export { DEFAULT_AGENTS, type AgentList } from './agents.js';
export { SCENARIOS, type Scenario } from './scenarios.js';
export type { Issue, Validation } from './schema-check.js';
export type { EventIds } from './event-ids.js';
export { exampleTask } from './fixture.js';
export type { RecordedRequest } from './server.js';

/** The browser origins the emulator answers CORS for: any (`'*'`), a list, or none (`false`). */
export type CorsOrigins = '*' | readonly string[] | false;

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** 0 (the default) picks any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The only `x-api-key` accepted; default `emulator-key`. */
  api_key?: string;
  /** Default `org-emulator`; the event stream answers 404 for any other. */
  organization_id?: string;
  /** Delay between two steps of the simulated agent, in milliseconds; default 25. */
  stepMs?: number;
  /** Interval of the SSE comment heartbeat, in milliseconds; default 15000. */
  heartbeatMs?: number;
  /**
   * The agents that exist: creating a task (or reporting) for any other id is a 404, as on the
   * platform. `'any'` accepts every id. An object names the scenario each agent runs, such as
   * `{ 'agent-123': 'happy', 'agent-approver': 'approval' }`. Default: `agent-123` and
   * `agent-demo` (the ids the README, the seeds and `npm start` use).
   */
  agents?: AgentList;
  /**
   * What the simulated agent does with a task whose agent has no scenario of its own (see
   * {@link Scenario}); default `'happy'`.
   */
  scenario?: Scenario;
  /**
   * How requests are held to openapi/tasks.yaml (every path, query, header and body): a
   * violation gets the platform's answer, a FastAPI `422 {"detail": [{type, loc, msg, input}]}`.
   * `'strict'` (the default) also refuses keys a schema does not declare, unknown query
   * parameters, values outside an enum and missing required keys. `'lenient'` lets those through (unknown keys are ignored, not
   * stored) and refuses only wrong types and a create without `input`.
   */
  validation?: Validation;
  /**
   * How event ids are written: `'integer'` (the default: 1, 2, 3… per task, as the platform
   * does) or `'opaque'` (strings a client cannot compare, to test that it resumes and dedupes
   * without relying on numbers). `Last-Event-ID` is read back in the same scheme.
   */
  eventIds?: EventIds;
  /**
   * The browser origins allowed to call it (CORS): `'*'` (the default) for any, a list of
   * origins such as `['http://localhost:5173']`, or `false` for no CORS headers at all.
   */
  corsOrigins?: CorsOrigins;
}

/** A running emulator. */
export interface Emulator {
  /** `http://host:port`, no trailing slash: the REST base and the events base alike. */
  url: string;
  /** The only `x-api-key` it accepts. */
  api_key: string;
  /** The organization its event streams are served under. */
  organization_id: string;
  /** Fault injection for tests: dropped and stalled streams, 5xx, 429, delays, truncated bodies. */
  faults: Faults;
  /** Every request received, oldest first. */
  requests: RecordedRequest[];
  /** Every execution metrics report received, oldest first. */
  metrics: unknown[];
  /** Makes an agent exist from now on, running `scenario` (default: the emulator's); changes the scenario of a known one. */
  addAgent(id: string, scenario?: Scenario): void;
  /**
   * Lets a paused task go on, as a person approving, authenticating a connector or answering a
   * question would (the platform's calls for these are not public). False when the task is
   * not paused.
   */
  resume(task_id: string): boolean;
  /** Ends every stream and timer and stops listening. */
  close(): Promise<void>;
}

function nonNegative(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be an integer from 0 to ${max}, got ${value}`);
  return value;
}

function nonEmpty(name: string, value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

/**
 * Starts the emulator on 127.0.0.1 (any free port by default). Node only.
 *
 * @example
 * ```ts
 * const emulator = await startEmulator();
 * console.log(emulator.url);
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = nonEmpty('host', options.host, '127.0.0.1');
  const api_key = nonEmpty('api_key', options.api_key, 'emulator-key');
  const organization_id = nonEmpty('organization_id', options.organization_id, 'org-emulator');
  const heartbeatMs = nonNegative('heartbeatMs', options.heartbeatMs, 15_000);
  if (heartbeatMs === 0) throw new RangeError('heartbeatMs must be positive');
  const agentList = options.agents ?? DEFAULT_AGENTS;
  const ids = Array.isArray(agentList) ? agentList : agentList !== null && typeof agentList === 'object' ? Object.keys(agentList) : undefined;
  if (agentList !== 'any' && (!ids || ids.some((id) => typeof id !== 'string' || id === ''))) {
    throw new TypeError("agents must be a list of agent ids, an object of agent ids and scenarios, or 'any'");
  }
  const agents = new AgentRegistry(agentList, checkScenario(options.scenario ?? 'happy'));
  const cors = options.corsOrigins ?? '*';
  if (cors !== '*' && cors !== false && (!Array.isArray(cors) || cors.some((o) => typeof o !== 'string'))) {
    throw new TypeError("corsOrigins must be '*', false or a list of origins");
  }
  const validation = options.validation ?? 'strict';
  if (validation !== 'strict' && validation !== 'lenient') throw new TypeError("validation must be 'strict' or 'lenient'");
  const eventIds = options.eventIds ?? 'integer';
  if (eventIds !== 'integer' && eventIds !== 'opaque') throw new TypeError("eventIds must be 'integer' or 'opaque'");
  const server = new EmulatorServer({
    cors,
    validation,
    eventIds,
    agents,
    apiKey: api_key,
    organizationId: organization_id,
    stepMs: nonNegative('stepMs', options.stepMs, 25),
    heartbeatMs,
  });
  const port = await server.listen(nonNegative('port', options.port, 0, 65_535), host);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    api_key,
    organization_id,
    faults: server.faults,
    requests: server.requests,
    metrics: server.metrics,
    addAgent: (id, scenario) => agents.add(nonEmpty('agent id', id, ''), scenario),
    resume: (task_id) => server.resume(task_id),
    close: () => (closing ??= server.close()),
  };
}
