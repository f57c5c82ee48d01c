#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_AGENTS, SCENARIOS, type Scenario, startEmulator } from './index.js';

const USAGE = `usage: xpander-tasks-emulator [--port 4010] [--api-key KEY] [--agent ID[=SCENARIO]]... [--any-agent] [--scenario NAME]
scenarios: ${SCENARIOS.join(', ')}`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4010' },
      'api-key': { type: 'string' },
      agent: { type: 'string', multiple: true },
      'any-agent': { type: 'boolean' },
      scenario: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port ?? '') || port > 65_535) throw new Error(`--port must be a port number, got ${values.port}`);
  if (values['any-agent'] && values.agent) throw new Error('--agent and --any-agent exclude each other');
  // --agent ID=SCENARIO: the agent runs that scenario; a bare ID runs --scenario (or happy).
  const agents = values['any-agent']
    ? 'any'
    : values.agent && Object.fromEntries(values.agent.map((spec) => {
        const [id, scenario] = spec.split('=', 2);
        return [id, (scenario ?? values.scenario ?? 'happy') as Scenario];
      }));
  const emulator = await startEmulator({ port, api_key: values['api-key'], agents, scenario: values.scenario as Scenario | undefined });
  const known = agents === 'any' ? 'any' : agents ? Object.keys(agents).join(',') : DEFAULT_AGENTS.join(',');
  console.log(`xpander emulator listening on ${emulator.url} api_key=${emulator.api_key} organization_id=${emulator.organization_id} agents=${known}`);
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
});
