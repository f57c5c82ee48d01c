import type { Task, TaskUpdateEvent } from '../../generated/types.gen.js';
import { notFound } from './http.js';

export interface LoggedEvent {
  /** Per task, 1, 2, 3…: sent as the SSE `id:` and resumed from with `Last-Event-ID`. */
  id: number;
  event: TaskUpdateEvent;
}

/** How far the simulated agent got in the current run; the activity log shows only that much. */
export type Progress = 'thought' | 'tool_called';

export interface TaskRecord {
  task: Task;
  /** Every event of every run of the task, oldest first; `log[i].id === i + 1`. */
  log: LoggedEvent[];
  /** Id of the first event of the current run: where a subscriber without `Last-Event-ID` starts. */
  runStart: number;
  /** Id of the current run's `task_finished`, once written. */
  finishedId: number | null;
  progress: Set<Progress>;
  /** Called after each event is logged. */
  listeners: Set<() => void>;
}

export const now = () => new Date().toISOString();

/** Tasks and their event logs, in memory, for one organization. */
export class TaskStore {
  readonly #records = new Map<string, TaskRecord>();

  constructor(readonly organizationId: string) {}

  get(id: string): TaskRecord | undefined {
    return this.#records.get(id);
  }

  require(id: string): TaskRecord {
    const record = this.#records.get(id);
    if (!record) throw notFound(`Task ${id} not found`);
    return record;
  }

  /** Newest first, as the service's history lists are. */
  all(): TaskRecord[] {
    return [...this.#records.values()].reverse();
  }

  add(task: Task): TaskRecord {
    const record: TaskRecord = { task, log: [], runStart: 1, finishedId: null, progress: new Set(), listeners: new Set() };
    this.#records.set(task.id, record);
    return record;
  }

  /** Starts a new run of the task: later subscribers replay from here. */
  newRun(record: TaskRecord): void {
    record.runStart = record.log.length + 1;
    record.finishedId = null;
    record.progress.clear();
  }

  /** Logs a lifecycle event whose data is a snapshot of the task as it is now. */
  emitTask(record: TaskRecord, type: 'task_created' | 'task_updated' | 'task_finished'): void {
    record.task.updated_at = now();
    this.emit(record, type, record.task);
  }

  emit(record: TaskRecord, type: string, data: unknown): void {
    this.append(record, {
      type,
      task_id: record.task.id,
      organization_id: this.organizationId,
      time: now(),
      // Later changes to the task must not rewrite history already logged.
      data: structuredClone(data),
    });
  }

  append(record: TaskRecord, event: TaskUpdateEvent): void {
    const id = record.log.length + 1;
    record.log.push({ id, event });
    if (event.type === 'task_finished') record.finishedId = id;
    for (const listener of record.listeners) listener();
  }
}
