import { notFound } from './http.js';

/**
 * The agents the emulator knows, as the platform knows an organization's agents: a task for
 * any other id is a 404 (the seeds document it for create). `'any'` accepts every id.
 */
export class AgentRegistry {
  readonly #ids: Set<string> | 'any';

  constructor(agents: readonly string[] | 'any') {
    this.#ids = agents === 'any' ? 'any' : new Set(agents);
  }

  /** Adds an agent while the emulator runs. */
  add(id: string): void {
    if (this.#ids !== 'any') this.#ids.add(id);
  }

  /** The id, or the platform's 404 for an agent it does not have. */
  require(id: string): string {
    if (this.#ids !== 'any' && !this.#ids.has(id)) throw notFound(`Agent ${id} not found`);
    return id;
  }
}

/** The agents known by default: the ids the README, the seeds and `npm start` use. */
export const DEFAULT_AGENTS: readonly string[] = ['agent-123', 'agent-demo'];
