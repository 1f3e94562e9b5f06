import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type EncodedImage,
  encodeImage,
  ImageRejected,
  MAX_IMAGE_BYTES,
  saveImage,
} from '../src/modules/catalog/images.ts';
import { describeEachDatabase, openTestShop, type TestShop } from './helpers/shop.ts';

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="Jane Photographer"/></rdf:RDF></x:xmpmeta>`;

/**
 * A phone-style JPEG: stored `width`×`height` with orientation 6 (shown turned a quarter clockwise), a camera EXIF
 * block with a GPS position, XMP naming the photographer and a Display P3 ICC profile. The stored picture's left
 * quarter is blue, the rest red, so that after the turn the top is blue.
 */
async function phoneJpeg(width: number, height: number): Promise<Buffer> {
  const blue = { create: { width: width / 4, height, channels: 3 as const, background: '#0000ff' } };
  return sharp({ create: { width, height, channels: 3, background: '#ff0000' } })
    .composite([{ input: blue, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withIccProfile('p3')
    .withExif({
      IFD0: { Make: 'Test Camera Co', Model: 'Pocket 9' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '23/1 48/1 1234/100',
        GPSLongitudeRef: 'E',
        GPSLongitude: '90/1 24/1 5678/100',
        GPSMapDatum: 'WGS-84',
      },
    })
    .withXmp(XMP)
    .toBuffer();
}

/** Byte strings that would betray metadata: WebP's EXIF/XMP/ICC chunks and what the test photo carries. */
const TELLTALES = ['Exif', 'EXIF', 'GPS', 'WGS-84', 'XMP', 'xmpmeta', 'Jane Photographer', 'ICCP', 'Test Camera'];

describe('uploaded images', () => {
  let mediaDir: string;
  beforeEach(() => {
    mediaDir = mkdtempSync(join(tmpdir(), 'amanat-images-'));
  });
  afterEach(() => rmSync(mediaDir, { recursive: true, force: true }));

  /** Encodes and saves, as an upload would be. */
  async function store(input: Buffer): Promise<EncodedImage> {
    const image = await encodeImage(input);
    await saveImage(image, mediaDir);
    return image;
  }

  async function expectClean(stored: EncodedImage): Promise<void> {
    expect(stored.name).toMatch(/^[0-9a-f]{32}-\d+x\d+$/);
    expect(readdirSync(mediaDir).sort()).toEqual(stored.variants.map((v) => v.file).sort());
    for (const variant of stored.variants) {
      expect(variant.file).toMatch(/^[0-9a-f]{32}-\d+\.webp$/);
      const bytes = readFileSync(join(mediaDir, variant.file));
      const meta = await sharp(bytes).metadata();
      expect(meta.format).toBe('webp');
      expect([meta.width, meta.height]).toEqual([variant.width, variant.height]);
      expect(meta.exif, variant.file).toBeUndefined();
      expect(meta.xmp, variant.file).toBeUndefined();
      expect(meta.icc, variant.file).toBeUndefined();
      expect(meta.orientation, variant.file).toBeUndefined();
      for (const telltale of TELLTALES) expect(bytes.includes(telltale), `${variant.file}: ${telltale}`).toBe(false);
    }
  }

  it('stores WebP at 240, 480 and 960 px, turned upright, with EXIF, GPS, XMP and the ICC profile gone', async () => {
    const input = await phoneJpeg(1600, 1000);
    const source = await sharp(input).metadata();
    expect(source.orientation).toBe(6);
    expect(source.icc).toBeDefined();
    expect(source.xmp).toBeDefined();
    expect(source.exif?.includes('WGS-84')).toBe(true); // the GPS block is really there

    const stored = await store(input);
    // Turned a quarter: 1600×1000 stored is 1000×1600 upright.
    expect(stored.variants.map((v) => [v.width, v.height])).toEqual([
      [240, 384],
      [480, 768],
      [960, 1536],
    ]);
    expect([stored.width, stored.height]).toEqual([960, 1536]);
    expect(stored.name).toBe(`${stored.variants[0].file.split('-')[0]}-960x1536`);
    await expectClean(stored);
    // The stored picture's left edge (blue) is now the top.
    const top = await sharp(join(mediaDir, stored.variants[1].file))
      .extract({ left: 240, top: 20, width: 1, height: 1 })
      .raw()
      .toBuffer();
    expect(top[2]).toBeGreaterThan(200);
    expect(top[0]).toBeLessThan(60);

    // Content-addressed: the same upload is the same files.
    expect((await store(input)).name).toBe(stored.name);
  });

  it('never enlarges a small picture: only the widths it has, and its own width last', async () => {
    const small = await store(await phoneJpeg(400, 320)); // 320×400 upright
    expect(small.variants.map((v) => v.width)).toEqual([240, 320]);
    await expectClean(small);
    const tiny = await sharp({ create: { width: 120, height: 90, channels: 4, background: '#08f8' } })
      .png()
      .toBuffer();
    const tinyImage = await encodeImage(tiny);
    expect(tinyImage.variants.map((v) => [v.width, v.height])).toEqual([[120, 90]]);
  });

  it('refuses what is not a JPEG, PNG or WebP picture, and pictures too big, with a reason to show', async () => {
    const refusal = (input: Buffer) =>
      store(input).then(
        () => 'stored',
        (e: unknown) => (e instanceof ImageRejected ? e.reason : e),
      );
    expect(await refusal(Buffer.from('%PDF-1.7 not a picture'))).toBe('not_an_image');
    expect(await refusal(Buffer.alloc(0))).toBe('not_an_image');
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
    expect(await refusal(svg)).toBe('not_an_image');
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    expect(await refusal(gif)).toBe('not_an_image');
    const jpeg = await phoneJpeg(400, 320);
    expect(await refusal(jpeg.subarray(0, 200))).toBe('not_an_image');
    // 8000×5200 is 41.6 megapixels: over the limit, refused from the header before any decoding.
    const huge = await sharp({ create: { width: 8000, height: 5200, channels: 3, background: '#777' } })
      .jpeg({ quality: 10 })
      .toBuffer();
    expect(await refusal(huge)).toBe('too_large');
    expect(await refusal(Buffer.concat([jpeg, Buffer.alloc(MAX_IMAGE_BYTES)]))).toBe('too_large');
    expect(readdirSync(mediaDir)).toEqual([]);
  });
});

describeEachDatabase('the demo catalogue photos', (dialect) => {
  let shop: TestShop;
  beforeAll(async () => {
    shop = await openTestShop(dialect, 'khatra');
  });
  afterAll(async () => shop?.close());

  it('every product has a photo of its own, in every variant, shown with srcset', async () => {
    const rows = await shop.app.db
      .selectFrom('product_images')
      .select(['product_id', 'file', 'width', 'height'])
      .execute();
    // khatra's presets share colours between products; their photos must differ anyway.
    expect(rows).toHaveLength(shop.app.preset.products.length);
    expect(new Set(rows.map((r) => r.product_id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => r.file)).size).toBe(rows.length);
    const files = new Set(readdirSync(shop.app.mediaDir));
    for (const row of rows) {
      expect([row.width, row.height]).toEqual([960, 960]);
      const digest = row.file.split('-')[0];
      expect(row.file).toBe(`${digest}-960x960`);
      for (const width of [240, 480, 960]) expect(files.has(`${digest}-${width}.webp`)).toBe(true);
    }

    const home = (await shop.server.inject({ method: 'GET', url: '/vi/' })).body;
    const card = home.match(/<img [^>]*>/)![0];
    expect(card).toContain('loading="lazy"');
    expect(card).toContain('width="240" height="240"');
    expect(card).toMatch(/srcset="\/media\/[0-9a-f]{32}-240\.webp 240w, [^"]+-480\.webp 480w, [^"]+-960\.webp 960w"/);

    const product = (await shop.app.catalog.list({ locale: 'vi' })).items[0];
    const page = (await shop.server.inject({ method: 'GET', url: `/vi/p/${product.id}` })).body;
    const photo = page.match(/<img [^>]*>/)![0];
    expect(photo).toContain(`alt="${product.name}"`);
    expect(photo).toContain('width="480" height="480"');
    expect(photo).not.toContain('loading=');
    const src = photo.match(/src="([^"]+)"/)![1];
    const media = await shop.server.inject({ method: 'GET', url: src });
    expect(media.statusCode).toBe(200);
    expect(media.headers['content-type']).toBe('image/webp');
  });
});
