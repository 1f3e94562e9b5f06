// Vendure as the benchmark's peer (bench/vendure.ts): one lean process on embedded SQLite, set up as in
// /work/shared/reference/vendure-peer.md (set C): better-sqlite3 with WAL and synchronous=NORMAL, the same
// pragmas Amanat uses. No search, job-queue, scheduler or e-mail plugin: the product list and the checkout need none.
// Vendure 3 sends anonymous telemetry to telemetry.vendure.io at start-up unless told not to; a benchmark must not
// reach out (and an installation id would be written to .vendure/).
process.env.VENDURE_DISABLE_TELEMETRY = 'true';

const net = require('node:net');
const path = require('node:path');
const { dummyPaymentHandler, DefaultLogger, LogLevel } = require('@vendure/core');
const { AssetServerPlugin } = require('@vendure/asset-server-plugin');

/** Where populate.js writes and server.js reads: VENDURE_DB (a file) and VENDURE_ASSETS (a folder). */
function vendureConfig({ port, wal }) {
  return {
    apiOptions: { hostname: '127.0.0.1', port, adminApiPath: 'admin-api', shopApiPath: 'shop-api' },
    authOptions: {
      tokenMethod: ['bearer', 'cookie'],
      // NODE_ENV=production refuses to start with Vendure's default superadmin password.
      superadminCredentials: { identifier: 'superadmin', password: process.env.SUPERADMIN_PASSWORD },
      cookieOptions: { secret: 'bench-cookie-secret' },
    },
    dbConnectionOptions: {
      type: 'better-sqlite3',
      database: process.env.VENDURE_DB,
      synchronize: true,
      logging: false,
      ...(wal ? { enableWAL: true, prepareDatabase: (db) => db.pragma('synchronous = NORMAL') } : {}),
    },
    paymentOptions: { paymentMethodHandlers: [dummyPaymentHandler] },
    importExportOptions: { importAssetsDir: process.env.VENDURE_IMPORT_ASSETS ?? path.join(__dirname, 'data') },
    logger: new DefaultLogger({ level: LogLevel.Warn }),
    // So that `featuredAsset { preview }` returns real URLs, as Amanat's cards carry real images.
    plugins: [AssetServerPlugin.init({ route: 'assets', assetUploadDir: process.env.VENDURE_ASSETS })],
  };
}

/** Vendure takes a port number, not 0, so a free one is found first. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

module.exports = { vendureConfig, freePort };
