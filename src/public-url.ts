import type { Locale } from './i18n/locales.ts';

/**
 * The shop's public address, for links in e-mails and absolute links in pages: from PUBLIC_URL, or set by `serve`
 * once it knows its port. Never taken from a request's Host header, which a visitor controls.
 */
export class PublicUrl {
  constructor(private base: string) {}

  get origin(): string {
    return this.base.replace(/\/+$/, '');
  }

  set(url: string): void {
    this.base = url;
  }

  /** An absolute link to a page of the shop in a language: `link('bn', '/order-status')`. */
  link(locale: Locale, path: string): string {
    return `${this.origin}/${locale}${path}`;
  }
}
