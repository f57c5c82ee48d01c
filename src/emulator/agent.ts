import { answer, chunks, thought, toolCall, toolResult } from './model.js';
import { type TaskRecord, type TaskStore, now } from './store.js';

type Step = (record: TaskRecord) => void;

function plan(store: TaskStore, record: TaskRecord): Step[] {
  const result = answer(record.task.input);
  return [
    (r) => {
      Object.assign(r.task, { status: 'executing', started_at: now() });
      store.emitTask(r, 'task_updated');
    },
    (r) => {
      r.progress.add('thought');
      store.emit(r, 'think', { type: 'think', title: 'Planning', thought: thought(r.task) });
    },
    (r) => store.emit(r, 'tool_call_request', toolCall(r.task)),
    (r) => {
      r.progress.add('tool_called');
      store.emit(r, 'tool_call_result', { ...toolCall(r.task), result: toolResult(r.task), is_error: false });
    },
    ...chunks(result).map((fragment): Step => (r) => store.emit(r, 'chunk', fragment)),
    (r) => {
      Object.assign(r.task, { status: 'completed', finished_at: now(), result });
      store.emitTask(r, 'task_finished');
    },
  ];
}

/** Runs each task through a scripted execution, one event every `stepMs`. */
export class SimulatedAgent {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly store: TaskStore,
    private readonly stepMs: number,
  ) {}

  /** Logs `task_created` now and schedules the rest of the run; replaces a run in progress. */
  start(record: TaskRecord): void {
    this.halt(record.task.id);
    this.store.newRun(record);
    this.store.emitTask(record, 'task_created');
    const steps = plan(this.store, record);
    const next = (index: number) => {
      const timer = setTimeout(() => {
        steps[index](record);
        if (index + 1 < steps.length) next(index + 1);
        else this.#timers.delete(record.task.id);
      }, this.stepMs);
      this.#timers.set(record.task.id, timer);
    };
    next(0);
  }

  halt(taskId: string): void {
    clearTimeout(this.#timers.get(taskId));
    this.#timers.delete(taskId);
  }

  haltAll(): void {
    for (const id of [...this.#timers.keys()]) this.halt(id);
  }
}
