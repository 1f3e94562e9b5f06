import { DIRECTION, INTL_TAG, type Locale } from '../../i18n/locales.ts';
import { translate } from '../../i18n/translate.ts';
import type { MailMessage } from '../../notify/mailer.ts';
import type { Preset } from '../../presets/types.ts';
import { ownDeliveryMessage, statusMessage } from '../fulfilment/own-delivery-wording.ts';
import type { DetailRequest, OrderStatus } from './lifecycle.ts';

export interface StatusNotice {
  code: string;
  status: OrderStatus;
  /** What the shop asks for, when the order waits for the customer's details (KN-06). */
  request?: DetailRequest;
  /** The order-status page, with the code filled in. */
  link: string;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * HK-03: the e-mail for an order placed or moved to a new status, in the order's language: a plain-text part and
 * an HTML part laid out in the language's direction, the order code and the link isolated left to right.
 */
export function statusMail(locale: Locale, preset: Preset, to: string, notice: StatusNotice): MailMessage {
  const shop = preset.identity.name[locale];
  const status = translate(locale, statusMessage(notice.status, preset.storefront));
  const subject = translate(locale, 'mail.order.subject', { shop, code: notice.code, status });
  const paragraphs = [
    translate(locale, ownDeliveryMessage(`mail.order.${notice.status}`, preset.storefront), {
      shop,
      code: notice.code,
    }),
    ...(notice.request ? [translate(locale, `mail.order.request.${notice.request}`)] : []),
    translate(locale, 'mail.order.follow'),
  ];
  const footer = translate(locale, 'mail.order.footer', { shop });
  const text = `${paragraphs.join('\n\n')}\n\n${notice.link}\n\n— ${shop}\n${footer}\n`;
  const html = `<!doctype html><html lang="${INTL_TAG[locale]}" dir="${DIRECTION[locale]}"><body style="font-family:sans-serif;line-height:1.5">
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(escapeHtml(notice.code), `<bdi dir="ltr">${notice.code}</bdi>`)}</p>`).join('\n')}
<p><a href="${escapeHtml(notice.link)}" dir="ltr">${escapeHtml(notice.link)}</a></p>
<p>— ${escapeHtml(shop)}<br><small>${escapeHtml(footer)}</small></p>
</body></html>`;
  return { to, subject, text, html };
}

/**
 * The SMS for the same change, where the shop sends order updates by SMS: short, with the link, and what the shop
 * asks for when it waits for the customer's details (a buyer without e-mail learns it only here).
 */
export function statusSms(locale: Locale, preset: Preset, notice: StatusNotice): string {
  const shop = preset.identity.name[locale];
  const status = translate(locale, statusMessage(notice.status, preset.storefront));
  const text = translate(locale, 'sms.order', { shop, code: notice.code, status, link: notice.link });
  return notice.request ? `${text} ${translate(locale, `mail.order.request.${notice.request}`)}` : text;
}
