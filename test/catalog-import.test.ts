import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportCatalogCsv } from '../src/modules/catalog-admin/export.ts';
import { textOf } from './helpers/browser.ts';
import { phonePhoto, type StaffClient, signInStaff } from './helpers/catalog-admin.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';
import { thousandWithFiveBroken, wooCsv, wooProduct } from './helpers/woocommerce-csv.ts';

/** A local image host (no internet in tests) that counts what it was asked for. */
async function imageHost(): Promise<{ host: string; url: string; requests: string[]; close(): Promise<void> }> {
  const photo = await phonePhoto('#1f618d', 600, 400);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (/\/tile-[a-z]\.jpg$/.test(req.url ?? '')) res.writeHead(200, { 'content-type': 'image/jpeg' }).end(photo);
    else if (req.url?.endsWith('.txt')) res.writeHead(200, { 'content-type': 'image/jpeg' }).end('not a picture');
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function jobIdOf(location: string | undefined): string {
  return /\/import\/([0-9a-f]{32})$/.exec(location ?? '')![1];
}

async function startImport(
  client: StaffClient,
  csv: Buffer,
  fields: Record<string, string> = {},
  zip?: Buffer,
): Promise<string> {
  await client.get('/en/staff/catalog/import');
  const files: Record<string, { data: Buffer; name: string; type: string }> = {
    csv: { data: csv, name: 'wc-product-export.csv', type: 'text/csv' },
  };
  if (zip) files.images_zip = { data: zip, name: 'photos.zip', type: 'application/zip' };
  const page = await client.postFiles('/en/staff/catalog/import', { locale: 'vi', ...fields }, files, {
    follow: false,
  });
  expect(page.status).toBe(303);
  return jobIdOf(page.location);
}

describeEachDatabase('WooCommerce import and export (khatra)', (dialect) => {
  let shop: TestShop;
  let owner: StaffClient;
  let allowed: Awaited<ReturnType<typeof imageHost>>;
  let elsewhere: Awaited<ReturnType<typeof imageHost>>;
  const productCount = async () =>
    Number(
      (
        await shop.app.db
          .selectFrom('products')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    [shop, allowed, elsewhere] = await Promise.all([openTestShop(dialect, 'khatra'), imageHost(), imageHost()]);
    owner = await signInStaff(shop, 'owner', 'owner');
  });
  afterAll(async () => {
    await Promise.all([shop?.close(), allowed?.close(), elsewhere?.close()]);
  });

  it('a dry run of 1,000 rows reports the 5 broken ones with their reasons and changes nothing; the import then creates the rest; a re-import changes nothing', async () => {
    const csv = thousandWithFiveBroken();
    const before = await productCount();
    const preview = await startImport(owner, csv, { dry_run: '1' });
    await shop.app.catalogImport.run(preview);
    expect(await productCount()).toBe(before);
    const page = await owner.get(`/vi/staff/catalog/import/${preview}`);
    const text = textOf(page.body);
    expect(await shop.app.catalogImport.job(preview)).toMatchObject({
      status: 'done',
      totalRows: 1000,
      processedRows: 1000,
      created: 995,
      failed: 5,
    });
    for (const reason of [
      'SKU bị trống.',
      'Giá thường không phải số tiền hợp lệ.',
      'Chỉ nhập được sản phẩm đơn giản',
      'Một dòng trước đó có cùng SKU.',
      'Tồn kho không phải số từ 0 trở lên.',
    ])
      expect(text).toContain(reason);
    const failures = await shop.app.catalogImport.failures(preview);
    expect(failures.map((f) => [f.row, f.reason])).toEqual([
      [101, 'missing_sku'],
      [201, 'bad_price'],
      [301, 'unsupported_type'],
      [401, 'duplicate_sku'],
      [501, 'bad_stock'],
    ]);
    expect(failures[1].detail).toBe('giá liên hệ');

    // The owner looked at the preview and imports the same file for real.
    await owner.get(`/en/staff/catalog/import/${preview}`);
    const confirmed = await owner.post(`/en/staff/catalog/import/${preview}/confirm`, {}, { follow: false });
    const real = jobIdOf(confirmed.location);
    await shop.app.catalogImport.run(real);
    expect(await shop.app.catalogImport.job(real)).toMatchObject({
      status: 'done',
      created: 995,
      updated: 0,
      failed: 5,
    });
    expect(await productCount()).toBe(before + 995);
    const imported = await shop.app.db
      .selectFrom('products as p')
      .innerJoin('product_translations as t', 't.product_id', 'p.id')
      .innerJoin('category_translations as c', 'c.category_id', 'p.category_id')
      .select([
        'p.unit',
        'p.step_milli',
        'p.model',
        'p.price_minor',
        'p.stock_milli',
        't.name',
        't.description',
        'c.name as category',
      ])
      .where('p.sku', '=', 'WC-00003')
      .where('t.locale', '=', 'vi')
      .where('c.locale', '=', 'vi')
      .executeTakeFirstOrThrow();
    expect(imported).toMatchObject({ unit: 'metre', model: 'M-3', name: 'Gạch thử 3', category: 'Gạch lát nền' });
    expect(Number(imported.step_milli)).toBe(100);
    expect(Number(imported.price_minor)).toBe(100_003);
    expect(Number(imported.stock_milli)).toBe(3000);
    expect(imported.description).toBe('Gạch men số 3, "bóng", chống trơn.');
    const shownFirst = await owner.get('/vi/staff/catalog?q=WC-00001');
    expect(textOf(shownFirst.body)).toContain('Gạch thử 1');

    const adjustments = await shop.app.db
      .selectFrom('stock_adjustments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const again = await startImport(owner, csv, { dry_run: '0' });
    await shop.app.catalogImport.run(again);
    expect(await shop.app.catalogImport.job(again)).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 995,
      failed: 5,
    });
    expect(await productCount()).toBe(before + 995);
    const adjustmentsAfter = await shop.app.db
      .selectFrom('stock_adjustments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(adjustmentsAfter.n)).toBe(Number(adjustments.n));
  }, 60_000);

  it('a re-import with a changed price and stock updates only those products and records the stock change', async () => {
    const rows = [wooProduct(1, { 'Regular price': '123456', Stock: '9' }), wooProduct(2)];
    const job = await startImport(owner, wooCsv(rows), { dry_run: '0' });
    await shop.app.catalogImport.run(job);
    expect(await shop.app.catalogImport.job(job)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const product = await shop.app.db
      .selectFrom('products')
      .selectAll()
      .where('sku', '=', 'WC-00001')
      .executeTakeFirstOrThrow();
    expect(Number(product.price_minor)).toBe(123_456);
    const history = (await shop.app.catalogAdmin.product(product.id))!.history;
    expect(history[0]).toMatchObject({ reason: 'import', deltaMilli: 8000, stockAfterMilli: 9000 });
  });

  it('images are fetched only from the hosts the owner allows; a row with an image anywhere else is reported, and that host is never asked', async () => {
    const rows = [
      wooProduct(2001, { Images: `${allowed.url}/uploads/tile-a.jpg, ${allowed.url}/uploads/tile-b.jpg` }),
      wooProduct(2002, { Images: `${elsewhere.url}/uploads/tile-c.jpg` }),
      wooProduct(2003, { Images: `${allowed.url}/uploads/missing.jpg` }),
      wooProduct(2004, { Images: `${allowed.url}/uploads/fake.txt` }),
    ];
    const job = await startImport(owner, wooCsv(rows), { dry_run: '0', allowed_hosts: `http://${allowed.host}/` });
    await shop.app.catalogImport.run(job);
    expect(await shop.app.catalogImport.job(job)).toMatchObject({ created: 1, failed: 3 });
    expect((await shop.app.catalogImport.failures(job)).map((f) => f.reason)).toEqual([
      'image_host_not_allowed',
      'image_unavailable',
      'image_not_a_picture',
    ]);
    expect(elsewhere.requests).toEqual([]);
    expect(allowed.requests).toEqual([
      '/uploads/tile-a.jpg',
      '/uploads/tile-b.jpg',
      '/uploads/missing.jpg',
      '/uploads/fake.txt',
    ]);
    const id = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'WC-02001').executeTakeFirstOrThrow()
    ).id;
    expect((await shop.app.catalogAdmin.product(id))!.images).toHaveLength(2);
    const page = await owner.get(`/vi/p/${id}`);
    expect(page.body).toMatch(/<img[^>]+src="\/media\/[0-9a-f]{32}-480\.webp"/);

    // Importing again fetches nothing: the product has its photos.
    const again = await startImport(owner, wooCsv(rows.slice(0, 1)), { dry_run: '0', allowed_hosts: allowed.host });
    await shop.app.catalogImport.run(again);
    expect(await shop.app.catalogImport.job(again)).toMatchObject({ unchanged: 1 });
    expect(allowed.requests).toHaveLength(4);
  });

  it('images can come in a ZIP instead, matched by file name, with nothing downloaded', async () => {
    const zip = Buffer.from(zipSync({ 'photos/Gach Bong.jpg': new Uint8Array(await phonePhoto('#1e8449', 500, 500)) }));
    const rows = [wooProduct(3001, { Images: 'https://old-shop.example/wp-content/uploads/Gach%20Bong.jpg' })];
    const job = await startImport(owner, wooCsv(rows), { dry_run: '0' }, zip);
    await shop.app.catalogImport.run(job);
    expect(await shop.app.catalogImport.job(job)).toMatchObject({ created: 1, failed: 0 });
    const id = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'WC-03001').executeTakeFirstOrThrow()
    ).id;
    expect((await shop.app.catalogAdmin.product(id))!.images).toHaveLength(1);
  });

  it('an import left in the middle (the process stopped after a batch) continues where it stopped when its page is opened', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => wooProduct(5000 + i));
    const first = await startImport(owner, wooCsv(rows.slice(0, 500)), { dry_run: '0' });
    await shop.app.catalogImport.run(first);
    // The same 1,200-row file, whose first batch of 500 was committed when the process died.
    const id = await shop.app.catalogImport.createJob({ csv: wooCsv(rows), actor: 'test', locale: 'vi' });
    await shop.app.db
      .updateTable('import_jobs')
      .set({ status: 'running', processed_rows: 500, created_count: 500 })
      .where('id', '=', id)
      .execute();
    const page = await owner.get(`/en/staff/catalog/import/${id}`);
    expect(textOf(page.body)).toContain('You can leave this page');
    expect(page.body).toContain('<meta http-equiv="refresh" content="2"/>');
    await shop.app.catalogImport.run(id);
    // Resumed at row 501: nothing before it was read again (it would have counted as unchanged).
    expect(await shop.app.catalogImport.job(id)).toMatchObject({
      status: 'done',
      processedRows: 1200,
      created: 1200,
      unchanged: 0,
    });
    const done = await owner.get(`/en/staff/catalog/import/${id}`);
    expect(done.body).not.toContain('http-equiv="refresh"');
    expect(textOf(done.body)).toContain('1,200 of 1,200 rows');
  });

  it('the catalogue exported as CSV holds no personal data and round-trips through the import: a fresh shop gets the same products, and re-importing changes nothing', async () => {
    const response = await owner.get('/en/staff/catalog/export.csv?locale=vi');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    expect(response.headers['content-disposition']).toContain('attachment');
    const csv = Buffer.from(response.body);
    expect(response.body).not.toMatch(/@|\+84|Trần/);
    const fresh = await openTestShop(dialect, 'khatra', { seed: false });
    try {
      const result = await fresh.app.catalogImport.importCsv({ csv, actor: 'test', locale: 'vi' });
      const total = await productCount();
      expect(result).toMatchObject({ status: 'done', created: total, failed: 0 });
      const fields = [
        'p.sku',
        'p.unit',
        'p.step_milli',
        'p.tiles_per_box',
        'p.model',
        'p.price_minor',
        'p.stock_milli',
        'p.status',
        't.name',
        't.description',
        't.quality',
        't.origin',
        'c.name as category',
      ] as const;
      const read = (s: TestShop) =>
        s.app.db
          .selectFrom('products as p')
          .innerJoin('product_translations as t', (j) => j.onRef('t.product_id', '=', 'p.id').on('t.locale', '=', 'vi'))
          .innerJoin('category_translations as c', (j) =>
            j.onRef('c.category_id', '=', 'p.category_id').on('c.locale', '=', 'vi'),
          )
          .select(fields)
          .orderBy('p.sku')
          .execute();
      const normalise = (rows: Awaited<ReturnType<typeof read>>) =>
        rows.map((r) => ({
          ...r,
          step_milli: Number(r.step_milli),
          price_minor: Number(r.price_minor),
          stock_milli: Number(r.stock_milli),
          tiles_per_box: r.tiles_per_box === null ? null : Number(r.tiles_per_box),
        }));
      expect(normalise(await read(fresh))).toEqual(normalise(await read(shop)));
    } finally {
      await fresh.close();
    }
    const back = await shop.app.catalogImport.importCsv({ csv, actor: 'test', locale: 'vi' });
    expect(back).toMatchObject({ created: 0, updated: 0, failed: 0, unchanged: await productCount() });
    // The export streams in chunks; the first one is the header WooCommerce's importer maps by name.
    const first = await exportCatalogCsv(shop.app.db, shop.app.preset, 'en', 'http://localhost').next();
    expect(String(first.value)).toMatch(
      /^Type,SKU,Name,Published,Short description,Description,Regular price,Categories,Images,Stock,Attribute 1 name/,
    );
  }, 60_000);

  it('an upload that is not a WooCommerce export is refused next to the field, and packers cannot import', async () => {
    await owner.get('/en/staff/catalog/import');
    const page = await owner.postFiles(
      '/vi/staff/catalog/import',
      { allowed_hosts: 'img.example.com', dry_run: '1' },
      { csv: { data: Buffer.from('a,b\n1,2\n'), name: 'other.csv', type: 'text/csv' } },
    );
    expect(page.status).toBe(422);
    expect(page.body).toMatch(/id="f-csv-error">Tệp này không giống tệp xuất sản phẩm của WooCommerce/);
    expect(page.body).toContain('value="img.example.com"');
    const packer = await signInStaff(shop, 'packer', 'packer');
    expect((await packer.get('/en/staff/catalog/import')).status).toBe(403);
    expect((await packer.get('/en/staff/catalog/export.csv')).status).toBe(403);
  });
});
