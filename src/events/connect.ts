import * as api from '../../generated/sdk.gen.js';
import type { Configuration } from '../configuration.js';
import { ModuleException } from '../core/errors.js';
import { policyFetch } from '../core/fetch.js';
import { CAPTURE, type Operation, requestOf } from '../core/operation.js';
import { describe, errorBody } from '../core/request.js';

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
  // The generated operation gives the route and auth; its SSE client is not used (see CAPTURE).
  const op = api.streamTaskEvents({ client: CAPTURE, path }) as unknown as Operation;
  const headers: Record<string, string> = { accept: 'text/event-stream', 'cache-control': 'no-store' };
  if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
  const fetch = policyFetch({ fetch: config.fetch ?? globalThis.fetch, maxRetries: 0, signal, log: config.log });
  const { url, init } = requestOf(op, config.getEventsBaseUrl(), config.requireApiKey(), headers);
  const response = await fetch(url, { ...init, signal });
  if (!response.ok) throw new ModuleException(response.status, describe(errorBody(await response.text())));
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
