// Consumer (c), ESM half: TypeScript with module/moduleResolution node16, compiled by tsc and run.
import { AgentExecutionStatus, Configuration, Task, Tasks, type CreateTaskParams, type TaskUpdateEvent } from 'xpander-tasks';
import { startEmulator, type Emulator, type EmulatorOptions } from 'xpander-tasks/emulator';

// The declarations are real types, not `any`: these must be errors.
// @ts-expect-error agent_id is required
const missingAgent: CreateTaskParams = { prompt: 'no agent' };
// @ts-expect-error stepMs is a number
const badOptions: EmulatorOptions = { stepMs: 'fast' };
void missingAgent;
void badOptions;

setTimeout(() => {
  console.error('timed out after 30 s');
  process.exit(3);
}, 30_000).unref();

const emulator: Emulator = await startEmulator({ stepMs: 5, agents: ['agent-pack-test'] });
try {
  const configuration = new Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id });
  const params: CreateTaskParams = { agent_id: 'agent-pack-test', prompt: 'Say hello', events_streaming: true };
  const task: Task = await new Tasks(configuration).create(params);
  const seen: TaskUpdateEvent['type'][] = [];
  let finished: Task | undefined;
  for await (const event of task.events()) {
    seen.push(event.type);
    if (event.type === 'task_finished') {
      finished = event.data; // narrowed to a hydrated Task
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
