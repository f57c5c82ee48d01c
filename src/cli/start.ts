/**
 * `npm start`: the seeds' main example end to end. Creates a task with a prompt, file URLs and
 * events_streaming, prints its events live, reloads it and prints the outcome. With no
 * XPANDER_API_KEY it runs against the built-in emulator; with one, against the platform
 * (agent from the first argument or XPANDER_AGENT_ID).
 */
import { type Emulator, startEmulator } from '../emulator/index.js';
import { Configuration, ModuleException, Tasks } from '../index.js';
import { EventPrinter } from './printer.js';

async function main(): Promise<number> {
  let emulator: Emulator | undefined;
  let configuration: Configuration;
  let agent_id: string | undefined;
  if (process.env.XPANDER_API_KEY) {
    configuration = new Configuration();
    agent_id = process.argv[2] ?? process.env.XPANDER_AGENT_ID;
    if (!agent_id) {
      console.error('XPANDER_API_KEY is set: name the agent with `npm start -- <agent-id>` or XPANDER_AGENT_ID.');
      return 2;
    }
    console.log(`Using the xpander platform at ${configuration.base_url}`);
  } else {
    emulator = await startEmulator({ stepMs: 120 });
    configuration = new Configuration({
      base_url: emulator.url,
      api_key: emulator.api_key,
      organization_id: emulator.organization_id,
    });
    agent_id = process.argv[2] ?? 'agent-demo';
    console.log(`No XPANDER_API_KEY: using the built-in emulator at ${emulator.url}`);
  }
  try {
    const tasks = new Tasks(configuration);
    const task = await tasks.create({
      agent_id,
      prompt: 'Analyze the sales data',
      file_urls: ['https://example.com/sales_data.csv'],
      events_streaming: true,
    });
    console.log(`Created task: ${task.id} (${task.status})`);
    const printer = new EventPrinter(process.stdout);
    try {
      for await (const event of task.events({ onMalformed: (m) => printer.note(`skipped a malformed event: ${m.reason}`) })) {
        printer.print(event);
      }
    } finally {
      printer.end();
    }
    await task.reload();
    console.log(`Final status: ${task.status}`);
    console.log(`Result: ${task.result ?? '(none)'}`);
    return task.status === 'completed' ? 0 : 1;
  } finally {
    await emulator?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ModuleException ? `Failed: ${error.message}` : error);
    process.exit(1);
  },
);
