import type { TestPerson } from './run.ts';

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

/**
 * One browser over real HTTP: keeps the session cookie, sends our Origin, fills the CSRF token from the last page
 * it read, and does not follow redirects (the tests look at each answer). A request the server never answered (it
 * was killed) rejects.
 */
export class HttpClient {
  cookie = '';
  csrf = '';

  constructor(private readonly base: () => string) {}

  async get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.send('GET', path, undefined, headers);
  }

  async post(path: string, form: Record<string, string>, options: { csrf?: string } = {}): Promise<Answer> {
    const body = new URLSearchParams({ _csrf: options.csrf ?? this.csrf, ...form }).toString();
    return this.send('POST', path, body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  async send(method: string, path: string, body: string | undefined, headers: Record<string, string>): Promise<Answer> {
    const res = await fetch(`${this.base()}${path}`, {
      method,
      body,
      redirect: 'manual',
      headers: { origin: this.base(), ...(this.cookie ? { cookie: this.cookie } : {}), ...headers },
    });
    const text = await res.text();
    for (const c of res.headers.getSetCookie()) {
      const [name, value] = c.split(';')[0].split('=');
      this.cookie = value ? `${name}=${value}` : '';
    }
    const csrf = /name="_csrf" value="([^"]*)"/.exec(text);
    if (csrf) this.csrf = csrf[1];
    return { status: res.status, headers: res.headers, body: text, location: res.headers.get('location') };
  }
}

export const ORDER_CODE = /\/order\/([0-9A-Z]{5}-[0-9A-Z]{5})$/;

export function checkoutForm(person: TestPerson, idempotencyKey: string): Record<string, string> {
  return {
    name: person.name,
    phone: person.phone,
    email: person.email,
    address: person.address,
    delivery_instructions: '',
    delivery_date: '',
    delivery_window: '',
    payment_method: 'cod',
    payment_reference: '',
    idempotency_key: idempotencyKey,
  };
}

/** A buyer with one unit of a product in the cart and the checkout form open: what is left is pressing "Order". */
export async function readyToOrder(
  client: HttpClient,
  productId: string,
  locale = 'en',
): Promise<{ idempotencyKey: string } | 'sold out'> {
  const added = await client.post(`/${locale}/cart/add`, { product: productId, quantity: '1' });
  // The product page again, saying how many are left (none).
  if (added.status === 422) return 'sold out';
  if (added.status !== 303) throw new Error(`add to cart answered ${added.status}`);
  const page = await client.get(`/${locale}/checkout`);
  const key = /name="idempotency_key" value="([^"]+)"/.exec(page.body)?.[1];
  if (page.status !== 200 || !key) throw new Error(`the checkout page answered ${page.status}`);
  return { idempotencyKey: key };
}
