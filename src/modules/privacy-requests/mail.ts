import { DIRECTION, INTL_TAG, type Locale } from '../../i18n/locales.ts';
import { type MessageKey, translate } from '../../i18n/translate.ts';
import type { MailMessage } from '../../notify/mailer.ts';
import type { Preset } from '../../presets/types.ts';

export type RequestMailKind = 'code' | 'export' | 'answer';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * An e-mail about a privacy request in the requester's language: the code that proves an address, the export's
 * download link, or an answer from staff. Plain text and HTML laid out in the language's direction.
 */
export function requestMail(
  locale: Locale,
  preset: Preset,
  kind: RequestMailKind,
  to: string,
  values: { code?: string; link?: string; ref?: string; message?: string },
): MailMessage {
  const shop = preset.identity.name[locale];
  const t = (key: MessageKey) =>
    translate(locale, key, { shop, code: values.code ?? '', ref: values.ref ?? '', link: values.link ?? '' });
  const subject = t(`dsr.mail.${kind}.subject`);
  const body = t(`dsr.mail.${kind}.body`);
  const extra = values.code ?? values.link ?? values.message ?? '';
  const text = `${body}\n\n${extra}\n\n— ${shop}\n`;
  const dir = DIRECTION[locale];
  const shown = values.link
    ? `<a href="${escapeHtml(values.link)}" dir="ltr">${escapeHtml(values.link)}</a>`
    : values.code
      ? `<strong dir="ltr">${escapeHtml(values.code)}</strong>`
      : escapeHtml(values.message ?? '').replace(/\n/g, '<br>');
  const html = `<!doctype html><html lang="${INTL_TAG[locale]}" dir="${dir}"><body style="font-family:sans-serif;line-height:1.5">
<p>${escapeHtml(body)}</p>
<p>${shown}</p>
<p>— ${escapeHtml(shop)}</p>
</body></html>`;
  return { to, subject, text, html };
}
