import sharp from 'sharp';
import { expect } from 'vitest';
import type { StaffRole } from '../../src/modules/staff/permissions.ts';
import { FormClient, type Page } from './browser.ts';
import type { TestShop } from './shop.ts';

export const STAFF_PASSWORD = 'correct horse battery staple';

/**
 * A signed-in staff member's client: FormClient for ordinary forms, plus multipart posts (photos, imports) sent with
 * the same cookie and CSRF token, as a browser sends a form with a file input.
 */
export class StaffClient extends FormClient {
  constructor(private readonly shop: TestShop) {
    super(shop.server);
  }

  async postFiles(
    url: string,
    fields: Record<string, string>,
    files: Record<string, { data: Buffer; name: string; type: string }>,
    options: { follow?: boolean } = {},
  ): Promise<Page> {
    const { cookie, csrf } = this.held();
    const form = new FormData();
    form.set('_csrf', csrf);
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    for (const [k, f] of Object.entries(files))
      form.set(k, new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
    const request = new Request('http://localhost/', { method: 'POST', body: form });
    const res = await this.shop.server.inject({
      method: 'POST',
      url,
      payload: Buffer.from(await request.arrayBuffer()),
      headers: {
        host: 'localhost:80',
        origin: 'http://localhost:80',
        cookie,
        'content-type': request.headers.get('content-type')!,
      },
    });
    const result: Page = {
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      location: res.headers.location as string | undefined,
    };
    if (options.follow !== false && result.status === 303 && result.location) return this.get(result.location);
    return result;
  }

  /** The session cookie and CSRF token FormClient keeps (private there) from the last page it saw. */
  private held(): { cookie: string; csrf: string } {
    return this as unknown as { cookie: string; csrf: string };
  }
}

/** A staff account of the role, signed in. */
export async function signInStaff(shop: TestShop, role: StaffRole, username = `${role}-${Date.now()}`) {
  await shop.app.staff.create({ username, displayName: `Test ${role}`, role, password: STAFF_PASSWORD });
  const client = new StaffClient(shop);
  await client.get('/en/staff/login');
  const page = await client.post('/en/staff/login', { username, password: STAFF_PASSWORD });
  expect(page.status).toBe(200);
  return client;
}

/** A small photo with EXIF (camera and GPS) in it, as a phone would upload. */
export async function phonePhoto(colour = '#b03a2e', width = 1200, height = 900): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestPhone', Model: 'X1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 46/1 0/1' } })
    .toBuffer();
}
