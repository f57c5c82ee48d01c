// Consumer (b): CommonJS with require(), as installed from the tarball. Exits non-zero on any failure.
const { Configuration, Task, Tasks } = require('xpander-tasks');
const { startEmulator } = require('xpander-tasks/emulator');

for (const specifier of ['xpander-tasks', 'xpander-tasks/emulator']) {
  const path = require.resolve(specifier).split('\\').join('/');
  if (!path.includes('/dist/cjs/')) throw new Error(`${specifier} resolved to ${path}, expected the dist/cjs tree`);
}

async function main() {
  const emulator = await startEmulator({ stepMs: 5, agents: ['agent-pack-test'] });
  try {
    const configuration = new Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id });
    const task = await new Tasks(configuration).create({ agent_id: 'agent-pack-test', prompt: 'Say hello', events_streaming: true });
    if (!(task instanceof Task)) throw new Error('create() did not return a Task');
    const seen = [];
    let finished = false;
    for await (const event of task.events()) {
      seen.push(event.type);
      if (event.type === 'task_finished') {
        finished = true;
        break;
      }
    }
    if (!finished) throw new Error(`the stream ended without task_finished: ${seen.join(', ')}`);
    await task.reload();
    if (task.status !== 'completed') throw new Error(`status after reload: ${task.status}`);
    console.log(`ok: ${seen.length} events ending in task_finished, status ${task.status}`);
  } finally {
    await emulator.close();
  }
}

setTimeout(() => {
  console.error('timed out after 30 s');
  process.exit(3);
}, 30_000).unref();

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
