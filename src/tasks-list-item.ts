import type { TasksListItem as TasksListItemData } from '../generated/types.gen.js';
import { Configuration } from './configuration.js';
import type { RequestOptions } from './core/request.js';
import { INSPECT } from './core/secrets.js';
import { Task } from './task.js';

export interface TasksListItem extends TasksListItemData {}

/** One row of a task list; `load()` fetches the full {@link Task}. */
export class TasksListItem {
  readonly #configuration: Configuration;

  constructor(data: TasksListItemData, configuration: Configuration = new Configuration()) {
    this.#configuration = configuration;
    Object.assign(this, data);
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
