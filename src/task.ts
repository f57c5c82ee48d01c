import * as api from '../generated/sdk.gen.js';
import type { AgentActivityThread, Task as TaskData } from '../generated/types.gen.js';
import { AgentExecutionStatus } from '../generated/types.gen.js';
import { Configuration } from './configuration.js';
import { clientFor } from './core/engine.js';
import { ModuleException } from './core/errors.js';
import { aTask } from './core/expect.js';
import { jsonText } from './core/json.js';
import { policy, type RequestOptions } from './core/request.js';
import { SECRET_HOLDERS } from '../generated/facts.gen.js';
import { INSPECT, redact } from './core/secrets.js';
import { checkEnum, checkInternalStatus, checkObject, requireId } from './core/validate.js';
import { fetchActivityLog } from './activity.js';
import type * as attachments from './attachments/index.js';
import { followTaskEvents, type TaskEventStream } from './events/stream.js';
import type { ExternalTaskReport } from './reports.js';
import type { EventsOptions } from './events/types.js';
import { assignFields, defineHidden, type FieldRules, putField, reservedNames, reservedOf } from './wire-fields.js';
import { isTerminal, pauseOf, type TaskPause } from './wait/pause.js';
import type { InferOutput, StandardSchemaV1 } from './wait/standard-schema.js';
import { DEFAULT_WAIT_TIMEOUT_MS, type StopOptions, type WaitOptions } from './wait/types.js';

/** Measured locally by whoever runs the task; reported with metrics, never saved. */
const LOCAL_METRICS = new Set(['tokens', 'used_tools', 'duration']);

export type { TaskData };

/** Options of {@link Task.save}. */
export interface SaveOptions {
  /** Also send `deep_planning` (the Python SDK's `with_deep_plan_update`). */
  with_deep_plan_update?: boolean;
}

export interface Task extends TaskData {}

/** What `save()` compares against: the last answer's JSON, and the fields it did not set. */
interface Synced {
  json: string;
  carried: Map<string, string | undefined> | undefined;
}

/**
 * One task with every wire field (snake_case, as the API sends them), fields this SDK does
 * not know yet included, and the methods that change it. Secrets (`user_oidc_token`,
 * `user_tokens`, MCP credentials) are redacted from `JSON.stringify` and `util.inspect`.
 *
 * @example
 * ```ts
 * const task = await Task.load('task-456');
 * task.result = 'Processing completed successfully';
 * task.internal_status = 'Data validation completed';
 * await task.save();
 * ```
 */
export class Task {
  readonly #configuration: Configuration;
  /** Each field's JSON when last loaded or saved: what `save()` compares against. */
  #synced: Synced = { json: '{}', carried: undefined };
  /** The answer's fields named like members of the object model (see {@link Task.reservedFields}). */
  #reserved: Readonly<Record<string, unknown>> | undefined;
  /** The last call that refreshes this instance: the next one waits for it. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(data: TaskData, configuration: Configuration = new Configuration()) {
    this.#configuration = configuration;
    this.refreshFrom(data);
  }

  /** The configuration this task was loaded with; every call it makes uses it. */
  get configuration(): Configuration {
    return this.#configuration;
  }

  /**
   * Loads a task by id.
   *
   * @example
   * ```ts
   * const task = await Task.load('task-456');
   * console.log(`Task status: ${task.status}`);
   * ```
   */
  static async load(task_id: string, configuration: Configuration = new Configuration(), options?: RequestOptions): Promise<Task> {
    requireId('task_id', task_id);
    const data = await api.getTask({
      client: clientFor(configuration),
      path: { task_id },
      policy: policy('Failed to get task', true, options, aTask),
    });
    return new Task(data, configuration);
  }

  /**
   * Re-reads this task from the platform; returns the same instance. Like every call that
   * refreshes the instance, it waits for the calls before it and keeps the edits made while
   * it was in flight (see {@link Task.save}).
   */
  async reload(options?: RequestOptions): Promise<this> {
    // Taken when called, not when its turn comes: what the caller does next is an edit.
    const task_id = requireId('task.id', this.id);
    const sent = this.#fieldTexts();
    return this.#inOrder(async () => {
      const data = await api.getTask({
        client: clientFor(this.#configuration),
        path: { task_id },
        policy: policy('Failed to reload task', true, options, aTask),
      });
      return this.refreshFrom(data, this.#editedSince(sent));
    });
  }

  /**
   * Sends the fields changed since the task was loaded or last saved (never the others,
   * so never a secret the caller did not set), then refreshes this instance from the answer.
   *
   * The rule for concurrent calls on one instance: `save`, `setStatus`, `stop` and `reload` run
   * one after the other, in the order they were called, so the instance ends with the last
   * answer. A field the caller changes while a call is in flight keeps the caller's value when
   * the answer arrives, and the next `save()` sends it.
   */
  async save(saveOptions: SaveOptions = {}, options?: RequestOptions): Promise<this> {
    checkObject('save options', saveOptions);
    // The body is built when save() is called, even if an earlier call is still in flight.
    const task_id = requireId('task.id', this.id);
    const sent = this.#fieldTexts();
    const body = this.changes(Boolean(saveOptions.with_deep_plan_update), sent);
    if ('status' in body) checkEnum('status', body.status, AgentExecutionStatus);
    if ('internal_status' in body) checkInternalStatus(body.internal_status);
    return this.#inOrder(async () => {
      const data = await api.updateTask({
        client: clientFor(this.#configuration),
        path: { task_id },
        body,
        policy: policy('Failed to save task', true, options, aTask),
      });
      return this.refreshFrom(data, this.#editedSince(sent));
    });
  }

  /**
   * Sets the status (and the result, when given) and saves. Without a result the result
   * stays as it was (the Python SDK wipes it).
   */
  async setStatus(status: AgentExecutionStatus, result?: string, options?: RequestOptions): Promise<this> {
    checkEnum('status', status, AgentExecutionStatus);
    if (status === undefined) throw ModuleException.invalidInput('setStatus needs a status');
    this.status = status;
    if (result !== undefined) this.result = result;
    return this.save({}, options);
  }

  /**
   * Stops the task; this instance then holds the stopped task (the {@link Task.save} rule
   * applies). With `{ wait: true }` it resolves only once the platform reports the task
   * finished: a stop may take a few steps of the agent to land.
   *
   * @example
   * ```ts
   * await task.stop({ wait: true, timeout: 30_000 });
   * console.log(task.status); // 'stopped' (or the status it finished with first)
   * ```
   */
  async stop(options?: StopOptions): Promise<this> {
    const task_id = requireId('task.id', this.id);
    const { wait, pollInterval, ...request } = checkObject('stop options', options ?? {}) as StopOptions;
    const startedAt = Date.now();
    const sent = this.#fieldTexts();
    await this.#inOrder(async () => {
      const data = await api.stopTask({
        client: clientFor(this.#configuration),
        path: { id: task_id },
        policy: policy('Failed to stop task', true, request, aTask),
      });
      return this.refreshFrom(data, this.#editedSince(sent));
    });
    return afterStop(this, wait, { signal: request.signal, pollInterval, timeout: request.timeout }, startedAt);
  }

  /**
   * Waits until the task is settled: finished (`completed`, `failed`, `error`, `stopped`) or
   * paused for a person ({@link Task.pause}); `until: 'terminal'` waits through pauses. Follows
   * the event stream when the task has `events_streaming` (polling if the stream cannot be
   * had), otherwise polls with a growing interval. Resolves with this instance, refreshed.
   * Bounded by `timeout` (one hour by default); its error gives the task's last status.
   *
   * @example
   * ```ts
   * await task.wait({ timeout: 120_000, onStatus: (t) => console.log(t.status) });
   * if (task.pause) console.log('Waiting for', task.pause.kind);
   * else console.log(task.status, task.result);
   * ```
   */
  async wait(options?: WaitOptions): Promise<this> {
    requireId('task.id', this.id);
    await (await waiting()).waitFor(this, options);
    return this;
  }

  /**
   * Why this task waits for a person, or null: an approval (`hitl_request`), a sign-in
   * (`pending_eca_request`, or an MCP login seen by the last {@link Task.wait}), a
   * deep-planning question, or `paused` for a reason the SDK cannot tell. Null once the task
   * has finished.
   */
  get pause(): TaskPause | null {
    return pauseOf(this);
  }

  /**
   * The result parsed as JSON (for `output_format: 'json'`) and, given a Standard Schema
   * validator (zod, valibot, arktype…), validated and typed by it. Not JSON, or not matching:
   * an `invalid_response` error that quotes the text or lists the issues.
   *
   * @example
   * ```ts
   * const Answer = z.object({ city: z.string(), population: z.number() });
   * const answer = await task.parseResult(Answer); // typed { city: string; population: number }
   * ```
   */
  parseResult(): Promise<unknown>;
  parseResult<S extends StandardSchemaV1>(schema: S): Promise<InferOutput<S>>;
  async parseResult(schema?: StandardSchemaV1): Promise<unknown> {
    return (await waiting()).parseResult(this, schema);
  }

  /**
   * Follows the task live. Needs a task created with `events_streaming: true`.
   *
   * @example
   * ```ts
   * for await (const event of task.events()) {
   *   console.log(`Event: ${event.type} at ${event.time}`);
   *   if (event.type === 'task_finished') console.log('Task completed!', event.data.result);
   * }
   * ```
   */
  events(options?: EventsOptions): TaskEventStream {
    return followTask(this.id, this.#configuration, options, this.organization_id, this.events_streaming);
  }

  /** The activity thread: messages, tool calls, reasoning, sub-agent triggers and auth events. */
  getActivityLog(options?: RequestOptions): Promise<AgentActivityThread> {
    return fetchActivityLog(this.#configuration, this.agent_id, this.id, options);
  }

  /**
   * Reports token use, tools and duration of this run; needs `task.tokens`. Uses this
   * task's configuration unless given another.
   */
  async reportMetrics(configuration: Configuration = this.#configuration, options?: RequestOptions): Promise<void> {
    return (await extras()).sendMetrics(configuration, this, options);
  }

  /** Records a task that ran outside xpander; `agent_id` is required. */
  static async reportExternalTask(
    report: ExternalTaskReport,
    configuration: Configuration = new Configuration(),
    options?: RequestOptions,
  ): Promise<Task> {
    return new Task(await (await extras()).sendExternalTask(configuration, report, options), configuration);
  }

  /** The PDF attachments, downloaded, as Agno-style file objects (`content` in base64). */
  async getFiles(options?: attachments.AttachmentOptions): Promise<attachments.AttachmentFile[]> {
    return (await extras()).getFiles(this, this.#attachmentOptions(options));
  }

  /** The image attachments as `{ url, mime_type }`; nothing is downloaded. */
  async getImages(): Promise<attachments.AttachmentImage[]> {
    return (await extras()).getImages(this);
  }

  /** The human-readable attachments with their text, in input order. */
  async getHumanReadableFiles(options?: attachments.AttachmentOptions): Promise<attachments.ReadableFile[]> {
    return (await extras()).getHumanReadableFiles(this, this.#attachmentOptions(options));
  }

  /**
   * The prompt text in the Python SDK's `to_message()` layout. Unlike the Python SDK it has
   * no side effects: no reload, no LLM call, no deep-planning compaction.
   *
   * @example
   * ```ts
   * const message = await task.toMessage();
   * ```
   */
  async toMessage(options?: attachments.AttachmentOptions): Promise<string> {
    return (await extras()).toMessage(this, this.#attachmentOptions(options));
  }

  /** The input and attachments as user-message content parts (Vercel AI SDK shape). */
  async toContentParts(options?: attachments.AttachmentOptions): Promise<attachments.ContentPart[]> {
    return (await extras()).toContentParts(this, this.#attachmentOptions(options));
  }

  /** Per-call attachment options over the configuration's network policy. */
  #attachmentOptions(options: attachments.AttachmentOptions | undefined): attachments.AttachmentOptions | undefined {
    // Not an object: handed on as it is, for the helper to refuse with a clear error.
    if (options !== undefined && (options === null || typeof options !== 'object')) return options;
    return { ...this.#configuration.attachments, ...options };
  }

  /**
   * Server fields whose names the object model uses (`__proto__`, `constructor`, a method such
   * as `save` or `toString`…): kept here, read-only, instead of on the instance, where they
   * would replace its prototype or a method. Never sent back by {@link Task.save}.
   */
  get reservedFields(): Readonly<Record<string, unknown>> {
    return this.#reserved ?? EMPTY;
  }

  /** The wire fields, secrets redacted (the reserved fields included, as they came). */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = {};
    for (const key of Object.getOwnPropertyNames(this)) fields[key] = (this as Record<string, unknown>)[key];
    const out = redact(fields) as Record<string, unknown>;
    for (const [key, value] of Object.entries(this.#reserved ?? {})) {
      const safe = (redact({ [key]: value }) as Record<string, unknown>)[key];
      Object.defineProperty(out, key, { value: safe, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** @internal What `util.inspect` shows: the wire fields, secrets redacted. */
  [INSPECT](_depth: number, options: object, inspect?: (value: unknown, options: object) => string): string {
    return `Task ${inspect ? inspect(this.toJSON(), options) : JSON.stringify(this)}`;
  }

  /** Runs `call` after every call before it on this instance has settled. */
  #inOrder<T>(call: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(call, call);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Each field's JSON now, secret holders included: what a request was built from. */
  #fieldTexts(): Map<string, string | undefined> {
    const texts = new Map<string, string | undefined>();
    for (const key of Object.getOwnPropertyNames(this)) texts.set(key, JSON.stringify((this as Record<string, unknown>)[key]));
    return texts;
  }

  /** The fields the caller changed since `sent` was taken: a refresh keeps their values. */
  #editedSince(sent: Map<string, string | undefined>): Set<string> | undefined {
    let edited: Set<string> | undefined;
    for (const key of Object.getOwnPropertyNames(this)) {
      if (JSON.stringify((this as Record<string, unknown>)[key]) !== sent.get(key)) (edited ??= new Set()).add(key);
    }
    return edited;
  }

  /**
   * @internal Copies a server answer onto this instance and marks it as saved; fields in
   * `keep` (edited while the request was in flight) keep the caller's value and stay unsaved.
   */
  protected refreshFrom(data: TaskData, keep?: Set<string>): this {
    const self = this as Record<string, unknown>;
    const previous = Object.getOwnPropertyNames(this); // none when constructing
    if (previous.length === 0 && assignFields(this, data, RULES)) {
      this.#reserved = undefined;
      this.#synced = { json: jsonText(data), carried: undefined };
      return this;
    }
    let carried: Map<string, string | undefined> | undefined;
    for (const key of Object.keys(data)) {
      if (RULES.reserved.has(key) || keep?.has(key)) continue;
      const value = (data as Record<string, unknown>)[key];
      // The server does not keep local metrics: an answer without them must not erase them.
      if (LOCAL_METRICS.has(key) && value == null && self[key] != null) {
        (carried ??= new Map()).set(key, JSON.stringify(self[key]));
        continue;
      }
      putField(this, key, value, RULES);
    }
    for (const key of previous) {
      if (!Object.hasOwn(data, key) && !keep?.has(key)) (carried ??= new Map()).set(key, JSON.stringify(self[key]));
    }
    if (previous.length === 0) defineHidden(this, RULES);
    this.#reserved = reservedOf(data, RULES);
    // One serialization of the answer, not one per field; save() alone splits it up.
    this.#synced = { json: jsonText(data), carried };
    return this;
  }

  /** Each field's JSON when last loaded or saved. */
  #syncedFields(): Map<string, string | undefined> {
    const fields = new Map(this.#synced.carried);
    const answer = JSON.parse(this.#synced.json) as Record<string, unknown>;
    for (const key of Object.keys(answer)) {
      if (!RULES.reserved.has(key) && !fields.has(key)) fields.set(key, JSON.stringify(answer[key]));
    }
    return fields;
  }

  private changes(withDeepPlan: boolean, now: Map<string, string | undefined>): Record<string, unknown> {
    const self = this as Record<string, unknown>;
    const body: Record<string, unknown> = {};
    const synced = this.#syncedFields();
    for (const key of new Set([...now.keys(), ...synced.keys()])) {
      if (LOCAL_METRICS.has(key) || key === 'deep_planning' || RULES.reserved.has(key)) continue;
      if (now.get(key) !== synced.get(key)) body[key] = self[key] ?? null;
    }
    if (withDeepPlan) body.deep_planning = self.deep_planning ?? null;
    return body;
  }
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze(Object.create(null));

/**
 * @internal The event stream of a task known by id: what `task.events()` and `tasks.events()`
 * share. Lifecycle events hydrate into new Tasks; the status check reads a fresh one.
 */
export function followTask(
  task_id: string,
  configuration: Configuration,
  options: EventsOptions | undefined,
  organization_id = configuration.organization_id ?? '',
  events_streaming: boolean | null | undefined = true,
): TaskEventStream {
  return followTaskEvents(
    {
      id: task_id,
      organization_id,
      events_streaming,
      configuration,
      hydrate: (data) => new Task(data, configuration),
      // A fresh read, never the caller's instance: its unsaved edits stay as they are.
      currentStatus: async (signal) => (await Task.load(task_id, configuration, { signal, maxRetries: 0 })).status,
    },
    options,
  );
}

/** The attachment helpers and reports, loaded at first use (task-extras.ts says why). */
function extras(): Promise<typeof import('./task-extras.js')> {
  return import('./task-extras.js');
}

/** Waiting and result parsing, loaded at first use with the event loop (streaming.ts says why). */
function waiting(): Promise<typeof import('./streaming.js')> {
  return import('./streaming.js');
}

/**
 * @internal What `task.stop()` and `tasks.stop()` share once the stop has answered: the task
 * as it is, or, with `wait`, once it is terminal, within what is left of `timeout`.
 */
export async function afterStop<T extends Task>(task: T, wait: boolean | undefined, options: Pick<WaitOptions, 'signal' | 'pollInterval' | 'timeout'>, startedAt: number): Promise<T> {
  if (!wait || isTerminal(task.status)) return task;
  return task.wait({ ...options, until: 'terminal', timeout: remaining(options.timeout, startedAt) });
}

/** What is left of a `timeout` started at `startedAt`: the default wait when none, 0 (none) kept. */
export function remaining(timeout: number | undefined, startedAt: number): number {
  const total = timeout ?? DEFAULT_WAIT_TIMEOUT_MS;
  return total === 0 ? 0 : Math.max(1, total - (Date.now() - startedAt));
}

/** Where a server answer's fields go on a Task (wire-fields.ts). */
const RULES: FieldRules = {
  reserved: reservedNames(Task.prototype),
  hidden: new Set(SECRET_HOLDERS.Task),
};
