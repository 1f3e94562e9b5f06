// The Vendure peer under load, in a process of its own (started by bench/vendure.ts):
//   VENDURE_DB=… VENDURE_ASSETS=… SUPERADMIN_PASSWORD=… node server.js
// Listens on 127.0.0.1 on a free port and prints {"port":N} on one line once the shop API answers, like
// bench/serve-shop.ts. Exits when its stdin closes (the benchmark died).
const { bootstrap } = require('@vendure/core');
const { freePort, vendureConfig } = require('./vendure-config');

async function main() {
  const port = await freePort();
  await bootstrap(vendureConfig({ port, wal: true }));
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  // Exit at once: nothing needs flushing (the database is a throw-away copy), and `app.close()` was seen to hang
  // until the benchmark's 15 s SIGKILL grace ran out.
  const stop = () => process.exit(0);
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
