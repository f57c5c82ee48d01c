#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator } from './index.js';

const USAGE = 'usage: xpander-tasks-emulator [--port 4010] [--api-key KEY]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '4010' }, 'api-key': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port ?? '') || port > 65_535) throw new Error(`--port must be a port number, got ${values.port}`);
  const emulator = await startEmulator({ port, api_key: values['api-key'] });
  console.log(`xpander emulator listening on ${emulator.url} api_key=${emulator.api_key} organization_id=${emulator.organization_id}`);
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
