import type { Client } from '../../generated/client/index.js';
import * as api from '../../generated/sdk.gen.js';
import type { Configuration } from '../configuration.js';
import { ModuleException } from '../core/errors.js';
import { policyFetch } from '../core/fetch.js';
import { clientFor, describe } from '../core/request.js';

/**
 * The generated `streamTaskEvents()` hands its request options to `client.sse.get`, whose
 * built-in SSE loop we do not use (it retries a 401 forever and hides errors). We take
 * those options (route, path parameters, auth) and send them through the generated
 * client's plain request path instead, asking for the raw body stream.
 */
const capture = { sse: { get: (options: unknown) => options } } as unknown as Client;

export interface Connection {
  body: ReadableStream<Uint8Array>;
  response: Response;
}

/** Opens the task's event stream; a non-2xx answer or a body that is not SSE is a ModuleException. */
export async function connect(
  config: Configuration,
  path: { organization_id: string; task_id: string },
  lastEventId: string | undefined,
  signal: AbortSignal,
): Promise<Connection> {
  const options = api.streamTaskEvents({ client: capture, path }) as unknown as Record<string, unknown>;
  const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-store' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const fetch = policyFetch({ fetch: config.fetch ?? globalThis.fetch, maxRetries: 0, signal, log: config.log });
  const result = await clientFor(config).get({
    ...options,
    baseUrl: config.getEventsBaseUrl(),
    headers,
    signal,
    fetch,
    parseAs: 'stream',
  } as Parameters<Client['get']>[0]) as { error?: unknown; response?: Response };
  const response = result.response;
  if (!response) throw result.error;
  if (!response.ok) throw new ModuleException(response.status, describe(result.error));
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream') || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new ModuleException(
      response.status,
      `Expected the task event stream (text/event-stream), got ${type || 'no content type'}`,
      'invalid_response',
    );
  }
  return { body: response.body, response };
}
