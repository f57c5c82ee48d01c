import type { NetworkPolicy } from './attachments/network-guard.js';
import { ModuleException } from './core/errors.js';
import { consoleLogger, type DebugLogger } from './core/log.js';
import { INSPECT, REDACTED } from './core/secrets.js';
import { nonNegative } from './core/validate.js';

/** Options of {@link Configuration}; every one falls back to the environment or a default. */
export interface ConfigurationOptions {
  /** Falls back to `XPANDER_API_KEY`. Sent as `x-api-key`; never printed. */
  api_key?: string;
  /** Falls back to `XPANDER_BASE_URL`, then `https://inbound.xpander.ai` (staging with `IS_STG=true`). */
  base_url?: string;
  /** Falls back to `XPANDER_ORGANIZATION_ID`. */
  organization_id?: string;
  /** Where task event streams are served; derived from `base_url` when absent. */
  events_base_url?: string;
  /** Per-request timeout in milliseconds, body included (default 60 000). */
  timeout?: number;
  /** Retries of idempotent calls (GET, DELETE, PATCH) on transient failures (default 2). */
  maxRetries?: number;
  /** A `fetch` implementation to use instead of the global one; always called as a plain function. */
  fetch?: typeof fetch;
  /**
   * The largest REST answer read, in bytes, counted after decompression (default 32 MiB). A
   * larger one stops being read and fails the call with `invalid_response`.
   */
  maxResponseBytes?: number;
  /**
   * Allows an API key in a browser page. The key is organisation-wide and anyone who opens the
   * page can read it: keep it on a server (a route that calls the API for the page) unless the
   * page is an internal tool whose users may hold the key. Workers, Deno, Bun and Node are not
   * browsers and need no opt-in.
   */
  dangerouslyAllowBrowser?: boolean;
  /**
   * The default network policy of the attachment helpers of tasks made with this
   * configuration: private networks are refused unless allowed here or per call.
   */
  attachments?: NetworkPolicy;
  /**
   * Receives one record per HTTP attempt (method, path, status, attempt, timing) and per
   * stream reconnect or malformed event; never a header, body or secret. `XPANDER_DEBUG=1`
   * turns on a logger that writes them to stderr.
   */
  log?: DebugLogger;
}

const PRODUCTION = 'https://inbound.xpander.ai';
const STAGING = 'https://inbound.stg.xpander.ai';
const CONTROLLER = 'https://agent-controller.xpander.ai';
const STAGING_CONTROLLER = 'https://agent-controller.stg.xpander.ai';

/**
 * An environment variable, or undefined when unset, empty or not readable: the core entry runs
 * where `process` does not exist (browsers, edge workers) and where reading it throws (Deno
 * without env permission).
 */
function env(name: string): string | undefined {
  try {
    const value = typeof process === 'undefined' ? undefined : process.env?.[name];
    return value === '' || typeof value !== 'string' ? undefined : value;
  } catch {
    return undefined;
  }
}

/** A browser page (not a worker, Deno, Bun or Node): the place where a key is everyone's. */
function isBrowser(): boolean {
  return typeof window !== 'undefined' && typeof document !== 'undefined' && typeof navigator !== 'undefined';
}

function isOn(flag: string | undefined): boolean {
  return flag !== undefined && flag !== '0' && flag !== 'false';
}

/** The default of {@link ConfigurationOptions.maxResponseBytes}: far above any task or list seen. */
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

function withScheme(url: string): string {
  return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}

function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Where and how to reach the xpander API. Objects made from a configuration (tasks,
 * list items, event streams) keep using it and never fall back to the environment.
 *
 * @example
 * ```ts
 * const configuration = new Configuration({ api_key: 'xpander-key', organization_id: 'org-1' });
 * const tasks = new Tasks(configuration);
 * ```
 */
export class Configuration {
  readonly #apiKey: string | undefined;
  /** Whether REST routes take the organization as first segment; worked out once, at first use. */
  #onController: boolean | undefined;
  /** The REST base URL, with a scheme and without a trailing slash. */
  readonly base_url: string;
  /** The organization id: the first path segment on agent controllers and in event-stream URLs. */
  readonly organization_id: string | undefined;
  /** The event-stream host given explicitly, if any. */
  readonly events_base_url: string | undefined;
  /** Per-call timeout in milliseconds, body included. */
  readonly timeout: number;
  /** Retries of idempotent calls on transient failures. */
  readonly maxRetries: number;
  /** The `fetch` used for API calls; the global one when undefined. */
  readonly fetch: typeof fetch | undefined;
  /** The largest REST answer read, in bytes, after decompression. */
  readonly maxResponseBytes: number;
  /** The attachment helpers' default network policy. */
  readonly attachments: Readonly<NetworkPolicy>;
  /** The debug logger, when one was given or `XPANDER_DEBUG` is set. */
  readonly log: DebugLogger | undefined;

  constructor(options: ConfigurationOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw ModuleException.invalidInput('Configuration options must be an object');
    }
    this.#apiKey = options.api_key ?? env('XPANDER_API_KEY');
    if (this.#apiKey && isBrowser() && options.dangerouslyAllowBrowser !== true) {
      throw ModuleException.invalidInput(
        'An API key in a browser page is readable by anyone who opens it, and it is organisation-wide: ' +
          'call the API from a server route instead, or pass { dangerouslyAllowBrowser: true } if the page may hold the key',
      );
    }
    const base = options.base_url ?? env('XPANDER_BASE_URL') ?? (env('IS_STG') === 'true' ? STAGING : PRODUCTION);
    this.base_url = withoutTrailingSlash(withScheme(base));
    this.organization_id = options.organization_id ?? env('XPANDER_ORGANIZATION_ID');
    this.events_base_url =
      options.events_base_url === undefined ? undefined : withoutTrailingSlash(withScheme(options.events_base_url));
    this.timeout = nonNegative('timeout', options.timeout, 60_000);
    this.maxRetries = nonNegative('maxRetries', options.maxRetries, 2);
    if (options.attachments !== undefined && (options.attachments === null || typeof options.attachments !== 'object')) {
      throw ModuleException.invalidInput('attachments must be an object: { allowPrivateNetwork?, allowedHosts? }');
    }
    this.attachments = { ...options.attachments };
    this.maxResponseBytes = nonNegative('maxResponseBytes', options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES);
    if (options.fetch !== undefined && typeof options.fetch !== 'function') {
      throw ModuleException.invalidInput('fetch must be a function with the signature of the global fetch');
    }
    this.fetch = options.fetch;
    if (options.log !== undefined && typeof options.log !== 'function') {
      throw ModuleException.invalidInput('log must be a function receiving debug records');
    }
    this.log = options.log ?? (isOn(env('XPANDER_DEBUG')) ? consoleLogger : undefined);
  }

  /** The API key. Kept out of `util.inspect`, `JSON.stringify` and errors. */
  get api_key(): string | undefined {
    return this.#apiKey;
  }

  /** Whether an API key was given or found in `XPANDER_API_KEY`. */
  get hasApiKey(): boolean {
    return Boolean(this.#apiKey);
  }

  /** The API key, or a clear error naming `XPANDER_API_KEY` when there is none. */
  requireApiKey(): string {
    if (!this.#apiKey) {
      throw ModuleException.invalidInput(
        'No API key: pass { api_key } to new Configuration() or set the XPANDER_API_KEY environment variable',
      );
    }
    return this.#apiKey;
  }

  /** The organization id, or a clear error naming `XPANDER_ORGANIZATION_ID` when there is none. */
  requireOrganizationId(): string {
    if (!this.organization_id) {
      throw ModuleException.invalidInput(
        'No organization id: pass { organization_id } to new Configuration() or set XPANDER_ORGANIZATION_ID',
      );
    }
    return this.organization_id;
  }

  /**
   * The base of every REST route. Agent controllers (a host containing `agent-controller`,
   * or port 9016) take the organization id as the first path segment.
   */
  getFullUrl(): string {
    if (this.#onController === undefined) {
      let port = '';
      try {
        port = new URL(this.base_url).port;
      } catch {
        throw ModuleException.invalidInput(`base_url is not a valid URL: ${this.base_url}`);
      }
      this.#onController = this.base_url.includes('agent-controller') || port === '9016';
    }
    if (this.#onController) {
      return `${this.base_url}/${encodeURIComponent(this.requireOrganizationId())}`;
    }
    return this.base_url;
  }

  /**
   * The host of task event streams: `events_base_url` when given, else the agent controller
   * matching an inbound host, else `base_url` itself (self-hosted controllers).
   */
  getEventsBaseUrl(): string {
    if (this.events_base_url) return this.events_base_url;
    if (this.base_url.includes('inbound.stg.xpander')) return STAGING_CONTROLLER;
    if (this.base_url.includes('inbound.xpander')) return CONTROLLER;
    return this.base_url;
  }

  /** The settings, the API key redacted. */
  toJSON(): Record<string, unknown> {
    return {
      base_url: this.base_url,
      organization_id: this.organization_id,
      events_base_url: this.events_base_url,
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      api_key: this.#apiKey ? REDACTED : undefined,
    };
  }

  /** @internal What `util.inspect` shows: {@link Configuration.toJSON}. */
  [INSPECT](): string {
    return `Configuration ${JSON.stringify(this.toJSON())}`;
  }
}
