// No Node import here: the emulator entry's declarations reach this file (see index.ts).

/** How the emulator writes event ids: 1, 2, 3… (the platform's), or opaque strings. */
export type EventIds = 'integer' | 'opaque';

/** The id written for the n-th event of a task's log (1-based). */
export function eventIdText(scheme: EventIds, taskId: string, n: number): string {
  if (scheme === 'integer') return String(n);
  // Opaque to a client (no integer, no order it can rely on), yet the emulator reads n back.
  let hash = 2166136261;
  for (const c of `${taskId}:${n}`) hash = Math.imul(hash ^ c.charCodeAt(0), 16777619) >>> 0;
  return `ev_${n.toString(36)}_${hash.toString(16).padStart(8, '0')}`;
}

/** The log position an id written by {@link eventIdText} names, or undefined for any other text. */
export function eventIdNumber(scheme: EventIds, text: string): number | undefined {
  const match = scheme === 'integer' ? /^\s*(\d+)\s*$/.exec(text) : /^ev_([0-9a-z]+)_[0-9a-f]{8}$/.exec(text);
  if (!match) return undefined;
  return scheme === 'integer' ? Number(match[1]) : Number.parseInt(match[1], 36);
}
