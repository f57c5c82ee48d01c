// Workload for `node bench/diagnostics/profile.mjs`: only the SDK side of a benchmark, long enough to
// profile. argv: overhead|stream|raw|require|import url bulkPath
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { CJS_ENTRY, ESM_ENTRY } from '../build.mjs';
import { API_KEY, ORG, taskJson } from '../fixtures.mjs';
import { loadSdk } from '../sdk.mjs';

const [what, url] = process.argv.slice(2);

if (what === 'require') {
  createRequire(import.meta.url)(CJS_ENTRY); // a cold require of the CJS build
} else if (what === 'import') {
  await import(pathToFileURL(ESM_ENTRY).href); // a cold import of the ESM build
} else if (what === 'raw') {
  for (let i = 0; i < 6_000; i++) JSON.parse(await (await fetch(`${url}/agent-execution/task-bench-0001/status`, { headers: { 'x-api-key': API_KEY } })).text());
} else {
  const { Configuration, Task, Tasks } = await loadSdk();
  const configuration = new Configuration({ api_key: API_KEY, organization_id: ORG, base_url: url, maxRetries: 0 });
  if (what === 'overhead') {
    const tasks = new Tasks(configuration);
    for (let i = 0; i < 6_000; i++) await tasks.get('task-bench-0001');
  } else if (what === 'stream') {
    const task = new Task(taskJson('task-bench-0001'), configuration);
    for (let run = 0; run < 4; run++) for await (const event of task.events()) void event;
  } else throw new Error(`unknown workload ${what}`);
}
