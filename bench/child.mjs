// Spawning helpers: a server in its own process, and a one-shot worker that answers over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

/** Starts bench/server-child.mjs; resolves to { url, bulkPath, stop() }. */
export function forkServer(options = {}) {
  const child = fork(here('./server-child.mjs'), [JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`server child exited early (${code})`)));
    child.once('message', (info) => {
      child.removeAllListeners('exit');
      resolve({
        ...info,
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.disconnect();
        }),
      });
    });
  });
}

/** Runs `file` with `args` and node flags `execArgv`; resolves to the first IPC message it sends. */
export function runWorker(file, args, execArgv = []) {
  const child = fork(here(file), args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    let answer;
    child.once('message', (message) => (answer = message));
    child.once('error', reject);
    child.once('exit', (code) => (answer ? resolve(answer) : reject(new Error(`${file} exited with ${code} and no result`))));
  });
}
