// Populates a fresh Vendure SQLite database from the catalogue bench/vendure.ts wrote into DIR:
//   VENDURE_DB=DIR/vendure.sqlite VENDURE_ASSETS=DIR/assets SUPERADMIN_PASSWORD=… node populate.js DIR
// (populated with TypeORM's default journal; server.js switches the file to WAL when it opens it)
// DIR holds initial-data.json, products.csv, import-assets/ and disabled.json (the slugs of the archived products:
// Vendure's CSV import has no column for them, so they are disabled afterwards, as Amanat's are kept but not
// listed). Prints {"ms":N} at the end.
const fs = require('node:fs');
const path = require('node:path');
const { bootstrap } = require('@vendure/core');
const { populate } = require('@vendure/core/cli');
const Database = require('better-sqlite3');
const { freePort, vendureConfig } = require('./vendure-config');

async function main() {
  const dir = process.argv[2];
  const started = performance.now();
  process.env.VENDURE_IMPORT_ASSETS = path.join(dir, 'import-assets');
  const config = vendureConfig({ port: await freePort(), wal: false });
  const app = await populate(
    () => bootstrap(config),
    JSON.parse(fs.readFileSync(path.join(dir, 'initial-data.json'), 'utf8')),
    path.join(dir, 'products.csv'),
  );
  await app.close();
  const disabled = JSON.parse(fs.readFileSync(path.join(dir, 'disabled.json'), 'utf8'));
  const db = new Database(process.env.VENDURE_DB);
  const product = db.prepare('UPDATE product SET enabled = 0 WHERE id = (SELECT "baseId" FROM product_translation WHERE slug = ?)');
  const variants = db.prepare('UPDATE product_variant SET enabled = 0 WHERE "productId" = (SELECT "baseId" FROM product_translation WHERE slug = ?)');
  const changed = db.transaction((slugs) => {
    let n = 0;
    for (const slug of slugs) {
      n += product.run(slug).changes;
      variants.run(slug);
    }
    return n;
  })(disabled);
  db.close();
  if (changed !== disabled.length) throw new Error(`disabled ${changed} of ${disabled.length} products`);
  process.stdout.write(`${JSON.stringify({ ms: Math.round(performance.now() - started) })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
