/** The JSON text each parsed answer came from, so a Task can keep it as its snapshot for free. */
const sourceTexts = new WeakMap<object, string>();

/** Parses an answer's JSON and remembers its text; throws the SyntaxError of bad JSON. */
export function parseJson(text: string): unknown {
  const value = JSON.parse(text);
  if (value !== null && typeof value === 'object') sourceTexts.set(value, text);
  return value;
}

/** `JSON.stringify(value)`, taken from the answer it was parsed from when there is one. */
export function jsonText(value: object): string {
  return sourceTexts.get(value) ?? JSON.stringify(value);
}
