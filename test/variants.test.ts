import { afterAll, beforeAll, expect, it } from 'vitest';
import { formatMoney } from '../src/i18n/format.ts';
import { translator } from '../src/i18n/translate.ts';
import { exportCatalogCsv } from '../src/modules/catalog-admin/export.ts';
import { FormClient, textOf } from './helpers/browser.ts';
import { type StaffClient, signInStaff } from './helpers/catalog-admin.ts';
import { describeEachDatabase, openTestShop, type TestShop, withOutboxPaused } from './helpers/shop.ts';
import { wooCsv, wooProduct } from './helpers/woocommerce-csv.ts';

/** A T-shirt as staff of chotomoni create it (Bengali is the shop's language, the page is English). */
function shirtForm(categoryId: string): Record<string, string> {
  const form: Record<string, string> = {
    sku: 'TSHIRT',
    category: categoryId,
    model: 'TS-1',
    unit: 'piece',
    step: '1',
    tiles_per_box: '',
    price: '450',
    stock: '0',
    status: 'active',
    name_bn: 'সুতি টি-শার্ট',
    name_en: 'Cotton T-shirt',
  };
  for (const l of ['bn', 'en', 'vi', 'fa'])
    for (const f of ['description', 'quality', 'origin']) form[`${f}_${l}`] = '';
  form.name_vi = '';
  form.name_fa = '';
  return form;
}

/** Two options (size, colour) and two variants: M / Red at the product's price with 5 in stock, L / Blue dearer and sold out. */
function variantsForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    option_1_bn: 'সাইজ',
    option_1_en: 'Size',
    option_1_vi: '',
    option_1_fa: '',
    option_2_bn: 'রং',
    option_2_en: 'Colour',
    option_2_vi: '',
    option_2_fa: '',
    option_3_bn: '',
    option_3_en: '',
    option_3_vi: '',
    option_3_fa: '',
    v_0_sku: 'TSHIRT-M-RED',
    v_0_value_1: 'M',
    v_0_value_2: 'Red',
    v_0_value_3: '',
    v_0_price: '',
    v_0_stock: '5',
    v_1_sku: 'TSHIRT-L-BLUE',
    v_1_value_1: 'L',
    v_1_value_2: 'Blue',
    v_1_value_3: '',
    v_1_price: '550',
    v_1_stock: '0',
    v_2_sku: '',
    v_2_value_1: '',
    v_2_value_2: '',
    v_2_value_3: '',
    v_2_price: '',
    v_2_stock: '',
    ...overrides,
  };
}

function checkoutForm(key: string): Record<string, string> {
  return {
    name: 'Nusrat Jahan',
    phone: '01712345678',
    email: 'nusrat@example.com',
    address: 'House 12, Road 5, Dhanmondi, Dhaka',
    delivery_instructions: '',
    delivery_date: '',
    delivery_window: '',
    payment_method: 'cod',
    payment_reference: '',
    idempotency_key: key,
  };
}

describeEachDatabase('product variants (chotomoni)', (dialect) => {
  let shop: TestShop;
  let owner: StaffClient;
  let productId: string;
  let queries: string[] = [];
  const variantOf = (sku: string) =>
    shop.app.db.selectFrom('product_variants').selectAll().where('sku', '=', sku).executeTakeFirstOrThrow();

  beforeAll(async () => {
    shop = await openTestShop(dialect, 'chotomoni', { onQuery: (sql) => queries.push(sql) });
    owner = await signInStaff(shop, 'owner', 'owner');
  });
  afterAll(async () => shop?.close());

  it('staff give a product two options and variants; an error is shown next to its field with everything typed kept', async () => {
    const categoryId = (await shop.app.catalogAdmin.categories())[0].id;
    const created = await owner.post('/en/staff/catalog/new', shirtForm(categoryId), { follow: false });
    expect(created.status).toBe(303);
    productId = /\/staff\/catalog\/([0-9a-f-]{36})/.exec(created.location ?? '')![1];
    const form = await owner.get(`/en/staff/catalog/${productId}`);
    expect(form.body).toContain(`action="/en/staff/catalog/${productId}/variants"`);
    // The option names are typed in each language's direction.
    expect(form.body).toMatch(/id="f-option_1_fa" name="option_1_fa" value dir="rtl" lang="fa-IR"/);

    // A variant without a colour: refused, the error next to that field, what was typed kept.
    const refused = await owner.post(`/en/staff/catalog/${productId}/variants`, variantsForm({ v_1_value_2: '' }));
    expect(refused.status).toBe(422);
    expect(refused.body).toMatch(/id="f-v_1_value_2-error">Enter a value for each named option\.</);
    expect(refused.body).toContain('value="TSHIRT-L-BLUE"');
    expect(refused.body).toContain('value="550"');
    expect(await shop.app.db.selectFrom('product_variants').selectAll().execute()).toEqual([]);

    const saved = await owner.post(`/en/staff/catalog/${productId}/variants`, variantsForm(), { follow: false });
    expect(saved.status).toBe(303);
    const m = await variantOf('TSHIRT-M-RED');
    expect(m).toMatchObject({ value1: 'M', value2: 'Red', value3: '', price_minor: null, status: 'active' });
    expect(Number(m.stock_milli)).toBe(5000);
    expect(Number((await variantOf('TSHIRT-L-BLUE')).price_minor)).toBe(55000);
    // The initial stock of the variant is the first line of its history.
    const edit = (await shop.app.catalogAdmin.product(productId))!;
    expect(edit.history).toEqual([
      expect.objectContaining({ variantSku: 'TSHIRT-M-RED', reason: 'initial', deltaMilli: 5000 }),
    ]);
    // A variant's SKU is unique among products and variants.
    const clash = await owner.post(
      `/en/staff/catalog/${productId}/variants`,
      variantsForm({ v_2_sku: 'TSHIRT', v_2_value_1: 'S', v_2_value_2: 'Red' }),
    );
    expect(clash.status).toBe(409);
    expect(clash.body).toMatch(/id="f-v_2_sku-error">Another product or variant has this SKU\.</);
    // The staff list shows the variants and their stock together.
    const list = textOf((await owner.get('/en/staff/catalog?q=TSHIRT')).body);
    expect(list).toContain('5 pieces 2 variants');

    // No N+1: the product page and the staff list cost the same number of queries with one variant more.
    // The outbox worker would count its own queries: paused while counting.
    const cost = () =>
      withOutboxPaused(shop, async () => {
        queries = [];
        await new FormClient(shop.server).get(`/en/p/${productId}`);
        const page = queries.length;
        queries = [];
        await owner.get('/en/staff/catalog?q=TSHIRT');
        return { page, list: queries.length };
      });
    const before = await cost();
    const l = await variantOf('TSHIRT-L-BLUE');
    await owner.get(`/en/staff/catalog/${productId}`);
    const third = await owner.post(
      `/en/staff/catalog/${productId}/variants`,
      variantsForm({ v_0_id: m.id, v_1_id: l.id, v_2_sku: 'TSHIRT-S-RED', v_2_value_1: 'S', v_2_value_2: 'Red' }),
      { follow: false },
    );
    expect(third.status).toBe(303);
    // An existing variant's stock is not set by this form: M keeps its 5.
    expect(Number((await variantOf('TSHIRT-M-RED')).stock_milli)).toBe(5000);
    expect(await cost()).toEqual(before);
    expect(textOf((await owner.get('/en/staff/catalog?q=TSHIRT')).body)).toContain('5 pieces 3 variants');
  });

  it('the storefront offers each variant with its label and price; one out of stock is disabled and says so', async () => {
    const page = await new FormClient(shop.server).get(`/en/p/${productId}`);
    const text = textOf(page.body);
    const taka = (minor: number) => formatMoney(minor, 'BDT', 'en');
    expect(text).toContain('Choose: Size · Colour');
    expect(text).toContain(`Size: M / Colour: Red · ${taka(45000)} · 5 pieces in stock`);
    expect(text).toContain(`Size: L / Colour: Blue · ${taka(55000)} · Out of stock`);
    const m = await variantOf('TSHIRT-M-RED');
    const l = await variantOf('TSHIRT-L-BLUE');
    expect(page.body).toMatch(new RegExp(`id="f-variant-${m.id}" name="variant" value="${m.id}" required`));
    expect(page.body).toMatch(new RegExp(`id="f-variant-${l.id}" name="variant" value="${l.id}" disabled`));
    // The Bengali page: option names and money in Bengali.
    const bn = textOf((await new FormClient(shop.server).get(`/bn/p/${productId}`)).body);
    expect(bn).toContain(`সাইজ: M / রং: Red · ${formatMoney(45000, 'BDT', 'bn')}`);
  });

  it('adding without a choice, or an out-of-stock variant, is refused with a localised message and loses nothing', async () => {
    const customer = new FormClient(shop.server);
    await customer.get(`/bn/p/${productId}`);
    const none = await customer.post('/bn/cart/add', { product: productId, quantity: '২' });
    expect(none.status).toBe(422);
    expect(textOf(none.body)).toContain(translator('bn')('variant.errorChoose'));
    expect(none.body).toMatch(/id="f-quantity"[^>]*value="২"/);
    const l = await variantOf('TSHIRT-L-BLUE');
    const sold = await customer.post('/bn/cart/add', { product: productId, variant: l.id, quantity: '1' });
    expect(sold.status).toBe(422);
    expect(textOf(sold.body)).toContain(translator('bn')('variant.errorOutOfStock'));
    const forged = await customer.post('/en/cart/add', {
      product: productId,
      variant: '00000000-0000-0000-0000-000000000000',
      quantity: '1',
    });
    expect(forged.status).toBe(422);
    expect(textOf(forged.body)).toContain('That option is no longer on sale.');
    // More than the variant has: the quantity error, the choice kept.
    const m = await variantOf('TSHIRT-M-RED');
    const many = await customer.post('/en/cart/add', { product: productId, variant: m.id, quantity: '6' });
    expect(many.status).toBe(422);
    expect(many.body).toMatch(new RegExp(`id="f-variant-${m.id}" name="variant" value="${m.id}" checked`));
    expect(textOf((await customer.get('/en/cart')).body)).toContain('Your cart is empty');
  });

  it('a customer buys a variant: its stock drops, the cart and the order show its label, the line its SKU and price', async () => {
    const customer = new FormClient(shop.server);
    const m = await variantOf('TSHIRT-M-RED');
    await customer.get(`/en/p/${productId}`);
    const cart = await customer.post('/en/cart/add', { product: productId, variant: m.id, quantity: '2' });
    expect(cart.status).toBe(200);
    expect(textOf(cart.body)).toContain('Cotton T-shirt Size: M / Colour: Red');
    // The line is the variant's: more than the variant holds is refused on its own box, what was typed kept.
    const tooMany = await customer.post('/en/cart/update', { product: productId, variant: m.id, quantity: '6' });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatch(new RegExp(`id="f-q-${productId}-${m.id}"[^>]*value="6"[^>]*aria-invalid="true"`));
    await customer.post('/en/cart/update', { product: productId, variant: m.id, quantity: '2' });
    const page = await customer.get('/en/checkout');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)![1];
    const done = await customer.post('/en/checkout', checkoutForm(key));
    expect(textOf(done.body)).toContain('Your order has been placed');
    expect(textOf(done.body)).toContain('Size: M / Colour: Red');
    const code = /<bdi dir="ltr" class="ltr">([0-9A-Z]{5}-[0-9A-Z]{5})<\/bdi>/.exec(done.body)![1];
    const order = (await shop.app.orders.byCode(code))!;
    expect(order.lines).toEqual([
      expect.objectContaining({
        sku: 'TSHIRT-M-RED',
        name: 'Cotton T-shirt',
        variantLabel: 'Size: M / Colour: Red',
        quantityMilli: 2000,
        unitPriceMinor: 45000,
      }),
    ]);
    expect(Number((await variantOf('TSHIRT-M-RED')).stock_milli)).toBe(3000);
    // Cancelling puts the variant's stock back.
    const staff = { kind: 'staff' as const, id: 'test' };
    expect(await shop.app.orders.move(order.id, 'cancelled', staff)).toEqual({ ok: true });
    expect(Number((await variantOf('TSHIRT-M-RED')).stock_milli)).toBe(5000);
    const product = (await shop.app.catalog.byIds([productId], 'en'))[0];
    expect(product).toMatchObject({ variantCount: 3, stockMilli: 5000 });
  });

  it('[KT-10] staff taking an order by phone choose the variant; a sold-out one is refused next to its line, and the order keeps the label', async () => {
    const m = await variantOf('TSHIRT-M-RED');
    const l = await variantOf('TSHIRT-L-BLUE');
    const form = await owner.get('/en/staff/orders/new');
    // Each variant on sale is a choice of its own, named by its SKU and label.
    expect(textOf(form.body)).toContain('TSHIRT-M-RED — Cotton T-shirt, Size: M / Colour: Red');
    expect(form.body).toContain(`value="${productId}:${m.id}"`);
    expect(form.body).not.toContain(`value="${productId}"`);
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1];
    const entry = (line: Record<string, string>) => ({
      ...checkoutForm(key),
      channel: 'phone',
      ...line,
      delivery_area: shop.app.preset.deliveryAreas[0].id,
    });
    const soldOut = await owner.post('/en/staff/orders/new', entry({ product_0: `${productId}:${l.id}`, qty_0: '1' }));
    expect(soldOut.status).toBe(422);
    expect(soldOut.body).toMatch(/id="f-qty_0"[^>]*value="1"[^>]*aria-invalid="true"/);
    expect(soldOut.body).toContain(`value="${productId}:${l.id}" selected`);
    const created = await owner.post('/en/staff/orders/new', entry({ product_0: `${productId}:${m.id}`, qty_0: '2' }), {
      follow: false,
    });
    expect(created.status).toBe(303);
    const orderId = /\/staff\/orders\/([0-9a-f-]{36})/.exec(created.location ?? '')![1];
    const order = (await shop.app.orders.byId(orderId))!;
    expect(order.channel).toBe('phone');
    expect(order.lines).toEqual([
      expect.objectContaining({ sku: 'TSHIRT-M-RED', variantLabel: 'Size: M / Colour: Red', quantityMilli: 2000 }),
    ]);
    expect(Number((await variantOf('TSHIRT-M-RED')).stock_milli)).toBe(3000);
    expect(await shop.app.orders.move(order.id, 'cancelled', { kind: 'staff', id: 'test' })).toEqual({ ok: true });
    expect(Number((await variantOf('TSHIRT-M-RED')).stock_milli)).toBe(5000);
  });

  it('variant stock changes with a reason; an ordered variant is archived when removed, another deleted', async () => {
    const m = await variantOf('TSHIRT-M-RED');
    await owner.get(`/en/staff/catalog/${productId}`);
    const adjusted = await owner.post(
      `/en/staff/catalog/${productId}/stock`,
      { variant: m.id, change: '+4', reason: 'received' },
      { follow: false },
    );
    expect(adjusted.status).toBe(303);
    expect(Number((await variantOf('TSHIRT-M-RED')).stock_milli)).toBe(9000);
    const history = textOf((await owner.get(`/en/staff/catalog/${productId}`)).body);
    expect(history).toMatch(/TSHIRT-M-RED \+4 9 pieces Goods received/);
    // A bulk stock change leaves products with variants out, and says so.
    await owner.get('/en/staff/catalog');
    const bulk = await owner.post('/en/staff/catalog/bulk', {
      ids: [productId],
      bulk_action: 'stock_add',
      bulk_value: '3',
      bulk_reason: 'received',
    });
    expect(bulk.status).toBe(422);
    expect(textOf(bulk.body)).toContain('Products with variants were left out');
    const l = await variantOf('TSHIRT-L-BLUE');
    const removed = await owner.post(
      `/en/staff/catalog/${productId}/variants`,
      variantsForm({
        v_0_id: m.id,
        v_0_remove: '1',
        v_1_id: l.id,
        v_1_remove: '1',
        v_2_id: (await variantOf('TSHIRT-S-RED')).id,
        v_2_sku: 'TSHIRT-S-RED',
        v_2_remove: '1',
      }),
      { follow: false },
    );
    expect(removed.status).toBe(303);
    expect((await variantOf('TSHIRT-M-RED')).status).toBe('archived');
    expect(
      await shop.app.db.selectFrom('product_variants').select('id').where('sku', '=', 'TSHIRT-L-BLUE').execute(),
    ).toEqual([]);
    // Nothing left on sale: the storefront shows the product out of stock, without a cart form.
    const page = textOf((await new FormClient(shop.server).get(`/en/p/${productId}`)).body);
    expect(page).toContain('Out of stock');
  });

  it('imports a WooCommerce variable product with its variations; a broken variation is reported with its reason; a re-import changes nothing', async () => {
    const parent = wooProduct(1, {
      ID: '500',
      Type: 'variable',
      SKU: 'POLO',
      Name: 'Polo shirt',
      'Regular price': '',
      Stock: '',
      'Attribute 1 name': 'Size',
      'Attribute 1 value(s)': 'S, M',
      'Attribute 2 name': 'Colour',
      'Attribute 2 value(s)': 'White, Navy',
    });
    const variation = (sku: string, parentRef: string, size: string, colour: string, extra = {}) =>
      wooProduct(2, {
        ID: '',
        Type: 'variation',
        SKU: sku,
        Name: `Polo shirt - ${size}, ${colour}`,
        Parent: parentRef,
        'Regular price': '600',
        Stock: '7',
        'Attribute 1 name': 'Size',
        'Attribute 1 value(s)': size,
        'Attribute 2 name': 'Colour',
        'Attribute 2 value(s)': colour,
        ...extra,
      });
    const csv = wooCsv([
      parent,
      variation('POLO-S-WHITE', 'POLO', 'S', 'White', { 'Sale price': '550' }),
      variation('POLO-M-NAVY', 'id:500', 'M', 'Navy', { 'Regular price': '650', Stock: '3' }),
      variation('POLO-X', 'NO-SUCH-PARENT', 'M', 'White'),
      variation('POLO-NOCOLOUR', 'POLO', 'S', ''),
    ]);
    const job = await shop.app.catalogImport.importCsv({ csv, actor: 'test', locale: 'en' });
    expect(job).toMatchObject({ status: 'done', created: 3, failed: 2 });
    const failures = await shop.app.catalogImport.failures(job.id);
    expect(failures.map((f) => [f.row, f.sku, f.reason, f.detail])).toEqual([
      [5, 'POLO-X', 'unknown_parent', 'NO-SUCH-PARENT'],
      [6, 'POLO-NOCOLOUR', 'missing_attribute_value', 'Colour'],
    ]);
    const report = textOf((await owner.get(`/en/staff/catalog/import/${job.id}`)).body);
    expect(report).toContain('is not a variable product of this file or of the shop');
    expect(report).toContain('The variation has no value for one of its parent’s options.');
    const white = await variantOf('POLO-S-WHITE');
    expect(white).toMatchObject({ value1: 'S', value2: 'White' });
    expect(Number(white.price_minor)).toBe(55000);
    expect(Number(white.stock_milli)).toBe(7000);
    const navy = await variantOf('POLO-M-NAVY');
    expect(navy.product_id).toBe(white.product_id);
    expect(Number(navy.price_minor)).toBe(65000);
    const polo = (await shop.app.catalog.product(white.product_id, 'en'))!;
    expect(polo.options).toEqual(['Size', 'Colour']);
    expect(polo.variants.map((v) => v.label)).toEqual(['Size: S / Colour: White', 'Size: M / Colour: Navy']);
    // The import's stock is in the variant's history.
    const history = (await shop.app.catalogAdmin.product(white.product_id))!.history;
    expect(history.map((h) => [h.variantSku, h.reason, h.deltaMilli]).sort()).toEqual([
      ['POLO-M-NAVY', 'import', 3000],
      ['POLO-S-WHITE', 'import', 7000],
    ]);
    const again = await shop.app.catalogImport.importCsv({ csv, actor: 'test', locale: 'en' });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, failed: 2 });
    // A variation of a product the shop already has, in another language than its option names: matched by the
    // names in the shop's language; no price of its own is the product's.
    const alone = wooCsv([
      variation('TSHIRT-S-GREEN', 'TSHIRT', '', '', {
        'Regular price': '',
        'Attribute 1 name': 'সাইজ',
        'Attribute 1 value(s)': 'S',
        'Attribute 2 name': 'রং',
        'Attribute 2 value(s)': 'Green',
      }),
    ]);
    expect(await shop.app.catalogImport.importCsv({ csv: alone, actor: 'test', locale: 'vi' })).toMatchObject({
      created: 1,
      failed: 0,
    });
    expect(await variantOf('TSHIRT-S-GREEN')).toMatchObject({ product_id: productId, value1: 'S', value2: 'Green' });
    expect((await variantOf('TSHIRT-S-GREEN')).price_minor).toBeNull();
  });

  it('the export writes variable and variation rows that import into another shop as they were, and back unchanged', async () => {
    let csv = '';
    for await (const piece of exportCatalogCsv(shop.app.db, shop.app.preset, 'en', 'http://localhost')) csv += piece;
    expect(csv).toMatch(/^variable,POLO,Polo shirt,1,/m);
    expect(csv).toMatch(/^variation,POLO-S-WHITE,"Polo shirt - S, White",1,,,550,,,7,/m);
    expect(csv).toMatch(/,Size,S,Colour,White,,,POLO\r$/m);
    const fresh = await openTestShop(dialect, 'chotomoni', { seed: false });
    try {
      const job = await fresh.app.catalogImport.importCsv({ csv: Buffer.from(csv), actor: 'test', locale: 'en' });
      expect(job.failed).toBe(0);
      const read = async (s: TestShop) =>
        (
          await s.app.db
            .selectFrom('product_variants as v')
            .innerJoin('products as p', 'p.id', 'v.product_id')
            .select(['v.sku', 'p.sku as parent', 'v.value1', 'v.value2', 'v.value3', 'v.price_minor', 'v.stock_milli'])
            .select('v.status')
            .orderBy('v.sku')
            .execute()
        ).map((r) => ({
          ...r,
          price_minor: r.price_minor === null ? null : Number(r.price_minor),
          stock_milli: Number(r.stock_milli),
        }));
      expect(await read(fresh)).toEqual(await read(shop));
      const options = async (s: TestShop) =>
        (
          await s.app.db
            .selectFrom('product_options as o')
            .innerJoin('products as p', 'p.id', 'o.product_id')
            .select(['p.sku', 'o.position', 'o.name'])
            .where('o.locale', '=', 'en')
            .orderBy('p.sku')
            .orderBy('o.position')
            .execute()
        ).map((r) => ({ ...r, position: Number(r.position) }));
      expect(await options(fresh)).toEqual(await options(shop));
    } finally {
      await fresh.close();
    }
    const variantsBefore = await shop.app.db.selectFrom('product_variants').selectAll().orderBy('sku').execute();
    const back = await shop.app.catalogImport.importCsv({ csv: Buffer.from(csv), actor: 'test', locale: 'en' });
    expect(back).toMatchObject({ created: 0, failed: 0 });
    expect(await shop.app.db.selectFrom('product_variants').selectAll().orderBy('sku').execute()).toEqual(
      variantsBefore,
    );
  }, 60_000);
});
