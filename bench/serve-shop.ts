/**
 * The shop server under load, in a process of its own: `node --import tsx bench/serve-shop.ts DATA_DIR`.
 * It opens the SQLite shop in DATA_DIR like `amanat serve` (same logger level, request logs written to /dev/null
 * instead of a terminal), listens on 127.0.0.1 on a free port and prints `{"port":N}` on one line.
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { buildServer } from '../src/server/index.ts';
import { openSqliteShop } from './shop.ts';

const dataDir = process.argv[2];
if (!dataDir) {
  process.stderr.write('usage: serve-shop.ts DATA_DIR\n');
  process.exit(2);
}

const app = await openSqliteShop(dataDir);
const logger = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: true }));
const server = await buildServer(app, { logger });
await server.listen({ port: 0, host: '127.0.0.1' });
const { port } = server.addresses()[0] as AddressInfo;
process.stdout.write(`${JSON.stringify({ port })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.close();
  await app.close();
  // A normal exit, so that --cpu-prof writes its profile.
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// The parent died: do not outlive it.
process.stdin.on('end', stop);
process.stdin.resume();
