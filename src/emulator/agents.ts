import { notFound } from './http.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

/** The agents of `startEmulator({ agents })`: ids, `'any'`, or ids with the scenario each runs. */
export type AgentList = readonly string[] | 'any' | Readonly<Record<string, Scenario>>;

/**
 * The agents the emulator knows, as the platform knows an organization's agents: a task for
 * any other id is a 404 (the seeds document it for create). `'any'` accepts every id. Each
 * agent runs a scenario: its own, or the emulator's default.
 */
export class AgentRegistry {
  readonly #scenarios = new Map<string, Scenario>();
  readonly #any: boolean;

  constructor(
    agents: AgentList,
    private readonly fallback: Scenario,
  ) {
    this.#any = agents === 'any';
    if (isList(agents)) for (const id of agents) this.#scenarios.set(id, fallback);
    else if (agents !== 'any') for (const [id, scenario] of Object.entries(agents)) this.add(id, scenario);
  }

  /** Adds an agent (or changes its scenario) while the emulator runs. */
  add(id: string, scenario: Scenario = this.fallback): void {
    this.#scenarios.set(id, checkScenario(scenario));
  }

  /** The id, or the platform's 404 for an agent it does not have. */
  require(id: string): string {
    if (!this.#any && !this.#scenarios.has(id)) throw notFound(`Agent ${id} not found`);
    return id;
  }

  scenarioOf(id: string): Scenario {
    return this.#scenarios.get(id) ?? this.fallback;
  }
}

// Array.isArray does not narrow a readonly array type.
const isList = (agents: AgentList): agents is readonly string[] => Array.isArray(agents);

export function checkScenario(scenario: unknown): Scenario {
  if (!SCENARIOS.includes(scenario as Scenario)) {
    throw new TypeError(`Unknown scenario ${JSON.stringify(scenario)}; the scenarios are ${SCENARIOS.join(', ')}`);
  }
  return scenario as Scenario;
}

/** The agents known by default: the ids the README, the seeds and `npm start` use. */
export const DEFAULT_AGENTS: readonly string[] = ['agent-123', 'agent-demo'];
