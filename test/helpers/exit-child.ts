// Run with `node --import tsx`: a wait that times out or is aborted, or a consumer that takes
// events with next() up to task_finished and no further; then the emulator closes. The process
// must then exit by itself: a timer, socket or listener left behind would hold it open (the
// default whole-wait limit is an hour, the stream's idle clock two minutes).
import { Configuration, ModuleException, Tasks } from '../../src';
import { startEmulator } from '../../src/emulator';

async function main(mode: string): Promise<void> {
  const emulator = await startEmulator({ stepMs: 5, agents: { 'agent-long': 'long', 'agent-123': 'happy' } });
  const tasks = new Tasks(new Configuration({ base_url: emulator.url, api_key: emulator.api_key, organization_id: emulator.organization_id }));
  if (mode === 'events-until-finished') {
    const short = await tasks.create({ agent_id: 'agent-123', prompt: 'short', events_streaming: true });
    const events = short.events();
    let last = await events.next();
    while (!last.done && last.value.type !== 'task_finished') last = await events.next();
    await emulator.close();
    console.log(last.done ? 'done' : last.value.type);
    return;
  }
  const task = await tasks.create({ agent_id: 'agent-long', prompt: 'forever', events_streaming: mode !== 'timeout-poll' });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 100);
  const options = mode === 'abort' ? { signal: controller.signal, pollInterval: 10 } : { timeout: 100, pollInterval: 10 };
  const outcome = await task.wait(options).then(
    () => 'resolved',
    (error: unknown) => (error instanceof ModuleException ? error.kind : String(error)),
  );
  clearTimeout(timer);
  await tasks.stop(task.id);
  await emulator.close();
  console.log(outcome);
}

void main(process.argv[2] ?? 'timeout-stream');
