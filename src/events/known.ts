import { TaskUpdateEventType } from '../../generated/types.gen.js';

const KNOWN: ReadonlySet<string> = new Set(Object.values(TaskUpdateEventType));

/** Whether this SDK version knows an event type; events of other types arrive with raw `data`. */
export function isKnownEventType(type: string): type is TaskUpdateEventType {
  return KNOWN.has(type);
}
