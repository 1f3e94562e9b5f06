import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { translate } from '../src/i18n/translate.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { phonePhoto, type StaffClient, signInStaff } from './helpers/catalog-admin.ts';
import { placeOrder } from './helpers/orders.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

/** The product form as staff fill it in (Vietnamese shop, English staff page), with overrides. */
function productForm(categoryId: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    sku: 'VAI-LANH-01',
    category: categoryId,
    model: 'LN-150',
    unit: 'metre',
    step: '0.5',
    tiles_per_box: '',
    price: '85000',
    stock: '40.5',
    status: 'active',
    name_vi: 'Nẹp nhôm viền gạch',
    description_vi: 'Nẹp nhôm, dài theo mét',
    quality_vi: 'Nhôm 6063, dày 1,2 mm',
    origin_vi: 'Bình Dương, Việt Nam',
    name_en: 'Aluminium tile trim',
    description_en: 'Aluminium trim, sold by the metre',
    quality_en: 'Aluminium 6063, 1.2 mm thick',
    origin_en: 'Binh Duong, Vietnam',
    name_bn: '',
    description_bn: '',
    quality_bn: '',
    origin_bn: '',
    name_fa: '',
    description_fa: '',
    quality_fa: '',
    origin_fa: '',
    ...overrides,
  };
}

function productIdOf(location: string | undefined): string {
  return /\/staff\/catalog\/([0-9a-f-]{36})/.exec(location ?? '')![1];
}

describeEachDatabase('catalogue administration (khatra)', (dialect) => {
  let shop: TestShop;
  let owner: StaffClient;
  let categoryId: string;

  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
    owner = await signInStaff(shop, 'owner', 'owner');
    categoryId = (await shop.app.catalogAdmin.categories())[0].id;
  });
  afterAll(async () => shop?.close());

  it('[KT-02][KT-03] staff add a product sold by the metre with its model, quality and origin; the storefront shows it', async () => {
    const created = await owner.post('/en/staff/catalog/new', productForm(categoryId), { follow: false });
    expect(created.status).toBe(303);
    const id = productIdOf(created.location);
    const stored = await shop.app.db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ unit: 'metre', model: 'LN-150', tiles_per_box: null });
    expect(Number(stored.step_milli)).toBe(500);
    expect(Number(stored.stock_milli)).toBe(40_500);
    expect(Number(stored.price_minor)).toBe(85_000);
    const page = textOf((await owner.get(`/vi/p/${id}`)).body);
    expect(page).toContain('Nẹp nhôm viền gạch');
    expect(page).toContain('LN-150');
    expect(page).toContain('Nhôm 6063, dày 1,2 mm');
    expect(page).toContain('Bình Dương, Việt Nam');
    // A customer may order 2.5 metres (a multiple of the step), not 2.3.
    const product = (await shop.app.catalog.byIds([id], 'vi'))[0];
    expect(product.stepMilli).toBe(500);
    // The initial stock is the first line of the history.
    const history = (await shop.app.catalogAdmin.product(id))!.history;
    expect(history).toEqual([
      expect.objectContaining({ reason: 'initial', deltaMilli: 40_500, stockAfterMilli: 40_500 }),
    ]);
  });

  it('a renamed product is found by its new name, not its old one, in the storefront search and the staff list', async () => {
    const created = await owner.post(
      '/en/staff/catalog/new',
      productForm(categoryId, { sku: 'NEP-INOX-02', name_vi: 'Nẹp inox chữ T', name_en: 'Steel T trim' }),
      { follow: false },
    );
    const id = productIdOf(created.location);
    const found = async (query: string) =>
      (await shop.app.catalog.list({ locale: 'vi', query })).items.map((p) => p.id);
    expect(await found('nep inox chu t')).toContain(id);
    const renamed = await owner.post(
      `/en/staff/catalog/${id}`,
      productForm(categoryId, { sku: 'NEP-INOX-02', name_vi: 'Nẹp đồng chữ L', name_en: 'Brass L trim' }),
      { follow: false },
    );
    expect(renamed.status).toBe(303);
    expect(await found('nep inox')).not.toContain(id);
    expect(await found('nẹp đồng chữ l')).toContain(id);
    const staff = await shop.app.catalogAdmin.list({ locale: 'en', query: 'brass l' });
    expect(staff.items.map((p) => p.sku)).toEqual(['NEP-INOX-02']);
    expect((await shop.app.catalogAdmin.list({ locale: 'en', query: 'steel t trim' })).items).toEqual([]);
  });

  it('[KT-03] a product sold by the box records how many tiles a box holds, and the edit page converts the stock', async () => {
    const created = await owner.post(
      '/en/staff/catalog/new',
      productForm(categoryId, { sku: 'GACH-6060', unit: 'box', step: '1', tiles_per_box: '4', stock: '10' }),
      { follow: false },
    );
    const id = productIdOf(created.location);
    const page = textOf((await owner.get(`/en/staff/catalog/${id}`)).body);
    expect(page).toContain('In stock: 10 boxes (40 tiles)');
  });

  it('the translations are side by side; the missing ones are marked, on the form and in the list', async () => {
    const list = await owner.get('/en/staff/catalog?q=VAI-LANH');
    expect(textOf(list.body)).toContain('Missing: বাংলা, فارسی');
    const id = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'VAI-LANH-01').executeTakeFirstOrThrow()
    ).id;
    const form = (await owner.get(`/fa/staff/catalog/${id}`)).body;
    expect(form).toMatch(/<fieldset class="translation missing" lang="fa-IR">/);
    expect(form).toMatch(/<fieldset class="translation" lang="vi-VN">/);
    // Each language is typed in its own direction, whatever the page's.
    expect(form).toMatch(/name="name_fa" value lang="fa-IR" dir="rtl"/);
    expect(form).toMatch(/name="name_en" value="Aluminium tile trim" lang="en-US" dir="ltr"/);
  });

  it('the staff list goes on page by page after the last SKU shown, every product once, and links back to the first page', async () => {
    const seen: string[] = [];
    let after: string | null = '';
    for (let pages = 0; after !== null && pages < 10; pages++) {
      const page = await shop.app.catalogAdmin.list({ locale: 'en', after: after || undefined, limit: 7 });
      seen.push(...page.items.map((p) => p.sku));
      after = page.next;
    }
    const all = await shop.app.db.selectFrom('products').select(['id', 'sku']).orderBy('sku').execute();
    expect(seen).toEqual(all.map((r) => r.sku));
    const second = await owner.get(`/en/staff/catalog?after=${encodeURIComponent(all[3].sku)}`);
    expect(second.body).toContain('>First page</a>');
    expect(textOf(second.body)).toContain(all[4].sku);
    expect(second.body).not.toContain(`/en/staff/catalog/${all[3].id}"`);
    expect(second.body).toContain(`/en/staff/catalog/${all[4].id}"`);
  });

  it('a form with mistakes keeps what was typed and says what is wrong next to each field, in the page language', async () => {
    const typed = productForm(categoryId, {
      sku: 'NEW-ONE',
      price: '12,5,0',
      step: '0',
      name_vi: '',
      quality_bn: 'ভালো',
    });
    const page = await owner.post('/vi/staff/catalog/new', typed);
    expect(page.status).toBe(422);
    expect(page.body).toContain('value="NEW-ONE"');
    expect(page.body).toContain('value="Aluminium tile trim"');
    expect(page.body).toContain('value="12,5,0"');
    expect(page.body).toMatch(/id="f-price-error">Hãy nhập giá/);
    expect(page.body).toMatch(/id="f-step-error">Hãy nhập một lượng lớn hơn 0/);
    expect(page.body).toMatch(/id="f-name_vi-error">Hãy nhập tên bằng ngôn ngữ của cửa hàng/);
    expect(page.body).toMatch(/id="f-name_bn-error">/);
    const taken = await owner.post('/en/staff/catalog/new', productForm(categoryId));
    expect(taken.status).toBe(422);
    expect(taken.body).toMatch(/id="f-sku-error">Another product already has this SKU/);
    expect(await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'NEW-ONE').execute()).toEqual([]);
  });

  it('only owners and managers manage the catalogue; others get 403, and nobody signed out gets in', async () => {
    const manager = await signInStaff(shop, 'manager', 'manager');
    expect((await manager.get('/en/staff/catalog')).status).toBe(200);
    for (const role of ['support', 'packer', 'courier'] as const) {
      const client = await signInStaff(shop, role, role);
      expect((await client.get('/en/staff/catalog')).status).toBe(403);
      expect((await client.post('/en/staff/catalog/new', productForm(categoryId, { sku: `X-${role}` }))).status).toBe(
        403,
      );
      expect(textOf((await client.get('/en/staff')).body)).not.toContain('Products');
    }
    const stranger = new (await import('./helpers/browser.ts')).FormClient(shop.server);
    const page = await stranger.get('/en/staff/catalog/import');
    expect(page.status).toBe(303);
    expect(page.location).toBe('/en/staff/login');
  });

  it('every catalogue route answers owners and managers, refuses support, packers and couriers (403), and sends the signed-out to sign in', async () => {
    const source = readFileSync(new URL('../src/modules/catalog-admin/routes.tsx', import.meta.url), 'utf8');
    const routes = [...source.matchAll(/server\.(get|post)\('([^']+)'/g)].map((m) => [m[1], m[2]] as const);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    // A product of its own: the owner's empty POST to …/remove deletes it.
    const made = await shop.app.catalogAdmin.create(
      {
        sku: 'MATRIX-1',
        categoryId,
        model: '',
        unit: 'piece',
        stepMilli: 1000,
        tilesPerBox: null,
        priceMinor: 1000,
        status: 'active',
        translations: { vi: { name: 'Ma trận', description: '', quality: '', origin: '' } },
      },
      0,
      'test',
    );
    if (!made.ok) throw new Error('not created');
    const product = made.id;
    const job = await shop.app.catalogImport.createJob({ csv: Buffer.from('SKU,Name\n'), actor: 'test', dryRun: true });
    const url = (path: string) =>
      path
        .replace(':locale', 'en')
        .replace(':id/images/:imageId', `${product}/images/00000000-0000-0000-0000-000000000000`)
        .replace('categories/:id', 'categories/new')
        .replace(':id', product)
        .replace(':job', job);
    const clients = {
      owner,
      manager: await signInStaff(shop, 'manager', 'manager-matrix'),
      support: await signInStaff(shop, 'support', 'support-matrix'),
      packer: await signInStaff(shop, 'packer', 'packer-matrix'),
      courier: await signInStaff(shop, 'courier', 'courier-matrix'),
    };
    const signedOut = new FormClient(shop.server);
    for (const [method, path] of routes) {
      // POSTs are sent empty: a permitted one is refused for its content (4xx) or acts on nothing, never a 403.
      const send = (c: FormClient) => (method === 'get' ? c.get(url(path)) : c.post(url(path), {}, { follow: false }));
      for (const role of ['owner', 'manager'] as const) {
        const page = await send(clients[role]);
        expect([403, 500].includes(page.status), `${role} ${method} ${path}: ${page.status}`).toBe(false);
      }
      for (const role of ['support', 'packer', 'courier'] as const)
        expect((await send(clients[role])).status, `${role} ${method} ${path}`).toBe(403);
      await signedOut.get('/en/staff/login');
      const page = await send(signedOut);
      expect([303, 403], `signed out ${method} ${path}`).toContain(page.status);
      if (page.status === 303) expect(page.location).toBe('/en/staff/login');
    }
  });

  it('a multipart upload without the session’s CSRF token is refused', async () => {
    const id = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'VAI-LANH-01').executeTakeFirstOrThrow()
    ).id;
    const form = new FormData();
    form.set('photo', new Blob([new Uint8Array(await phonePhoto())], { type: 'image/jpeg' }), 'a.jpg');
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const { cookie } = owner as unknown as { cookie: string };
    const res = await shop.server.inject({
      method: 'POST',
      url: `/en/staff/catalog/${id}/images`,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: {
        host: 'localhost:80',
        origin: 'http://localhost:80',
        cookie,
        'content-type': request.headers.get('content-type')!,
      },
    });
    expect(res.statusCode).toBe(403);
    // The owner may do this: the page says the form may have expired, not that the role does not allow it.
    expect(textOf(res.body)).toContain(translate('en', 'error.forbiddenBody'));
    expect(textOf(res.body)).not.toContain(translate('en', 'error.roleForbiddenBody'));
    expect((await shop.app.catalogAdmin.product(id))!.images).toHaveLength(0);
  });

  it('a photo is uploaded, resized to WebP without its EXIF and GPS, with alt text per language; a non-picture is refused next to the field', async () => {
    const id = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'VAI-LANH-01').executeTakeFirstOrThrow()
    ).id;
    await owner.get(`/en/staff/catalog/${id}`);
    const page = await owner.postFiles(
      `/en/staff/catalog/${id}/images`,
      { alt_vi: 'Nẹp nhôm màu bạc', alt_en: 'Silver aluminium trim', alt_bn: '', alt_fa: '' },
      { photo: { data: await phonePhoto(), name: 'IMG_0001.jpg', type: 'image/jpeg' } },
    );
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain('The photo was added.');
    const product = (await shop.app.catalogAdmin.product(id))!;
    expect(product.images).toHaveLength(1);
    expect(product.images[0].alts).toEqual({ vi: 'Nẹp nhôm màu bạc', en: 'Silver aluminium trim' });
    const stored = readdirSync(shop.app.mediaDir).filter((f) => f.startsWith(product.images[0].file.split('-')[0]));
    expect(stored.sort()).toEqual(expect.arrayContaining([expect.stringMatching(/-960\.webp$/)]));
    const meta = await sharp(
      readFileSync(join(shop.app.mediaDir, stored.find((f) => f.endsWith('-960.webp'))!)),
    ).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.width).toBe(960);
    expect(meta.exif).toBeUndefined();
    // The storefront card and page use it.
    expect((await owner.get(`/vi/p/${id}`)).body).toContain(`/media/${product.images[0].file.split('-')[0]}`);

    const refused = await owner.postFiles(
      `/vi/staff/catalog/${id}/images`,
      { alt_vi: 'Ảnh nẹp' },
      { photo: { data: Buffer.from('not a picture'), name: 'notes.txt', type: 'text/plain' } },
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatch(/id="f-photo-error">Tệp này không phải ảnh JPEG, PNG hay WebP/);
    expect(refused.body).toContain('name="alt_vi" value="Ảnh nẹp"');
    expect((await shop.app.catalogAdmin.product(id))!.images).toHaveLength(1);
  });

  it('stock is adjusted with a reason, never below zero, and every change is in the history with who made it', async () => {
    const id = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'GACH-6060').executeTakeFirstOrThrow()
    ).id;
    await owner.get(`/vi/staff/catalog/${id}`);
    expect((await owner.post(`/vi/staff/catalog/${id}/stock`, { change: '12', reason: 'received' })).status).toBe(200);
    expect((await owner.post(`/vi/staff/catalog/${id}/stock`, { change: '-3', reason: 'damaged' })).status).toBe(200);
    const refused = await owner.post(`/vi/staff/catalog/${id}/stock`, { change: '-100', reason: 'counted' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatch(/id="f-change-error">Tồn kho không thể nhỏ hơn 0/);
    expect(refused.body).toContain('value="-100"');
    const product = (await shop.app.catalogAdmin.product(id))!;
    expect(product.stockMilli).toBe(19_000);
    expect(product.history.map((h) => [h.reason, h.deltaMilli, h.stockAfterMilli])).toEqual(
      expect.arrayContaining([
        ['initial', 10_000, 10_000],
        ['received', 12_000, 22_000],
        ['damaged', -3_000, 19_000],
      ]),
    );
    expect(product.history).toHaveLength(3);
    const page = textOf((await owner.get(`/en/staff/catalog/${id}`)).body);
    expect(page).toContain('Stock history');
    expect(page).toContain('Damaged or lost');
    expect(page).toContain('Test owner');
  });

  it('bulk edits change the price of the ticked products by a percentage and set a counted stock', async () => {
    const rows = await shop.app.db
      .selectFrom('products')
      .select(['id', 'price_minor', 'stock_milli'])
      .orderBy('sku')
      .limit(3)
      .execute();
    await owner.get('/en/staff/catalog');
    const ids = rows.map((r) => r.id);
    const priced = await owner.post('/en/staff/catalog/bulk', { ids, bulk_action: 'price_percent', bulk_value: '10' });
    expect(textOf(priced.body)).toContain('The selected products were changed.');
    const counted = await owner.post('/en/staff/catalog/bulk', {
      ids,
      bulk_action: 'stock_set',
      bulk_value: '7',
      bulk_reason: 'counted',
    });
    expect(counted.status).toBe(200);
    const after = await shop.app.db
      .selectFrom('products')
      .select(['id', 'price_minor', 'stock_milli'])
      .where('id', 'in', ids)
      .execute();
    for (const r of rows) {
      const now = after.find((a) => a.id === r.id)!;
      expect(Number(now.price_minor)).toBe(Math.round(Number(r.price_minor) * 1.1));
      expect(Number(now.stock_milli)).toBe(7000);
    }
    const bad = await owner.post('/en/staff/catalog/bulk', { ids, bulk_action: 'price_set', bulk_value: 'abc' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/id="f-bulk_value-error">Enter a price/);
    expect(bad.body).toContain('value="abc"');
  });

  it('a product in orders is archived instead of deleted: the order keeps its line, the shop no longer sells it', async () => {
    const order = await placeOrder(shop, {
      buyer: { name: 'Trần Văn Bình', phone: '+84912345678', email: '', address: '12 Nguyễn Huệ, Quận 1' },
    });
    const ordered = (
      await shop.app.db
        .selectFrom('products')
        .select('id')
        .where('sku', '=', order.lines[0].sku)
        .executeTakeFirstOrThrow()
    ).id;
    await owner.get(`/en/staff/catalog/${ordered}`);
    const archived = await owner.post(`/en/staff/catalog/${ordered}/remove`, {});
    expect(textOf(archived.body)).toContain('This product is in orders, so it was archived instead of deleted.');
    const row = await shop.app.db
      .selectFrom('products')
      .select('status')
      .where('id', '=', ordered)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('archived');
    const again = (await shop.app.orders.byId(order.id))!;
    expect(again.lines).toEqual(order.lines);
    expect((await shop.app.catalog.list({ locale: 'en', pageSize: 1000 })).items.map((p) => p.id)).not.toContain(
      ordered,
    );
    // Its page is gone too, and a cart form still pointing at it adds nothing.
    const visitor = new FormClient(shop.server);
    expect((await visitor.get(`/en/p/${ordered}`)).status).toBe(404);
    expect(await shop.app.catalog.product(ordered, 'en')).toBeNull();

    const unordered = (
      await shop.app.db.selectFrom('products').select('id').where('sku', '=', 'GACH-6060').executeTakeFirstOrThrow()
    ).id;
    const deleted = await owner.post(`/en/staff/catalog/${unordered}/remove`, {});
    expect(textOf(deleted.body)).toContain('The product was deleted.');
    expect(
      await shop.app.db.selectFrom('stock_adjustments').select('id').where('product_id', '=', unordered).execute(),
    ).toEqual([]);
  });

  it('categories are created and translated; a taken address is refused next to the field with the typed names kept', async () => {
    await owner.get('/en/staff/catalog/categories');
    const made = await owner.post('/en/staff/catalog/categories/new', {
      slug: 'nep-nhom',
      sort: '9',
      name_vi: 'Nẹp nhôm',
      name_en: 'Aluminium trims',
      name_bn: '',
      name_fa: '',
    });
    expect(made.status).toBe(200);
    const created = (await shop.app.catalogAdmin.categories()).find((c) => c.slug === 'nep-nhom')!;
    expect(created.names).toEqual({ vi: 'Nẹp nhôm', en: 'Aluminium trims' });
    expect(made.body).toMatch(/Name \(বাংলা\)<span class="badge"> missing<\/span>/);
    expect(textOf((await owner.get('/vi/c/nep-nhom')).body)).toContain('Nẹp nhôm');
    const taken = await owner.post('/en/staff/catalog/categories/new', {
      slug: 'nep-nhom',
      sort: '1',
      name_vi: 'Khác',
      name_en: '',
    });
    expect(taken.status).toBe(422);
    expect(taken.body).toMatch(/id="c-new-slug-error">Another category already has this address/);
    expect(taken.body).toContain('value="Khác"');
  });
});
