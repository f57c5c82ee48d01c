// The one flow `npm run test:runtimes` runs on every runtime, with the SDK from the packed
// tarball: plain JavaScript, web APIs only. `sdk` is the module's namespace as that runtime
// imports it; `env` says where the emulator and the helper site are. Returns one result per
// step ({ step, ok, detail }); a failing step never stops the next ones.

export async function runFlow(sdk, env) {
  const { Configuration, ModuleException, Tasks, Task, readTaskEvents, toSSEResponse } = sdk;
  const results = [];
  const step = async (name, body) => {
    try {
      const detail = await body();
      results.push({ step: name, ok: true, detail: detail === undefined ? '' : String(detail) });
    } catch (error) {
      results.push({ step: name, ok: false, detail: String(error && error.stack ? error.stack.split('\n').slice(0, 3).join(' | ') : error) });
    }
  };
  const check = (condition, message) => {
    if (!condition) throw new Error(message);
  };
  const options = {
    base_url: env.baseUrl,
    api_key: env.apiKey,
    organization_id: env.organizationId,
    attachments: { allowedHosts: ['127.0.0.1'] },
    ...(env.browser ? { dangerouslyAllowBrowser: true } : {}),
  };
  const configuration = new Configuration(options);
  const tasks = new Tasks(configuration);
  let task;

  await step('create with events_streaming and a file URL', async () => {
    task = await tasks.create({ agent_id: 'agent-runtimes', prompt: 'Summarize the file', file_urls: [env.fileUrl], events_streaming: true });
    check(task instanceof Task && task.status === 'pending', `status ${task && task.status}`);
    return task.id;
  });
  await step('events to task_finished', async () => {
    const types = [];
    for await (const event of task.events()) types.push(event.type);
    check(types[0] === 'task_created' && types.at(-1) === 'task_finished', types.join(','));
    return `${types.length} events`;
  });
  await step('reload to completed', async () => {
    await task.reload();
    check(task.status === 'completed', `status ${task.status}`);
  });
  await step('get', async () => {
    const again = await tasks.get(task.id);
    check(again.id === task.id && again.result === task.result, 'a different task');
  });
  await step('list and item.load()', async () => {
    const items = await tasks.list('agent-runtimes');
    const item = items.find((i) => i.id === task.id);
    check(item, 'the task is not listed');
    const full = await item.load();
    check(full.id === task.id && full.status === 'completed', `loaded ${full.status}`);
    return `${items.length} listed`;
  });
  await step('update and save', async () => {
    const updated = await tasks.update({ task_id: task.id, internal_status: 'reviewed' });
    check(updated.internal_status === 'reviewed', 'update not applied');
    task.result = 'edited on this runtime';
    await task.save();
    check((await tasks.get(task.id)).result === 'edited on this runtime', 'save not applied');
  });
  await step('a 404 is a ModuleException', async () => {
    const error = await tasks.get('no-such-task').then(() => undefined, (e) => e);
    check(error instanceof ModuleException && error.status_code === 404, `got ${error}`);
  });
  await step('toMessage() with the attachment', async () => {
    const message = await task.toMessage();
    check(message.includes('Files contents:') && message.includes('a,b'), message.slice(0, 120));
  });
  await step('an AbortSignal ends a stream', async () => {
    const long = await tasks.create({ agent_id: 'agent-long', prompt: 'long', events_streaming: true });
    const controller = new AbortController();
    let seen = 0;
    const error = await (async () => {
      for await (const _event of long.events({ signal: controller.signal })) if (++seen === 2) controller.abort();
    })().then(() => undefined, (e) => e);
    check(error instanceof ModuleException && error.kind === 'aborted', `got ${error}`);
    await tasks.stop(long.id);
    return `${seen} events, then aborted`;
  });
  await step('stop and wait', async () => {
    const long = await tasks.create({ agent_id: 'agent-long', prompt: 'stop me' });
    const stopped = await tasks.stop(long.id, { wait: true, pollInterval: 20 });
    check(stopped.status === 'stopped', `status ${stopped.status}`);
  });
  await step('tasks.run() waits for the result', async () => {
    const done = await tasks.run({ agent_id: 'agent-runtimes', prompt: 'run', events_streaming: true }, { timeout: 30_000 });
    check(done.status === 'completed' && done.result.includes('run'), `status ${done.status}`);
  });
  await step('relay round trip (toSSEResponse → readTaskEvents)', async () => {
    const types = [];
    for await (const event of readTaskEvents(toSSEResponse((resume) => tasks.events(task.id, resume)))) types.push(event.type);
    check(types.at(-1) === 'task_finished', types.join(','));
    return `${types.length} events`;
  });
  await step('a same-origin redirect', async () => {
    const redirected = new Tasks(new Configuration({ ...options, base_url: env.redirectBaseUrl }));
    const outcome = await redirected.get(task.id).then((t) => t, (e) => e);
    if (env.browser) {
      // A browser hides the target of a redirect: the SDK says so rather than failing vaguely.
      check(outcome instanceof ModuleException && /redirect/i.test(outcome.message), `got ${outcome}`);
      return 'refused with a clear error, as a browser must';
    }
    check(outcome instanceof Task && outcome.id === task.id, `got ${outcome}`);
    return 'followed';
  });
  return results;
}
