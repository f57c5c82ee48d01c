// Consumer (d): TypeScript with moduleResolution bundler, a browser-style lib (DOM, no
// @types/node), type-checked, then bundled with esbuild and run. No `process` here: a
// failure throws, which exits non-zero.
import { AgentExecutionStatus, Configuration, Task, Tasks, type CreateTaskParams, type TaskUpdateEvent } from 'xpander-tasks';
import { startEmulator, type EmulatorOptions } from 'xpander-tasks/emulator';

// @ts-expect-error agent_id is required
const missingAgent: CreateTaskParams = { prompt: 'no agent' };
// @ts-expect-error stepMs is a number
const badOptions: EmulatorOptions = { stepMs: 'fast' };
void missingAgent;
void badOptions;

const emulator = await startEmulator({ stepMs: 5, agents: ['agent-pack-test'] });
try {
  const configuration = new Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id });
  const task: Task = await new Tasks(configuration).create({ agent_id: 'agent-pack-test', prompt: 'Say hello', events_streaming: true });
  const seen: TaskUpdateEvent['type'][] = [];
  let finished: Task | undefined;
  for await (const event of task.events({ signal: AbortSignal.timeout(30_000) })) {
    seen.push(event.type);
    if (event.type === 'task_finished') {
      finished = event.data;
      break;
    }
  }
  if (!finished) throw new Error(`the stream ended without task_finished: ${seen.join(', ')}`);
  await task.reload();
  if (task.status !== AgentExecutionStatus.Completed) throw new Error(`status after reload: ${task.status}`);
  console.log(`ok: ${seen.length} events ending in task_finished, status ${task.status}`);
} finally {
  await emulator.close();
}
