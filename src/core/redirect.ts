/** Redirects are followed by the SDK itself, hop by hop, so each target is checked first. */
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Hops followed before a call gives up, for API calls and attachment downloads alike. */
export const MAX_REDIRECTS = 5;

/** The target a redirect answer points at, or null when it is not a redirect. */
export function redirectLocation(response: Response): string | null {
  return REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
}
