import type { FastifyInstance } from 'fastify';

export interface Page {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  location?: string;
}

/**
 * A cookie-keeping client over Fastify's inject (no sockets): it follows redirects like a browser, sends the Origin
 * header, and fills the CSRF token from the last page it saw.
 */
export class FormClient {
  private cookie = '';
  private csrf = '';

  constructor(
    private readonly server: FastifyInstance,
    /** The Origin the client's forms claim to come from; a foreign one simulates a cross-site form. */
    private readonly origin = 'http://localhost:80',
  ) {}

  async get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await this.server.inject({ method: 'GET', url, headers: { ...this.headers(), ...headers } });
    return this.receive(res, url);
  }

  async post(
    url: string,
    /** A field with several values (checkboxes of one name) is an array. */
    form: Record<string, string | string[]>,
    options: { follow?: boolean; csrf?: string } = {},
  ): Promise<Page> {
    const fields = Object.entries({ _csrf: options.csrf ?? this.csrf, ...form });
    const body = new URLSearchParams(fields.flatMap(([k, v]) => [v].flat().map((one) => [k, one]))).toString();
    const res = await this.server.inject({
      method: 'POST',
      url,
      payload: body,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded', origin: this.origin },
    });
    const page = await this.receive(res, url);
    if (options.follow !== false && page.status === 303 && page.location) return this.get(page.location);
    return page;
  }

  get hasCookie(): boolean {
    return this.cookie !== '';
  }

  private headers(): Record<string, string> {
    return { host: 'localhost:80', ...(this.cookie ? { cookie: this.cookie } : {}) };
  }

  private async receive(res: Awaited<ReturnType<FastifyInstance['inject']>>, _url: string): Promise<Page> {
    const setCookie = res.headers['set-cookie'];
    for (const c of [setCookie ?? []].flat()) {
      const [pair] = c.split(';');
      const [name, value] = pair.split('=');
      this.cookie = value ? `${name}=${value}` : '';
    }
    const csrf = /name="_csrf" value="([^"]*)"/.exec(res.body);
    if (csrf) this.csrf = csrf[1];
    return {
      status: res.statusCode,
      headers: res.headers,
      body: res.body,
      location: res.headers.location as string | undefined,
    };
  }
}

/** The text of an HTML page without tags, for assertions about what a person reads. */
export function textOf(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');
}
