import { HttpError, notFound } from './http.js';

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export interface Match<H> {
  handler: H;
  params: Record<string, string>;
}

/** Exact-path routing: no trailing slash, no empty segment, so a client's `//` or stray `/` is a 404. */
export class Router<H> {
  readonly #routes: Route<H>[] = [];

  on(method: string, pattern: string, handler: H): this {
    this.#routes.push({ method, segments: pattern.split('/').slice(1), handler });
    return this;
  }

  match(method: string, path: string): Match<H> {
    const segments = path.split('/').slice(1);
    const allowed: string[] = [];
    for (const route of this.#routes) {
      const params = bind(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      allowed.push(route.method);
    }
    if (allowed.length) throw new HttpError(405, 'Method Not Allowed', { allow: allowed.join(', ') });
    throw notFound('Not Found');
  }
}

function bind(pattern: string[], segments: string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i];
    const actual = segments[i];
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      params[expected.slice(1)] = decode(actual);
    } else if (expected !== actual) return undefined;
  }
  return params;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `Malformed path segment: ${segment}`);
  }
}
