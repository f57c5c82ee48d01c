import { answer, chunks, thought, toolCall, toolResult } from './model.js';
import { type TaskRecord, now } from './store.js';
import { exampleValue } from './example-value.js';

/**
 * What the simulated agent does with a task. Every scenario emits the events and leaves the
 * final state the platform would; those that pause wait for `emulator.resume(task_id)`.
 */
export type Scenario =
  /** Think, call a tool, stream the answer in chunks, complete. */
  | 'happy'
  /** Pause for a person's approval (`paused`, `hitl_request`), then complete once resumed. */
  | 'approval'
  /** Ask the user to authenticate a connector (`pending_eca_request`, an `auth_event` with its URL), then complete once resumed. */
  | 'connector_auth'
  /** A deep-planning run: the plan in `deep_planning`, a `plan_updated` event as each item is done. */
  | 'deep_planning'
  /** A deep-planning run that stops on a question to the user (`paused`, `question_raised`), then completes once resumed. */
  | 'question'
  /** A tool call fails and the task ends `failed`. */
  | 'failure'
  /** The worker raises: the task ends `error`. */
  | 'error'
  /** 200 chunks, one per step: a run to stop mid-way. A stop lands three steps after it is asked. */
  | 'long'
  /** The result is JSON that matches the task's `output_schema` (an example value built from it). */
  | 'json'
  /** Two sub-tasks run (the happy path each) and finish before the task completes. */
  | 'sub_tasks';

/** Every scenario, for validation and help texts. */
export const SCENARIOS: readonly Scenario[] = [
  'happy', 'approval', 'connector_auth', 'deep_planning', 'question', 'failure', 'error', 'long', 'json', 'sub_tasks',
];

/** Scenarios whose stop is not immediate: the task goes on for this many steps after DELETE. */
export const STOP_DELAY_STEPS: Partial<Record<Scenario, number>> = { long: 3 };

/** What a step may ask of the agent: pause until resumed, or start a sub-task. */
export interface StepTools {
  emitTask(type: 'task_created' | 'task_updated' | 'task_finished'): void;
  emit(type: string, data: unknown): void;
  /** Starts a happy-path sub-task of this task; returns its id. */
  spawn(prompt: string): string;
}

/** `'pause'` stops the run until `emulator.resume(task_id)`; `'wait'` retries the step at the next tick. */
export type Step = (record: TaskRecord, tools: StepTools) => void | 'pause' | 'wait';

const set = (record: TaskRecord, fields: Record<string, unknown>) => Object.assign(record.task, fields);

const started: Step = (r, t) => {
  set(r, { status: 'executing', started_at: now() });
  t.emitTask('task_updated');
};
const think: Step = (r, t) => {
  r.progress.add('thought');
  t.emit('think', { type: 'think', title: 'Planning', thought: thought(r.task) });
};
const callTool: Step[] = [
  (r, t) => t.emit('tool_call_request', toolCall(r.task)),
  (r, t) => {
    r.progress.add('tool_called');
    t.emit('tool_call_result', { ...toolCall(r.task), result: toolResult(r.task), is_error: false });
  },
];
const finish = (status: string, result: string): Step => (r, t) => {
  set(r, { status, finished_at: now(), result });
  t.emitTask('task_finished');
};
const streamAnswer = (result: string): Step[] => [
  ...chunks(result).map((fragment): Step => (_r, t) => t.emit('chunk', fragment)),
  finish('completed', result),
];
const resumed = (fields: Record<string, unknown>): Step => (r, t) => {
  set(r, { status: 'executing', paused_at: null, ...fields });
  t.emitTask('task_updated');
};

function happy(record: TaskRecord): Step[] {
  return [started, think, ...callTool, ...streamAnswer(answer(record.task.input))];
}

function approval(record: TaskRecord): Step[] {
  const request = { wait_node_id: `${record.task.id}-approval`, title: 'Approve sending the answer', description: 'The agent waits for a person to approve.' };
  return [
    started,
    think,
    (r, t) => {
      set(r, { status: 'paused', paused_at: now(), hitl_request: request });
      t.emitTask('task_updated');
      return 'pause';
    },
    resumed({ hitl_request: null }),
    ...streamAnswer(answer(record.task.input)),
  ];
}

const CONNECTOR = { connector_name: 'google-drive', server_name: 'Google Drive', server_url: 'https://mcp.example.com/google-drive' };

function connectorAuth(record: TaskRecord): Step[] {
  const url = `https://auth.example.com/connect/${CONNECTOR.connector_name}?task=${encodeURIComponent(record.task.id)}`;
  return [
    started,
    (_r, t) => t.emit('auth_event', { type: 'login_required', data: { url, server_url: CONNECTOR.server_url, server_name: CONNECTOR.server_name } }),
    (r, t) => {
      // The status stays `executing`: nothing documents a status for this wait.
      set(r, { pending_eca_request: { connector_name: CONNECTOR.connector_name, auth_url: url } });
      t.emitTask('task_updated');
      return 'pause';
    },
    (_r, t) => t.emit('auth_event', { type: 'token_ready', data: { access_token: 'REDACTED' } }),
    (r, t) => {
      set(r, { pending_eca_request: null });
      t.emitTask('task_updated');
    },
    ...callTool,
    ...streamAnswer(answer(record.task.input)),
  ];
}

const PLAN = ['Read the request', 'Gather the facts', 'Write the answer'];

function planSteps(question: boolean): (record: TaskRecord) => Step[] {
  return (record) => {
    const plan = () => record.task.deep_planning as { tasks: { id: string; title: string; completed: boolean }[]; question_raised: boolean };
    const complete = (index: number): Step => (_r, t) => {
      plan().tasks[index].completed = true;
      t.emit('plan_updated', plan());
    };
    const steps: Step[] = [
      (r, t) => {
        set(r, {
          status: 'executing', started_at: now(),
          deep_planning: { enabled: true, enforce: true, started: true, question_raised: false, tasks: PLAN.map((title, i) => ({ id: `${r.task.id}-plan-${i + 1}`, title, completed: false })) },
        });
        t.emitTask('task_updated');
        t.emit('plan_updated', plan());
      },
      complete(0),
    ];
    if (question) {
      steps.push(
        (r, t) => {
          plan().question_raised = true;
          set(r, { status: 'paused', paused_at: now(), result: 'Which period should the answer cover?' });
          t.emitTask('task_updated');
          return 'pause';
        },
        (r, t) => {
          plan().question_raised = false;
          set(r, { status: 'executing', paused_at: null, result: null });
          t.emitTask('task_updated');
        },
      );
    }
    steps.push(complete(1), complete(2), ...streamAnswer(answer(record.task.input)));
    return steps;
  };
}

function failure(status: 'failed' | 'error'): (record: TaskRecord) => Step[] {
  return (record) => {
    const message = status === 'failed'
      ? `Emulated failure: the tool ${toolCall(record.task).tool_name} failed`
      : 'Emulated error: the worker raised an exception';
    const steps: Step[] = [started, think, (r, t) => t.emit('tool_call_request', toolCall(r.task))];
    if (status === 'failed') {
      steps.push((r, t) => t.emit('tool_call_result', { ...toolCall(r.task), result: { error: 'Service unavailable' }, is_error: true }));
    }
    steps.push((r, t) => {
      set(r, { internal_status: message });
      finish(status, message)(r, t);
    });
    return steps;
  };
}

function long(): Step[] {
  const text = Array.from({ length: 200 }, (_, i) => `part-${i + 1} `).join('');
  return [started, ...text.match(/\S+ /g)!.map((fragment): Step => (_r, t) => t.emit('chunk', fragment)), finish('completed', text)];
}

function json(record: TaskRecord): Step[] {
  const schema = record.task.output_schema;
  const value = schema ? exampleValue(schema) : { answer: answer(record.task.input) };
  return [started, think, ...callTool, ...streamAnswer(JSON.stringify(value))];
}

function subTasks(record: TaskRecord): Step[] {
  const children: string[] = [];
  return [
    started,
    ...[1, 2].map((n): Step => (r, t) => {
      const id = t.spawn(`Part ${n} of: ${r.task.input.text ?? ''}`);
      children.push(id);
      set(r, { sub_executions: [...children], is_orchestration: true });
      t.emit('sub_agent_trigger', { task_id: id, agent_id: r.task.agent_id, query: `Part ${n}` });
      t.emitTask('task_updated');
    }),
    // Waits, step after step, until both sub-tasks have finished.
    (r) => ((r.task.finished_sub_executions ?? []).length < children.length ? 'wait' : undefined),
    ...streamAnswer(answer(record.task.input)),
  ];
}

const PLANS: Record<Scenario, (record: TaskRecord) => Step[]> = {
  happy,
  approval,
  connector_auth: connectorAuth,
  deep_planning: planSteps(false),
  question: planSteps(true),
  failure: failure('failed'),
  error: failure('error'),
  long,
  json,
  sub_tasks: subTasks,
};

/** The steps of `scenario` for this run of the task. */
export function stepsOf(scenario: Scenario, record: TaskRecord): Step[] {
  return PLANS[scenario](record);
}
