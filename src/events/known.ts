import { TaskUpdateEventType } from '../../generated/types.gen.js';

const KNOWN: ReadonlySet<string> = new Set(Object.values(TaskUpdateEventType));

/** Whether this SDK version knows an event type; events of other types arrive with raw `data`. */
export function isKnownEventType(type: string): type is TaskUpdateEventType {
  return KNOWN.has(type);
}

/**
 * The event types whose `data` is a whole Task. openapi/ says so in each type's description
 * only (`data` is not typed by `type` in the schema), hence this one list.
 */
export const LIFECYCLE_TYPES: ReadonlySet<string> = new Set([
  TaskUpdateEventType.TaskCreated,
  TaskUpdateEventType.TaskUpdated,
  TaskUpdateEventType.TaskFinished,
]);
