import type { TasksListItem as TasksListItemData } from '../generated/types.gen.js';
import { Configuration } from './configuration.js';
import type { RequestOptions } from './core/request.js';
import { INSPECT } from './core/secrets.js';
import { Task } from './task.js';
import { assignFields, type FieldRules, putField, reservedNames, reservedOf } from './wire-fields.js';

export interface TasksListItem extends TasksListItemData {}

/** One row of a task list; `load()` fetches the full {@link Task}. */
export class TasksListItem {
  readonly #configuration: Configuration;
  readonly #reserved: Readonly<Record<string, unknown>> | undefined;

  constructor(data: TasksListItemData, configuration: Configuration = new Configuration()) {
    this.#configuration = configuration;
    if (assignFields(this, data, RULES)) return;
    for (const key of Object.keys(data)) {
      if (!RULES.reserved.has(key)) putField(this, key, (data as Record<string, unknown>)[key], RULES);
    }
    this.#reserved = reservedOf(data, RULES);
  }

  /**
   * Server fields whose names the object model uses (`__proto__`, `constructor`, `load`,
   * `toString`…): kept here, read-only, instead of on the item (see `Task.reservedFields`).
   */
  get reservedFields(): Readonly<Record<string, unknown>> {
    return this.#reserved ?? Object.freeze(Object.create(null));
  }

  /** The configuration the list was read with. */
  get configuration(): Configuration {
    return this.#configuration;
  }

  /**
   * The full task, read with the configuration the list was read with unless another is given
   * (the Python SDK silently falls back to the environment here).
   */
  load(configuration: Configuration = this.#configuration, options?: RequestOptions): Promise<Task> {
    return Task.load(this.id, configuration, options);
  }

  /** @internal What `util.inspect` shows. */
  [INSPECT](_depth: number, options: object, inspect?: (value: unknown, options: object) => string): string {
    return `TasksListItem ${inspect ? inspect({ ...this }, options) : JSON.stringify(this)}`;
  }
}

/** Where a server answer's fields go on a TasksListItem (wire-fields.ts). */
const RULES: FieldRules = { reserved: reservedNames(TasksListItem.prototype), hidden: new Set() };
