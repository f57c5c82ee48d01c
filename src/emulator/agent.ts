import { randomUUID } from 'node:crypto';
import { isTerminal } from '../wait/pause.js';
import { blankTask } from './model.js';
import { type Scenario, type Step, type StepTools, STOP_DELAY_STEPS, stepsOf } from './scenarios.js';
import { type TaskRecord, type TaskStore, now } from './store.js';

/** Whether a task has reached a terminal status (the SDK's one list of them). */
export const isFinished = (record: TaskRecord) => isTerminal(record.task.status);

/** One run in progress: its steps, where it is, and a stop asked but not landed yet. */
interface Run {
  record: TaskRecord;
  scenario: Scenario;
  steps: Step[];
  index: number;
  timer?: NodeJS.Timeout;
  /** Set while the run waits for `resume()`. */
  paused: boolean;
  /** Steps left before an asked stop lands. */
  stopIn?: number;
}

/** Runs each task through its agent's scenario, one step every `stepMs`. */
export class SimulatedAgent {
  readonly #runs = new Map<string, Run>();

  constructor(
    private readonly store: TaskStore,
    private readonly stepMs: number,
  ) {}

  /** Logs `task_created` now and schedules the rest of the run; replaces a run in progress. */
  start(record: TaskRecord, scenario: Scenario): void {
    this.halt(record.task.id);
    this.store.newRun(record);
    this.store.emitTask(record, 'task_created');
    const run: Run = { record, scenario, steps: stepsOf(scenario, record), index: 0, paused: false };
    this.#runs.set(record.task.id, run);
    this.#schedule(run);
  }

  /** Continues a paused run (an approval given, a connector authenticated, a question answered). */
  resume(taskId: string): boolean {
    const run = this.#runs.get(taskId);
    if (!run?.paused) return false;
    run.paused = false;
    this.#schedule(run);
    return true;
  }

  /**
   * Stops the task as the platform does: at once for most scenarios; a `long` run goes on for
   * a few steps and then lands as `stopped` (the stop route answers with the task as it is).
   */
  stop(record: TaskRecord): void {
    const run = this.#runs.get(record.task.id);
    const delay = run && !run.paused ? STOP_DELAY_STEPS[run.scenario] : undefined;
    if (run && delay !== undefined) {
      run.stopIn ??= delay;
      return;
    }
    this.halt(record.task.id);
    this.#land(record);
  }

  halt(taskId: string): void {
    clearTimeout(this.#runs.get(taskId)?.timer);
    this.#runs.delete(taskId);
  }

  haltAll(): void {
    for (const id of [...this.#runs.keys()]) this.halt(id);
  }

  #schedule(run: Run): void {
    run.timer = setTimeout(() => this.#step(run), this.stepMs);
  }

  #step(run: Run): void {
    const { record } = run;
    if (run.stopIn !== undefined && run.stopIn-- <= 0) {
      this.#runs.delete(record.task.id);
      this.#land(record);
      return;
    }
    const outcome = run.steps[run.index](record, this.#tools(record));
    if (outcome !== 'wait') run.index++;
    if (run.index >= run.steps.length) {
      this.#runs.delete(record.task.id);
      this.#finished(record);
    } else if (outcome === 'pause') run.paused = true;
    else this.#schedule(run);
  }

  #tools(record: TaskRecord): StepTools {
    return {
      emit: (type, data) => this.store.emit(record, type, data),
      emitTask: (type) => this.store.emitTask(record, type),
      spawn: (prompt) => {
        const { task } = record;
        const child = blankTask(randomUUID(), task.agent_id, task.organization_id, { text: prompt, files: [], user: task.input.user ?? null });
        Object.assign(child, { parent_execution: task.id, triggering_agent_id: task.agent_id, events_streaming: task.events_streaming, mcp_servers: [], think_mode: 'default' });
        this.start(this.store.add(child), 'happy');
        return child.id;
      },
    };
  }

  /** A stop lands: `stopped`, manually, now. */
  #land(record: TaskRecord): void {
    Object.assign(record.task, { status: 'stopped', is_manually_stopped: true, finished_at: now() });
    this.store.emitTask(record, 'task_finished');
    this.#finished(record);
  }

  /** A sub-task that finished is recorded on its parent. */
  #finished(record: TaskRecord): void {
    const parentId = record.task.parent_execution;
    const parent = parentId ? this.store.get(parentId) : undefined;
    if (!parent) return;
    parent.task.finished_sub_executions = [...(parent.task.finished_sub_executions ?? []), record.task.id];
    this.store.emitTask(parent, 'task_updated');
  }
}

