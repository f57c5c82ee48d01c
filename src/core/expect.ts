/**
 * What the facade relies on in a success body, checked by the engine (`policy.expect`): a
 * body that breaks the route's promise is an `invalid_response`, never a Task without an id.
 * Each returns what is wrong, or undefined.
 */

/** A JSON object. */
export function anObject(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return `expected a JSON object, got ${describeValue(data)}`;
  return undefined;
}

/** A task: an object with a non-empty string `id`. */
export function aTask(data: unknown): string | undefined {
  const problem = anObject(data);
  if (problem) return problem;
  const id = (data as { id?: unknown }).id;
  return typeof id === 'string' && id !== '' ? undefined : `expected a task with an id, got ${describeValue(data)}`;
}

/** An array of tasks. */
export function tasks(data: unknown): string | undefined {
  if (!Array.isArray(data)) return `expected a JSON array, got ${describeValue(data)}`;
  for (let i = 0; i < data.length; i++) {
    const problem = aTask(data[i]);
    if (problem) return `item ${i}: ${problem}`;
  }
  return undefined;
}

function describeValue(data: unknown): string {
  if (data === undefined) return 'an empty body';
  const text = JSON.stringify(data);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}
