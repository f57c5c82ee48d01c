// Runs startServer() in its own process (so the server's CPU is not the client's), reports
// { url, bulkPath } over IPC, and exits when the parent disconnects.
import { startServer } from './servers.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const server = await startServer(options);
process.send({ url: server.url, bulkPath: server.bulkPath });
process.on('disconnect', () => server.close().finally(() => process.exit(0)));
